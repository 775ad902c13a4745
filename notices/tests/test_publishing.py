import datetime
import re

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import WorkflowState

import pytest

from accounts.models import User
from notices.models import NoticePage
from search.registry import get_section

pytestmark = pytest.mark.django_db


def test_notice_indexes_in_both_languages_use_the_notice_workflow(notice_index):
    english = notice_index.get_translation(
        notice_index.locale.__class__.objects.get(language_code="en")
    )
    for index in (notice_index, english):
        workflow = index.get_workflow()
        assert workflow.name == "通知公告审核"
        assert [task.name for task in workflow.tasks] == ["审核员审批通知"]


def test_scheduled_notice_goes_live_at_its_time(client, make_notice):
    notice = make_notice("scheduled", title="定时发布的通知", publish=False)
    go_live = timezone.now() + datetime.timedelta(hours=2)
    notice.go_live_at = go_live
    revision = notice.save_revision(approved_go_live_at=go_live)
    revision.publish()
    notice.refresh_from_db()
    assert not notice.live
    assert client.get("/notices/scheduled/").status_code == 404

    call_command("publish_scheduled")  # too early: nothing happens
    assert not NoticePage.objects.get(pk=notice.pk).live

    # Time passes: the approved time, and the go-live time inside the revision, are now past.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    assert NoticePage.objects.get(pk=notice.pk).live
    assert client.get("/notices/scheduled/").status_code == 200
    assert "定时发布的通知" in client.get("/notices/").content.decode()


def test_editor_submits_notice_moderator_approves(client, notice_index, categories):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    editor = User.objects.create_user("ed", "ed@example.com", "pw-123456789")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = User.objects.create_user("mo", "mo@example.com", "pw-123456789")
    moderator.groups.add(Group.objects.get(name="Moderators"))

    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/notices/noticepage/{notice_index.pk}/",
        nested_form_data(
            {
                "title": "垃圾分类新规",
                "slug": "waste-sorting",
                "summary": "12月起厨余垃圾定时定点投放。",
                "category": categories["events"].pk,
                "urgency": "normal",
                "audience": "everyone",
                "body": streamfield([]),
                "action-submit": "submit",
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = NoticePage.objects.get(slug="waste-sorting")
    state = WorkflowState.objects.get(object_id=str(notice.pk))
    assert state.workflow.name == "通知公告审核"
    assert not notice.live

    client.force_login(moderator)
    client.post(
        f"/admin/pages/workflow/action/{notice.pk}/approve/{state.current_task_state.pk}/",
        {"comment": ""},
    )
    assert NoticePage.objects.get(pk=notice.pk).live


def test_moderator_requests_changes(client, notice_index, categories, make_notice):
    notice = make_notice("needs-work", publish=False)
    editor = User.objects.create_user("ed2", "ed2@example.com", "pw-123456789")
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator = User.objects.create_user("mo2", "mo2@example.com", "pw-123456789")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    notice.save_revision(user=editor)
    state = notice.get_workflow().start(notice, editor)
    client.force_login(moderator)
    client.post(
        f"/admin/pages/workflow/action/{notice.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "请补充停水范围"},
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not NoticePage.objects.get(pk=notice.pk).live


def test_urgent_notice_in_banner_on_every_page_while_valid(client, make_notice):
    make_notice("burst-main", urgency="urgent", title="3号楼紧急停水")
    make_notice("old-urgent", urgency="urgent", title="上月的紧急通知", days_ago=30)
    make_notice("normal", title="普通通知")
    for path in ["/", "/about/", "/notices/", "/accounts/login/"]:
        html = client.get(path).content.decode()
        banner = re.search(r'<section class="site-alerts".*?</section>', html, re.S).group(0)
        assert "3号楼紧急停水" in banner, path
        assert "上月的紧急通知" not in banner
        assert "普通通知" not in banner


def test_expired_urgent_notice_leaves_the_banner(client, make_notice):
    notice = make_notice("short", urgency="urgent", title="短暂的紧急通知")
    NoticePage.objects.filter(pk=notice.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled")
    assert 'class="site-alerts"' not in client.get("/").content.decode()


def test_home_page_shows_latest_and_pinned_notices(client, make_notice):
    make_notice(
        "pinned",
        title="置顶的议事会通知",
        days_ago=30,
        pinned_until=timezone.now() + datetime.timedelta(days=3),
    )
    for number in range(8):
        make_notice(f"n{number}", title=f"第{number}条", days_ago=number)
    html = client.get("/").content.decode()
    box = html[html.index('class="home-notices"') :]
    assert box.index("置顶的议事会通知") < box.index("第0条")
    assert "第7条" not in box  # six at most
    assert 'href="/notices/"' in box


def test_notices_register_with_search(client, make_notice):
    section = get_section("notices")
    assert section is not None and section.model is NoticePage
    fields = {field.field_name for field in NoticePage.search_fields}
    assert {"title", "summary", "body"} <= fields
    make_notice("findable", title="Elevator maintenance", summary="Lift 2 stops on Friday")
    html = client.get("/search/?q=elevator&section=notices").content.decode()
    assert "<mark>Elevator</mark> maintenance" in html


def test_event_cannot_end_before_it_starts(notice_index, categories):
    from django.core.exceptions import ValidationError

    start = timezone.now()
    notice = NoticePage(
        title="x",
        slug="x",
        summary="x",
        category=categories["events"],
        event_start=start,
        event_end=start - datetime.timedelta(hours=1),
        display_start=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert "event_end" in error.value.message_dict
    assert "display_end" in error.value.message_dict


def test_untranslated_urgent_notice_reaches_english_readers_in_chinese(client, make_notice):
    make_notice("gas-leak", urgency="urgent", title="5号楼燃气泄漏，请勿使用明火")
    banner = re.search(
        r'<section class="site-alerts".*?</section>', client.get("/en/").content.decode(), re.S
    ).group(0)
    assert 'href="/notices/gas-leak/" lang="zh-hans">5号楼燃气泄漏' in banner


def test_translated_urgent_notice_shows_in_the_readers_language(client, make_notice):
    from portal.demo_tools import publish_translation

    notice = make_notice("gas-leak", urgency="urgent", title="5号楼燃气泄漏")
    publish_translation(notice, {"5号楼燃气泄漏": "Gas leak in building 5"})
    banner = re.search(
        r'<section class="site-alerts".*?</section>', client.get("/en/").content.decode(), re.S
    ).group(0)
    assert "Gas leak in building 5" in banner
    assert "5号楼燃气泄漏" not in banner
    assert 'lang="zh-hans"' not in banner
