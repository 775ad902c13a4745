"""Deleting an account that acted through the admin deactivates it instead, and says why."""

from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from audit.models import Action, AuditEntry
from community.factories import GridFactory, UserFactory
from complaints import builders as complaint_factories
from complaints import services as complaint_services
from complaints.models import ComplaintEvent

User = get_user_model()


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def official_who_acted(db):
    official = UserFactory(username="li", email="li@example.com", groups=["Officials"])
    grid = GridFactory(code="G9", responsible_worker=official)
    complaint = complaint_factories.submit(grid=grid).complaint
    complaint_services.accept(complaint, official)
    return official


def test_delete_of_an_account_that_acted_turns_into_deactivation(admin_client, official_who_acted):
    url = f"/admin/users/delete/{official_who_acted.pk}/"
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "只停用、不删除" in html
    assert "停用该账号" in html
    response = admin_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/users/"
    official = User.objects.get(pk=official_who_acted.pk)
    assert official.is_active is False
    assert "已停用，未删除" in response.content.decode()
    # The history still names the official, by link and by text.
    events = ComplaintEvent.objects.filter(actor=official)
    assert events.exists()
    assert all(event.actor_name.startswith("li <li@example.com>") for event in events)
    entry = AuditEntry.objects.get(action=Action.ACCOUNT_DEACTIVATED)
    assert entry.actor.username == "root"
    assert entry.object_id == str(official.pk)


def test_the_reason_is_given_in_english_too(admin_client, official_who_acted, superuser):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    html = admin_client.get(f"/admin/users/delete/{official_who_acted.pk}/").content.decode()
    assert "deactivated instead of deleted" in html
    assert "Deactivate the account" in html


def test_an_account_that_never_acted_is_deleted(admin_client):
    newcomer = UserFactory(username="newcomer")
    response = admin_client.post(f"/admin/users/delete/{newcomer.pk}/")
    assert response.status_code == 302
    assert not User.objects.filter(pk=newcomer.pk).exists()
    deleted = AuditEntry.objects.get(action=Action.ACCOUNT_DELETED)
    assert deleted.object_repr.startswith("newcomer")


def test_bulk_delete_refuses_and_deactivates(admin_client, official_who_acted):
    newcomer = UserFactory(username="newcomer")
    response = admin_client.post(
        "/admin/bulk/accounts/user/delete/"
        f"?next=/admin/users/&id={official_who_acted.pk}&id={newcomer.pk}",
    )
    assert response.status_code == 302
    assert User.objects.filter(pk=newcomer.pk).exists()
    assert User.objects.get(pk=official_who_acted.pk).is_active is False


def test_history_survives_deleting_the_account_outside_the_admin(official_who_acted):
    """Even a deletion from a shell loses no "who": the events keep the name as text."""
    official_who_acted.delete()
    event = ComplaintEvent.objects.get(action="accept")
    assert event.actor is None
    assert event.actor_name.startswith("li <li@example.com>")
    entries = AuditEntry.objects.filter(action=Action.COMPLAINT_STATUS, detail__step="accept")
    assert entries.exists()
    assert all(entry.actor_text.startswith("li <li@example.com>") for entry in entries)
