"""Names of groups, workflows and tasks in the reader's language (portal/names.py)."""

import re

from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from wagtail.models import GroupApprovalTask, Workflow
from wagtail.users.models import UserProfile

import pytest

from accounts.models import User
from home.models import StandardPage
from portal import name_templates
from portal.models import NameTranslation
from portal.names import display_name

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u9fff]")
NOTICE_WORKFLOW = "通知公告审核"


def _admin(language: str, **fields) -> Client:
    user = User.objects.create_superuser(
        username=f"admin-{language}", email=f"admin-{language}@example.com", password="x"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return client


def _listing_names(html: str) -> list[str]:
    """The texts of the title cells of an admin listing."""
    cells = re.findall(r'<td class="[^"]*title">(.*?)</td>', html, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def test_a_name_is_shown_translated_or_as_written():
    moderators = Group.objects.get(name="Moderators")
    assert display_name(moderators, "zh-hans") == "审核员"
    assert display_name(moderators, "en") == "Moderators"
    assert display_name(NOTICE_WORKFLOW, "en") == "Notice moderation"
    assert display_name(NOTICE_WORKFLOW, "zh-hans") == NOTICE_WORKFLOW
    assert display_name(Group(name="三号楼志愿者"), "en") == "三号楼志愿者"


def test_english_admin_lists_groups_workflows_and_tasks_in_english():
    client = _admin("en")
    groups = client.get("/admin/groups/").content.decode()
    assert "Moderators" in _listing_names(groups)
    assert not CJK.search(" ".join(_listing_names(groups)))
    workflows = client.get("/admin/workflows/list/").content.decode()
    assert "Notice moderation" in " ".join(_listing_names(workflows))
    assert "Moderators approve the notice" in workflows  # the task of each workflow
    assert NOTICE_WORKFLOW not in workflows and "审核员" not in workflows
    tasks = client.get("/admin/workflows/tasks/index/").content.decode()
    assert "Moderators approve the notice" in " ".join(_listing_names(tasks))
    assert not CJK.search(" ".join(_listing_names(tasks)))


def test_chinese_admin_lists_groups_workflows_and_tasks_in_chinese():
    client = _admin("zh-hans")
    groups = " ".join(_listing_names(client.get("/admin/groups/").content.decode()))
    assert "审核员" in groups and "法律援助" in groups
    assert "Moderators" not in groups and "Legal aid" not in groups
    workflows = client.get("/admin/workflows/list/").content.decode()
    assert NOTICE_WORKFLOW in workflows and "审核员审批" in workflows
    assert "Moderators approval" not in workflows and "Notice moderation" not in workflows


def test_group_choices_and_editor_header_speak_the_readers_language():
    client = _admin("zh-hans")
    moderators = Group.objects.get(name="Moderators")
    html = client.get(f"/admin/groups/edit/{moderators.pk}/").content.decode()
    assert "审核员" in html
    user = User.objects.get(username="admin-zh-hans")
    html = client.get(f"/admin/users/edit/{user.pk}/").content.decode()  # the groups to tick
    assert "法律援助" in html and "Legal aid" not in html


@pytest.mark.parametrize(
    ("language", "label", "not_shown"),
    [
        ("en", "Submit to Moderators approval", "审核员审批"),
        ("zh-hans", "提交给审核员审批", "Moderators approval"),
    ],
)
def test_submit_button_names_the_workflow_in_the_editors_language(
    home_page, language, label, not_shown
):
    page = StandardPage(title="办事须知", slug="xuzhi")
    home_page.add_child(instance=page)
    page.save_revision()
    assert page.get_workflow().name == "Moderators approval"
    html = _admin(language).get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert label in html
    assert not_shown not in html


def test_moderation_email_names_the_task_in_each_moderators_language(home_page):
    workflow = Workflow.objects.get(name=NOTICE_WORKFLOW)
    task = GroupApprovalTask.objects.get(name="审核员审批通知")
    moderators = Group.objects.get(name="Moderators")
    for language in ("en", "zh-hans"):
        moderator = User.objects.create_user(
            username=f"mod-{language}", email=f"mod-{language}@example.com", password="x"
        )
        moderator.groups.add(moderators)
        profile = UserProfile.get_for_user(moderator)
        profile.preferred_language = language
        profile.save()
    editor = User.objects.create_superuser(username="ed", email="ed@example.com", password="x")
    page = StandardPage(title="停水通知", slug="tingshui")
    home_page.add_child(instance=page)
    page.save_revision(user=editor)
    mail.outbox.clear()
    workflow.start(page, editor)
    english = [m for m in mail.outbox if m.to == ["mod-en@example.com"]]
    chinese = [m for m in mail.outbox if m.to == ["mod-zh-hans@example.com"]]
    assert english and chinese
    assert "Moderators approve the notice" in english[0].subject + english[0].body
    assert task.name not in english[0].subject + english[0].body
    assert task.name in chinese[0].subject + chinese[0].body


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("en", ["Notice moderation", "Sent to Moderators approve the notice"], "审核员审批通知"),
        ("zh-hans", ["通知公告审核", "审核员审批通知"], "Moderators approve the notice"),
    ],
)
def test_status_panel_names_the_workflow_and_task_in_the_editors_language(
    home_page, language, shown, not_shown
):
    editor = User.objects.create_superuser(username="ed", email="ed@example.com", password="x")
    page = StandardPage(title="停水通知", slug="tingshui")
    home_page.add_child(instance=page)
    page.save_revision(user=editor)
    Workflow.objects.get(name=NOTICE_WORKFLOW).start(page, editor)
    html = _admin(language).get(f"/admin/pages/{page.pk}/edit/").content.decode()
    for text in shown:
        assert text in html
    assert not_shown not in html


def test_a_name_translated_in_the_admin_is_shown_in_the_listing():
    Group.objects.create(name="三号楼志愿者")
    client = _admin("en")
    response = client.post(
        "/admin/name-translations/new/",
        {"source": "三号楼志愿者", "language": "en", "text": "Building 3 volunteers"},
    )
    assert response.status_code == 302
    assert NameTranslation.objects.filter(text="Building 3 volunteers").exists()
    groups = _listing_names(client.get("/admin/groups/").content.decode())
    assert "Building 3 volunteers" in groups
    assert not CJK.search(" ".join(groups))


def test_the_glossary_is_read_once_per_request(django_assert_max_num_queries):
    for number in range(30):
        Group.objects.create(name=f"Grid {number} workers")
    client = _admin("zh-hans")
    client.get("/admin/groups/")  # warm up: sessions, profile
    with django_assert_max_num_queries(25):
        client.get("/admin/groups/?p=2")


def test_derived_wagtail_templates_are_up_to_date():
    """After upgrading Wagtail, ``python -m portal.name_templates`` derives them again."""
    for name in name_templates.TEMPLATES:
        override = (name_templates.OVERRIDES / name).read_text()
        upstream = name_templates.upstream(name).read_text()
        assert override == name_templates.derive(upstream, name), name
        assert "|display_name" in override or "|log_label" in override, name
