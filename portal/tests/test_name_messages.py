"""Messages Wagtail formats in Python from names, in the reader's language
(portal/name_messages.py): the moderation entries of a page's history and of the site history,
the names of groups, workflows and tasks in the site history, the lock notice and the
workflow-cancellation confirmation."""

import html
import json
import re

from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import (
    GroupApprovalTask,
    ModelLogEntry,
    PageLogEntry,
    Workflow,
    WorkflowTask,
)
from wagtail.users.models import UserProfile

import pytest

from accounts.models import User
from home.models import StandardPage
from portal.models import NameTranslation

pytestmark = pytest.mark.django_db

# A workflow named in Chinese and tasks named in English, each translated into the other language.
WORKFLOW = "公开两步审核"
FIRST, FINAL = "First review", "Final review"
GLOSSARY = [
    (WORKFLOW, "en", "Two-step review"),
    (FIRST, "zh-hans", "初审"),
    (FINAL, "zh-hans", "终审"),
]
ENGLISH = ["Two-step review", FIRST, FINAL]
CHINESE = [WORKFLOW, "初审", "终审"]


def _user(language: str, *, superuser: bool = True, groups=(), name: str = "") -> User:
    make = User.objects.create_superuser if superuser else User.objects.create_user
    name = name or f"u-{language}"
    user = make(username=name, email=f"{name}@example.com", password="x")
    user.groups.add(*groups)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    """What a reader sees in the page's main area: tags and scripts removed, entities decoded."""
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.loads(body)["html"]
    main = re.search(r"<main\b.*?</main>", body, flags=re.S)
    body = re.sub(r"<(script|template)\b.*?</\1>", " ", main.group() if main else body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(html.unescape(body).split())


def _absent(names: list[str], text: str) -> None:
    for name in names:
        assert name not in text, name


@pytest.fixture
def review(home_page):
    """The two-step workflow, running on a new page, at its first task."""
    moderators = Group.objects.get(name="Moderators")
    workflow = Workflow.objects.create(name=WORKFLOW)
    for order, name in enumerate([FIRST, FINAL]):
        task = GroupApprovalTask.objects.create(name=name)
        task.groups.add(moderators)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    for source, language, text in GLOSSARY:
        NameTranslation.objects.create(source=source, language=language, text=text)
    editor = User.objects.create_superuser(username="ed", email="ed@example.com", password="x")
    page = StandardPage(title="停水通知", slug="tingshui")
    home_page.add_child(instance=page)
    page.save_revision(user=editor)
    workflow.start(page, editor)
    return page, editor


def _act(page, user, action: str) -> None:
    page.refresh_from_db()
    state = page.current_workflow_task_state
    state.task.specific.on_action(state, user, action)


@pytest.mark.parametrize(
    ("language", "messages", "other_language"),
    [
        (
            "en",
            [
                "'Two-step review' started. Next step 'First review'",
                "Approved at 'First review'. Next step 'Final review'",
                "Rejected at 'Final review'. Changes requested",
                "Resubmitted 'Final review'. Workflow resumed",
                "Cancelled 'Two-step review' at 'Final review'",
            ],
            CHINESE,
        ),
        (
            "zh-hans",
            [
                "“公开两步审核”已启动，下一步是“初审”",
                "“初审”已批准，下一步是“终审”",
                "“终审”已拒绝，已请求变更",
                "已重新提交“终审”。工作流已继续",
                "“公开两步审核”已在“终审”取消",
            ],
            [FIRST, FINAL],
        ),
    ],
)
def test_moderation_history_names_workflow_and_tasks_in_the_readers_language(
    review, language, messages, other_language
):
    page, editor = review
    _act(page, editor, "approve")
    _act(page, editor, "reject")
    page.refresh_from_db()
    page.current_workflow_state.resume(editor)
    page.refresh_from_db()
    page.current_workflow_state.cancel(editor)
    client = _client(_user(language))
    for url in (f"/admin/pages/{page.pk}/history/", "/admin/reports/site-history/"):
        text = _text(client.get(url))
        for message in messages:
            assert message in text, (url, message)
        _absent(other_language, text)
    # The entries themselves keep the names as stored: they are the record.
    start = PageLogEntry.objects.get(page=page, action="wagtail.workflow.start")
    assert start.data["workflow"]["title"] == WORKFLOW
    assert start.data["workflow"]["next"]["title"] == FIRST


def test_the_action_filter_lists_each_workflow_action_once(review):
    text = _text(_client(_user("en")).get("/admin/reports/site-history/"))
    assert text.count("Workflow: start") == 1


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("en", FIRST, "初审"), ("zh-hans", "初审", FIRST)],
)
def test_site_history_names_an_edited_task_in_the_readers_language(
    review, language, shown, not_shown
):
    """A task edited in the Chinese admin is recorded under its stored name and listed in the
    reader's language."""
    task = GroupApprovalTask.objects.get(name=FIRST)
    chinese = _client(_user("zh-hans", name="zh-editor"))
    response = chinese.post(
        f"/admin/workflows/tasks/edit/{task.pk}/",
        {"name": FIRST, "groups": [group.pk for group in task.groups.all()]},
    )
    assert response.status_code == 302
    entry = ModelLogEntry.objects.get(action="wagtail.edit", object_id=str(task.pk))
    assert entry.label == FIRST
    reader = chinese if language == "zh-hans" else _client(_user(language))
    rows = re.findall(
        r'<td class="title">(.*?)</td>',
        reader.get("/admin/reports/site-history/?action=wagtail.edit").content.decode(),
        flags=re.S,
    )
    names = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]
    assert shown in names
    assert not_shown not in names


@pytest.mark.parametrize(
    ("language", "notice", "not_shown"),
    [
        (
            "en",
            "This page is awaiting 'First review' in the 'Two-step review' workflow.",
            CHINESE,
        ),
        ("zh-hans", "此页面正在等待“公开两步审核”工作流的“初审”环节。", [FIRST, FINAL]),
    ],
)
def test_lock_notice_names_task_and_workflow_in_the_readers_language(
    review, language, notice, not_shown
):
    page, _editor = review
    writer = _user(language, superuser=False, groups=[Group.objects.get(name="Editors")])
    response = _client(writer).get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())
    assert notice in text
    _absent(not_shown, _text(response))


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("en", "This page is currently at First review in Two-step review", CHINESE),
        ("zh-hans", "此页面目前处于 公开两步审核 的 初审 环节", [FIRST, FINAL]),
    ],
)
def test_workflow_cancellation_confirmation_in_the_readers_language(
    review, language, shown, not_shown
):
    page, _editor = review
    response = _client(_user(language)).get(
        f"/admin/pages/workflow/confirm_cancellation/{page.pk}/"
    )
    text = _text(response)
    assert shown in text
    _absent(not_shown, text)


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("en", "The group 'Building 3 volunteers' has", "三号楼志愿者"),
        ("zh-hans", "三号楼志愿者", "Building 3 volunteers"),
    ],
)
def test_group_deletion_confirmation_names_the_group_in_the_readers_language(
    language, shown, not_shown
):
    group = Group.objects.create(name="三号楼志愿者")
    NameTranslation.objects.create(source=group.name, language="en", text="Building 3 volunteers")
    text = _text(_client(_user(language)).get(f"/admin/groups/delete/{group.pk}/"))
    assert shown in text
    assert not_shown not in text
