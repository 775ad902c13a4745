"""The backup drill: back up the database and every stored file, restore into a fresh database
and fresh folders, and compare every table's row count and every file's SHA-256."""

import io
import os
import sqlite3
import stat
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import pytest
from PIL import Image

from audit import services as audit
from audit.models import Action
from community.factories import UserFactory
from complaints import builders as complaint_factories
from complaints.images import CleanPhoto
from complaints.models import ComplaintPhoto
from portal import backup


@pytest.fixture(autouse=True)
def _migrated(migrated_state, django_db_blocker):
    """Earlier transactional tests emptied the database: start from the migrated state."""
    import json

    from django.contrib.contenttypes.models import ContentType

    objects = json.loads(migrated_state)
    objects.sort(key=lambda obj: obj["model"] != "contenttypes.contenttype")
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(json.dumps(objects))
        ContentType.objects.clear_cache()


def _photo() -> CleanPhoto:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    return CleanPhoto(buffer.getvalue(), "jpg", "image/jpeg", 8, 8)


def _portal_data():
    """A complaint with photos (private files), a document (public media), audit entries."""
    from wagtail.documents import get_document_model

    UserFactory(username="official", groups=["Officials"])
    complaint = complaint_factories.submit(photos=[_photo(), _photo()]).complaint
    get_document_model().objects.create(
        title="凭证", file=ContentFile(b"%PDF-1.4 voucher", name="voucher.pdf")
    )
    audit.record(Action.LOGIN, actor_label="drill")
    return complaint


def _modes(folder: Path) -> set[str]:
    found = {oct(stat.S_IMODE(folder.stat().st_mode))}
    for path in folder.rglob("*"):
        found.add(oct(stat.S_IMODE(path.stat().st_mode)) + ("/" if path.is_dir() else ""))
    return found


def _fresh_database(tmp_path: Path) -> dict:
    if connection.vendor == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "fresh.sqlite3")}
    import psycopg

    name = f"{connection.settings_dict['NAME']}_drill"
    with psycopg.connect(dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return {**connection.settings_dict, "NAME": name}


def _drop(database: dict) -> None:
    if connection.vendor == "postgresql":
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database["NAME"]}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_drill_restores_every_row_and_every_file(tmp_path):
    complaint = _portal_data()
    photos = list(ComplaintPhoto.objects.filter(complaint=complaint))
    assert len(photos) == 2
    target = tmp_path / "backup"
    made = backup.create(target)

    # Only the owner can read it.
    assert _modes(target) == {"0o700", "0o700/", "0o600"}
    manifest = backup.check(target)
    assert manifest["tables"]["complaints_complaint"] >= 1
    for photo in photos:
        assert f"complaints-private/{photo.file.name}" in manifest["files"]
    assert any(key.startswith("media/documents/") for key in manifest["files"])

    database = _fresh_database(tmp_path)
    roots = {name: tmp_path / "restored" / name for name in backup.file_roots()}
    try:
        report = backup.restore(target, database=database, roots=roots)
        assert report.problems == []
        assert report.tables == made.tables  # every table, same row count
        assert report.files == made.files  # every file, same SHA-256
        for photo in photos:
            restored = roots["complaints-private"] / photo.file.name
            assert restored.read_bytes() == Path(photo.file.path).read_bytes()

        # Restoring over what is now live data is refused unless told.
        with pytest.raises(backup.BackupError, match="holds"):
            backup.restore(target, database=database, roots=roots)
        assert backup.restore(target, database=database, roots=roots, force=True).problems == []
        _refuses_audit_delete(database)
    finally:
        _drop(database)


def _refuses_audit_delete(database: dict) -> None:
    """The restored database keeps its triggers: the audit log is still append-only."""
    if database["ENGINE"].endswith("sqlite3"):
        conn = sqlite3.connect(database["NAME"])
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit_auditentry")
        conn.close()
        return
    import psycopg

    with (
        psycopg.connect(dbname=database["NAME"]) as conn,
        pytest.raises(psycopg.Error, match="append-only"),
    ):
        conn.execute("DELETE FROM audit_auditentry")


@pytest.mark.django_db(transaction=True)
def test_a_changed_backup_is_refused_before_anything_is_written(tmp_path):
    _portal_data()
    target = tmp_path / "backup"
    backup.create(target)
    photo = next((target / "files" / "complaints-private").rglob("*.jpg"))
    photo.write_bytes(b"not the photo")
    fresh = tmp_path / "fresh.sqlite3"
    with pytest.raises(backup.BackupError, match="missing or changed"):
        backup.restore(
            target,
            database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(fresh)},
            roots={name: tmp_path / name for name in backup.file_roots()},
        )
    assert not fresh.exists()


@pytest.mark.django_db(transaction=True)
def test_commands(tmp_path, capsys):
    _portal_data()
    target = tmp_path / "by-command"
    call_command("backup", str(target))
    out = capsys.readouterr().out
    assert f"Backup written to {target}" in out
    assert backup.read_manifest(target)["tables"]["audit_auditentry"] >= 2
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(target))
    # The live database has data: restoring over it is refused without --force.
    with pytest.raises(CommandError):
        call_command("restore", str(target))
    assert os.listdir(target)
