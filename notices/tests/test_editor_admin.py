"""The editor's way to a submitted notice and the moderator's confirmation in the admin."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Locale
from wagtail.users.models import UserProfile

import pytest

from accounts.models import User
from notices.models import NoticePage

pytestmark = pytest.mark.django_db


def user(username: str, group: str, language: str = "zh-hans") -> User:
    account = User.objects.create_user(username, f"{username}@example.com", "pw-123456789")
    account.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(account)
    profile.preferred_language = language
    profile.save()
    return account


def test_the_notices_menu_leads_to_writing_and_the_listing(client, notice_index):
    client.force_login(user("ed", "Editors"))
    html = client.get("/admin/").content.decode()
    assert reverse("notices_write") in html
    assert reverse("notices_listing") in html
    write = client.get(reverse("notices_write"))
    assert write["Location"] == f"/admin/pages/add/notices/noticepage/{notice_index.pk}/"
    assert client.get(write["Location"]).status_code == 200
    listing = client.get(reverse("notices_listing"))
    assert listing["Location"] == reverse("wagtailadmin_explore", args=[notice_index.pk])


def test_an_english_editor_writes_in_the_english_section(client, notice_index):
    client.force_login(user("ed", "Editors", language="en"))
    english = notice_index.get_translation(Locale.objects.get(language_code="en"))
    write = client.get(reverse("notices_write"))
    assert write["Location"] == f"/admin/pages/add/notices/noticepage/{english.pk}/"


def test_residents_and_finance_clerks_do_not_get_the_writing_link(client, notice_index):
    client.force_login(user("clerk", "Finance clerks"))
    assert reverse("notices_write") not in client.get("/admin/").content.decode()
    assert client.get(reverse("notices_write")).status_code == 404


def test_submit_for_moderation_is_the_editors_main_button(client, notice_index):
    client.force_login(user("ed", "Editors"))
    html = client.get(f"/admin/pages/add/notices/noticepage/{notice_index.pk}/").content.decode()
    footer = html[html.index('<footer class="footer') :]
    # The first button of the footer is the main one; the others are under the arrow.
    assert footer.index('name="action-submit"') < footer.index("w-dropdown__toggle")
    assert footer.index("w-dropdown__toggle") < footer.index("action-save")


def test_moderators_keep_publish_as_their_main_button(client, notice_index):
    client.force_login(user("mo", "Moderators"))
    html = client.get(f"/admin/pages/add/notices/noticepage/{notice_index.pk}/").content.decode()
    footer = html[html.index('<footer class="footer') :]
    assert footer.index('name="action-publish"') < footer.index('name="action-submit"')


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", "已批准"), ("en", "is published")])
def test_approving_says_the_notice_is_published(
    client, notice_index, make_notice, language, expected
):
    notice = make_notice("new-rule", publish=False)
    editor = user("ed", "Editors")
    notice.save_revision(user=editor)
    state = notice.get_workflow().start(notice, editor)
    client.force_login(user("mo", "Moderators", language=language))
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[notice.pk, "approve", state.current_task_state.pk],
    )
    response = client.post(url, {"comment": ""}, follow=True)
    assert response.status_code == 200
    assert NoticePage.objects.get(pk=notice.pk).live
    shown = " ".join(str(message) for message in response.context["messages"])
    assert expected in shown
    assert notice.title in shown
