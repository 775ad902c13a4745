"""Groups in the audit log: recorded under their names as stored, shown in the reader's language."""

import html
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

from django.contrib.auth.models import Group, Permission
from django.test import Client

from wagtail.users.models import UserProfile

import pytest

from audit.models import Action, AuditEntry
from community.factories import UserFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    """The text of the listing's rows, or of the whole page."""
    body = response.content.decode()
    body = body.split("<tbody>")[-1] if "<tbody>" in body else body
    body = re.sub(r"<(script|template)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _admin(language: str, username: str) -> Client:
    user = UserFactory(username=username, is_superuser=True, is_staff=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return client


class _Form(HTMLParser):
    """The values a browser would send for the page's main form."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("en", "Added to: Moderators", "审核员"), ("zh-hans", "加入用户组：审核员", "Moderators")],
)
def test_group_membership_entry_names_the_group_in_the_readers_language(language, shown, not_shown):
    official = UserFactory(username="zhao", email="zhao@example.com")
    moderators = Group.objects.get(name="Moderators")
    response = _admin("zh-hans", "zhang").post(
        f"/admin/users/edit/{official.pk}/",
        {
            "username": "zhao",
            "email": "zhao@example.com",
            "first_name": "Zhao",
            "last_name": "Liu",
            "is_active": "on",
            "groups": [moderators.pk],
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=Action.GROUP_CHANGED)
    assert entry.detail == {"added": ["Moderators"]}  # the record keeps the name as stored
    text = _text(_admin(language, "reader").get(f"/admin/audit/inspect/{entry.pk}/"))
    assert shown in text
    assert not_shown not in text


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("en", "Moderators", "审核员"), ("zh-hans", "审核员", "Moderators")],
)
def test_group_permissions_entry_is_recorded_as_stored_and_listed_in_the_readers_language(
    language, shown, not_shown
):
    """An official working in Chinese gives the Moderators a permission: the entry is about
    "Moderators" (not "审核员", the name in the official's language), listed in the reader's."""
    chinese = _admin("zh-hans", "zhang")
    moderators = Group.objects.get(name="Moderators")
    form = _Form()
    form.feed(chinese.get(f"/admin/groups/edit/{moderators.pk}/").content.decode())
    view_audit = Permission.objects.get(codename="view_auditentry")
    assert ("permissions", str(view_audit.pk)) not in form.data
    response = chinese.post(
        f"/admin/groups/edit/{moderators.pk}/",
        urlencode([*form.data, ("permissions", str(view_audit.pk))]),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    entries = AuditEntry.objects.filter(action=Action.GROUP_PERMISSIONS)
    assert any("view_auditentry" in entry.detail.get("added", []) for entry in entries)
    assert {entry.object_repr for entry in entries} == {"Moderators"}
    reader = chinese if language == "zh-hans" else _admin(language, "reader")
    listing = _text(reader.get("/admin/audit/", {"action": Action.GROUP_PERMISSIONS}))
    assert shown in listing
    assert not_shown not in listing
