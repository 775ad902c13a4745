"""Backups that restore everything: the database and every file the portal stores.

A backup is one folder (mode 0700, every file 0600):

    manifest.json          what is inside: SHA-256 of every file, row count of every table
    database.sqlite3       SQLite: a consistent copy made with SQLite's online backup API
    database.pgdump        PostgreSQL: ``pg_dump --format=custom`` of one snapshot
    files/<root>/...       each folder of ``BACKUP_FILE_ROOTS``: public media, private photos

``restore`` checks every hash before it touches anything, refuses to write over a database
that has tables or folders that hold files unless told (``force``), and compares the restored
row counts and file hashes with the manifest afterwards. Functions here take the database as a
settings dict (``settings.DATABASES[alias]``) and the folders as a dict, so a drill can restore
into a fresh database and folder beside the live ones.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

FORMAT = "portal-backup 1"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PGDUMP_FILE = "database.pgdump"
FILES_DIR = "files"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup cannot be written or restored; the message says why."""


@dataclass
class Report:
    tables: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def file_roots() -> dict[str, Path]:
    """The folders the portal stores files in, by name (``BACKUP_FILE_ROOTS``)."""
    return {
        name: Path(getattr(settings, setting_name))
        for name, setting_name in settings.BACKUP_FILE_ROOTS.items()
    }


def vendor_of(database: Mapping[str, Any]) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def _private_umask():
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


# -- SQLite -------------------------------------------------------------------------------------


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def _sqlite_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in _sqlite_tables(conn)
        }
    finally:
        conn.close()


def _sqlite_source(alias: str) -> sqlite3.Connection:
    """The live connection of the portal's database (an in-memory test database has no file)."""
    from django.db import connections

    connection = connections[alias]
    connection.ensure_connection()
    return connection.connection


def _dump_sqlite(alias: str, target: Path) -> None:
    destination = sqlite3.connect(target)
    try:
        _sqlite_source(alias).backup(destination)
    finally:
        destination.close()


def _restore_sqlite(source: Path, database: Mapping[str, Any], force: bool) -> None:
    name = str(database["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("Restore into a database file, not an in-memory database")
    path = Path(name)
    if path.exists() and path.stat().st_size > 0:
        conn = sqlite3.connect(path)
        try:
            has_tables = bool(_sqlite_tables(conn))
        finally:
            conn.close()
        if has_tables and not force:
            raise BackupError(
                f"The database {path} holds data already; restore into a new one, or pass "
                "--force to replace it"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = sqlite3.connect(source)
    target = sqlite3.connect(path)
    try:
        backup.backup(target)
    finally:
        target.close()
        backup.close()


# -- PostgreSQL ---------------------------------------------------------------------------------


def _pg_env(database: Mapping[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        value = database.get(key)
        if value:
            env[variable] = str(value)
    return env


def _pg_connect(database: Mapping[str, Any], **kwargs):
    import psycopg

    params = {
        "dbname": database["NAME"],
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v}, **kwargs)


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _pg_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in _pg_tables(cursor):
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _dump_postgresql(database: Mapping[str, Any], target: Path) -> dict[str, int]:
    """``pg_dump`` of one snapshot, and the row counts of that same snapshot."""
    with _pg_connect(database, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            _pg_env(database),
        )
        counts = _pg_counts(cursor)
        cursor.execute("COMMIT")
    return counts


def _restore_postgresql(source: Path, database: Mapping[str, Any], force: bool) -> None:
    with _pg_connect(database, autocommit=True) as conn, conn.cursor() as cursor:
        has_tables = bool(_pg_tables(cursor))
    if has_tables and not force:
        raise BackupError(
            f"The database {database['NAME']} holds data already; restore into a new one, or "
            "pass --force to replace it"
        )
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
    if has_tables:
        command += ["--clean", "--if-exists"]
    _run([*command, f"--dbname={database['NAME']}", str(source)], _pg_env(database))


def _target_counts(database: Mapping[str, Any]) -> dict[str, int]:
    if vendor_of(database) == "sqlite":
        return _sqlite_counts(Path(database["NAME"]))
    with _pg_connect(database, autocommit=True) as conn, conn.cursor() as cursor:
        return _pg_counts(cursor)


# -- files --------------------------------------------------------------------------------------


def _walk(root: Path):
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _copy_private(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)


# -- backup -------------------------------------------------------------------------------------


def create(
    destination: Path,
    *,
    alias: str = "default",
    roots: Mapping[str, Path] | None = None,
) -> Report:
    """Write a backup of the database ``alias`` and of ``roots`` (default: the portal's
    folders) into ``destination``, a folder that must not exist or be empty."""
    from django.db import connections

    database = connections[alias].settings_dict
    vendor = vendor_of(database)
    roots = file_roots() if roots is None else dict(roots)
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty; give a new folder")
    report = Report()
    with _private_umask():
        destination.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(destination, 0o700)
        if vendor == "sqlite":
            dump = destination / SQLITE_FILE
            _dump_sqlite(alias, dump)
            report.tables = _sqlite_counts(dump)
        else:
            dump = destination / PGDUMP_FILE
            report.tables = _dump_postgresql(database, dump)
        os.chmod(dump, 0o600)
        for name, root in roots.items():
            for path in _walk(Path(root)):
                relative = path.relative_to(root).as_posix()
                _copy_private(path, destination / FILES_DIR / name / relative)
                report.files[f"{name}/{relative}"] = sha256_of(path)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "vendor": vendor,
            "database": {"file": dump.name, "sha256": sha256_of(dump)},
            "roots": {name: str(root) for name, root in roots.items()},
            "tables": report.tables,
            "files": report.files,
        }
        manifest_path = destination / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
        os.chmod(manifest_path, 0o600)
    return report


# -- restore ------------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict[str, Any]:
    path = Path(source) / MANIFEST
    if not path.exists():
        raise BackupError(f"{source} holds no {MANIFEST}: not a portal backup")
    manifest = json.loads(path.read_text("utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}")
    return manifest


def check(source: Path) -> dict[str, Any]:
    """The manifest, once every file of the backup matches its SHA-256."""
    source = Path(source)
    manifest = read_manifest(source)
    bad = []
    dump = source / manifest["database"]["file"]
    if not dump.exists() or sha256_of(dump) != manifest["database"]["sha256"]:
        bad.append(manifest["database"]["file"])
    for name, digest in manifest["files"].items():
        path = source / FILES_DIR / name
        if not path.exists() or sha256_of(path) != digest:
            bad.append(f"{FILES_DIR}/{name}")
    if bad:
        raise BackupError(
            f"{len(bad)} files of the backup are missing or changed: {', '.join(bad[:10])}"
        )
    return manifest


def restore(
    source: Path,
    *,
    database: Mapping[str, Any] | None = None,
    roots: Mapping[str, Path] | None = None,
    force: bool = False,
) -> Report:
    """Restore the backup in ``source`` into ``database`` (a settings dict; default: the
    portal's) and ``roots`` (default: the portal's folders); then compare what is there with
    the manifest. Refuses to write over data unless ``force``."""
    from django.db import connections

    source = Path(source)
    manifest = check(source)
    if database is None:
        connections["default"].close()
        database = settings.DATABASES["default"]
    roots = file_roots() if roots is None else dict(roots)
    vendor = vendor_of(database)
    if vendor != manifest["vendor"]:
        raise BackupError(f"This is a {manifest['vendor']} backup; the database is {vendor}")
    missing_roots = sorted({name.split("/", 1)[0] for name in manifest["files"]} - set(roots))
    if missing_roots:
        raise BackupError(f"No folder configured for {', '.join(missing_roots)}")
    if not force:
        full = [str(root) for root in roots.values() if next(_walk(Path(root)), None)]
        if full:
            raise BackupError(
                f"{', '.join(full)} holds files already; restore into empty folders, or pass "
                "--force to replace them"
            )
    dump = source / manifest["database"]["file"]
    if vendor == "sqlite":
        _restore_sqlite(dump, database, force)
    else:
        _restore_postgresql(dump, database, force)
    with _private_umask():
        for name, root in roots.items():
            root = Path(root)
            if force and root.exists():
                shutil.rmtree(root)
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
            prefix = f"{name}/"
            for key in manifest["files"]:
                if key.startswith(prefix):
                    _copy_private(source / FILES_DIR / key, root / key[len(prefix) :])
    return compare(manifest, database=database, roots=roots)


def compare(
    manifest: Mapping[str, Any], *, database: Mapping[str, Any], roots: Mapping[str, Path]
) -> Report:
    """What the database and folders hold against the manifest: every table's row count and
    every file's SHA-256. ``Report.problems`` lists each difference."""
    report = Report(tables=_target_counts(database))
    for table, count in manifest["tables"].items():
        if report.tables.get(table) != count:
            report.problems.append(
                f"table {table}: {report.tables.get(table)} rows, backup has {count}"
            )
    for name, root in roots.items():
        for path in _walk(Path(root)):
            report.files[f"{name}/{path.relative_to(root).as_posix()}"] = sha256_of(path)
    for key, digest in manifest["files"].items():
        if report.files.get(key) != digest:
            report.problems.append(f"file {key}: missing or different")
    for key in sorted(set(report.files) - set(manifest["files"])):
        report.problems.append(f"file {key}: not in the backup")
    return report
