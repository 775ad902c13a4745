"""The audit log: what it records, that the database refuses to change it, the admin views."""

import csv
import io

from django.contrib.auth.models import Group
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client

import pytest
from allauth.account.models import EmailAddress

from audit import services
from audit.models import Action, AuditEntry
from community.factories import UserFactory

PASSWORD = "password"  # noqa: S105 (UserFactory's)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


def test_update_and_delete_are_refused_by_the_database(db):
    entry = services.record(Action.BACKUP, actor_label="system", detail={"n": 1})
    for statement in (
        "UPDATE audit_auditentry SET actor_text = 'someone else' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises((IntegrityError, DatabaseError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        AuditEntry.objects.all().delete()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action=Action.LOGIN)
    entry.refresh_from_db()
    assert entry.actor_text == "system"
    assert AuditEntry.objects.count() == 1


def test_actor_kept_as_text_after_the_account_is_renamed_and_deleted(db):
    official = UserFactory(username="li", email="li@example.com", display_name="李网格员")
    entry = services.record(Action.COMPLAINT_STATUS, actor=official, object_repr="TS-1")
    official.username = "li2"
    official.save()
    official.delete()
    entry.refresh_from_db()
    assert entry.actor_text == "li <li@example.com> (李网格员)"
    assert entry.actor_id is not None  # the link is kept, without a constraint


def test_sign_in_and_failed_sign_in_are_recorded(db, client):
    user = UserFactory(username="wang", email="wang@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/accounts/login/", {"login": "wang@example.com", "password": "nope"})
    assert response.status_code == 200
    failed = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert failed.actor is None
    assert failed.actor_text == "wang@example.com"
    assert "nope" not in str(failed.detail) + failed.path
    assert failed.ip_address == "127.0.0.1"
    response = client.post("/accounts/login/", {"login": "wang@example.com", "password": PASSWORD})
    assert response.status_code == 302
    login = AuditEntry.objects.get(action=Action.LOGIN)
    assert login.actor.username == "wang"
    assert login.actor_text.startswith("wang <wang@example.com>")


def test_denied_requests_are_recorded(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="editor", groups=["Editors"]))
    response = client.post("/accounts/logout/")  # no CSRF token: refused with 403
    assert response.status_code == 403
    denied = AuditEntry.objects.get(action=Action.DENIED)
    assert denied.actor_text.startswith("editor")
    assert denied.path == "/accounts/logout/"
    assert denied.detail == {"method": "POST"}


def test_admin_refusals_are_recorded_though_the_admin_redirects(db):
    client = Client()
    client.force_login(UserFactory(username="editor", groups=["Editors"]))
    response = client.get("/admin/audit/")
    assert response.status_code == 302  # Wagtail redirects to its dashboard with a message
    denied = AuditEntry.objects.get(action=Action.DENIED)
    assert denied.detail == {"method": "GET", "admin_redirect": True}
    assert denied.path == "/admin/audit/"
    client.get("/admin/")  # an ordinary redirect-free page: nothing more recorded
    assert AuditEntry.objects.filter(action=Action.DENIED).count() == 1


def test_group_and_role_changes_through_the_admin(admin_client, superuser):
    official = UserFactory(username="zhao", email="zhao@example.com")
    officials = Group.objects.get(name="Officials")
    response = admin_client.post(
        f"/admin/users/edit/{official.pk}/",
        {
            "username": "zhao",
            "email": "zhao@example.com",
            "first_name": "Zhao",
            "last_name": "Liu",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [officials.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group_entry = AuditEntry.objects.get(action=Action.GROUP_CHANGED)
    assert group_entry.detail == {"added": ["Officials"]}
    assert group_entry.actor == superuser
    assert group_entry.object_id == str(official.pk)
    role = AuditEntry.objects.get(action=Action.ROLE_CHANGED)
    assert role.detail == {"changes": {"is_superuser": [False, True]}}


def test_admin_list_filters_and_exports_without_formulas(admin_client, superuser):
    services.record(Action.BACKUP, actor_label='=HYPERLINK("http://evil")')
    services.record(Action.LOGIN, actor=superuser)
    response = admin_client.get("/admin/audit/", {"action": Action.BACKUP})
    html = response.content.decode()
    assert response.status_code == 200
    assert "HYPERLINK" in html
    assert "root" not in html.split("<tbody>")[-1]
    response = admin_client.get("/admin/audit/", {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert not any(cell.startswith("=") for cell in cells)
    assert AuditEntry.objects.filter(action=Action.PERSONAL_DATA_EXPORTED).exists()


def test_admin_offers_no_change(admin_client):
    entry = services.record(Action.BACKUP, actor_label="system")
    assert admin_client.get(f"/admin/audit/inspect/{entry.pk}/").status_code == 200
    # The admin answers a refused view with a redirect to its dashboard (or 403/404).
    for response in (
        admin_client.get(f"/admin/audit/edit/{entry.pk}/"),
        admin_client.post(f"/admin/audit/delete/{entry.pk}/"),
        admin_client.get("/admin/audit/new/"),
    ):
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert response["Location"] == "/admin/"
    html = admin_client.get("/admin/audit/").content.decode()
    assert "/admin/audit/edit/" not in html and "/admin/audit/delete/" not in html
    assert AuditEntry.objects.filter(pk=entry.pk, actor_text="system").exists()


@pytest.mark.django_db(transaction=True)
def test_flush_keeps_the_triggers():
    from django.core.management import call_command

    services.record(Action.BACKUP, actor_label="system")
    call_command("flush", interactive=False, verbosity=0)
    entry = services.record(Action.BACKUP, actor_label="system")
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
