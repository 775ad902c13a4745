"""The officials' complaint list and actions in the Wagtail admin."""

from django.test import Client

import pytest

from community.factories import UserFactory
from complaints import builders, services
from complaints.models import Complaint, Status

INDEX = "/admin/complaints/"


@pytest.fixture
def official_client(grid_worker):
    client = Client()
    client.force_login(grid_worker)
    return client


def test_list_shows_only_complaints_with_a_role(official_client, complaint, other_grid):
    elsewhere = builders.submit(address="西门", grid=other_grid, subject="别的网格").complaint
    response = official_client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert complaint.number in html
    assert elsewhere.number not in html


def test_filters_overdue_and_status(official_client, complaint):
    Complaint.objects.filter(pk=complaint.pk).update(
        deadline=complaint.submitted_at.replace(year=2000)
    )
    assert complaint.number in official_client.get(INDEX, {"due": "overdue"}).content.decode()
    assert complaint.number not in official_client.get(INDEX, {"due": "24h"}).content.decode()
    assert complaint.number in official_client.get(INDEX, {"status": "submitted"}).content.decode()
    assert complaint.number not in official_client.get(INDEX, {"status": "closed"}).content.decode()


def test_inspect_and_act(official_client, complaint, grid_worker):
    url = f"{INDEX}inspect/{complaint.pk}/"
    response = official_client.get(url)
    assert response.status_code == 200
    assert complaint.contact_phone in response.content.decode()
    act = f"{INDEX}act/{complaint.pk}/"
    assert official_client.post(act, {"action": "accept"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.ASSIGNED
    official_client.post(act, {"action": "start"})
    official_client.post(act, {"action": "answer", "note": "已修好。"})
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    assert complaint.replies.get().body == "已修好。"


def test_no_edit_or_add_and_no_access_without_a_role(official_client, complaint, other_worker):
    assert official_client.get(f"{INDEX}edit/{complaint.pk}/").status_code in (302, 403)
    assert official_client.get(f"{INDEX}new/").status_code in (302, 403)
    outsider = Client()
    outsider.force_login(other_worker)
    assert outsider.get(f"{INDEX}inspect/{complaint.pk}/").status_code == 404
    assert outsider.post(f"{INDEX}act/{complaint.pk}/", {"action": "accept"}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED


def test_calendar_is_editable_by_officials(official_client):
    response = official_client.get("/admin/snippets/complaints/calendarday/add/")
    assert response.status_code == 200


def test_intake_enters_a_hotline_complaint_through_the_service(intake):
    submission = builders.submit(channel="hotline", entered_by=intake, anonymous=True)
    assert services.find_tracked(submission.complaint.number, submission.secret)


def test_dashboard_panel_counts_my_overdue_and_due_today(
    official_client, complaint, grid, other_grid
):
    import datetime
    import re

    from django.utils import timezone

    from complaints.workdays import TZ

    Complaint.objects.filter(pk=complaint.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=2)
    )
    today = builders.submit(address="南门", grid=grid, subject="今天到期").complaint
    end_of_today = datetime.datetime.combine(
        timezone.now().astimezone(TZ).date(), datetime.time(23, 59), tzinfo=TZ
    )
    Complaint.objects.filter(pk=today.pk).update(deadline=end_of_today)
    elsewhere = builders.submit(address="西门", grid=other_grid).complaint
    Complaint.objects.filter(pk=elsewhere.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=2)
    )

    html = official_client.get("/admin/").content.decode()
    assert 'id="my-complaints' in html
    assert f"{INDEX}?who=me&amp;due=overdue" in html
    panel = html[html.index('id="my-complaints') :]
    assert re.findall(r"<strong>(\d+)</strong>", panel)[:2] == ["1", "1"]

    listed = official_client.get(INDEX, {"who": "me", "due": "overdue"}).content.decode()
    assert complaint.number in listed and elsewhere.number not in listed
    listed = official_client.get(INDEX, {"who": "me", "due": "today"}).content.decode()
    assert today.number in listed and complaint.number not in listed


def test_no_dashboard_panel_for_other_editors(db):
    from community.factories import UserFactory

    editor = UserFactory(username="editor", groups=["Moderators"])
    client = Client()
    client.force_login(editor)
    assert 'id="my-complaints' not in client.get("/admin/").content.decode()


def intake_data(**overrides):
    data = {
        "submission_key": services.new_submission_key(),
        "channel": "hotline",
        "language": "en",
        "category": builders.category("other").pk,
        "subject": "电话反映：路灯不亮",
        "description": "居民来电反映东门路灯不亮。",
        "address": "东门",
        "contact_name": "张大爷",
        "contact_phone": "13700000000",
        "reply_channel": "phone",
    }
    data.update(overrides)
    return data


def test_official_records_a_hotline_complaint(intake):
    client = Client()
    client.force_login(intake)
    assert client.get(f"{INDEX}intake/").status_code == 200
    assert f"{INDEX}intake/" in client.get(INDEX).content.decode()
    data = intake_data()
    response = client.post(f"{INDEX}intake/", data)
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.channel == "hotline"
    assert complaint.entered_by == intake
    assert complaint.language == "en"
    assert complaint.contact_name == "张大爷"
    assert complaint.number in response.content.decode()
    secret = response.context["secret"]
    assert services.find_tracked(complaint.number, secret) == complaint
    event = complaint.events.get()
    assert event.action == "submit" and event.actor == intake
    # Sending the same form again records nothing new.
    again = client.post(f"{INDEX}intake/", data)
    assert again.status_code == 200 and Complaint.objects.count() == 1
    assert again.context["created"] is False


def test_intake_form_checks_like_the_residents_form(intake):
    client = Client()
    client.force_login(intake)
    response = client.post(f"{INDEX}intake/", intake_data(contact_name="", channel="web"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"contact_name", "channel"}
    assert not Complaint.objects.exists()


def test_intake_needs_an_official(db):
    from community.factories import UserFactory

    editor = UserFactory(username="editor", groups=["Moderators"])
    client = Client()
    client.force_login(editor)
    assert client.post(f"{INDEX}intake/", intake_data()).status_code in (302, 403)
    assert not Complaint.objects.exists()


def test_bulk_assign(official_client, grid_worker, other_worker, other_grid):
    first = builders.submit(address="一号门").complaint
    second = builders.submit(address="二号门").complaint
    waiting = builders.submit(address="三号门").complaint  # not accepted: not assignable
    intake_user = UserFactory(username="desk", groups=["Complaint intake"])
    # Only officials with a role on every chosen complaint are accepted: a colleague at the desk.
    colleague = UserFactory(username="desk2", groups=["Complaint intake"])
    for complaint in (first, second):
        services.accept(complaint, intake_user)
    client = Client()
    client.force_login(intake_user)
    page = client.get(f"{INDEX}bulk-assign/").content.decode()
    assert first.number in page and waiting.number not in page
    response = client.post(
        f"{INDEX}bulk-assign/",
        {"complaints": [first.pk, second.pk], "assignee": other_worker.pk, "note": "请跟进"},
    )
    assert response.status_code == 200  # the grid worker of another grid has no role on them
    assert "没有职责" in response.content.decode()
    response = client.post(
        f"{INDEX}bulk-assign/",
        {"complaints": [first.pk, second.pk], "assignee": colleague.pk, "note": "请跟进"},
    )
    assert response.status_code == 302
    for complaint in (first, second):
        complaint.refresh_from_db()
        assert complaint.assignee == colleague
        assert complaint.status == Status.ASSIGNED
        assert complaint.events.filter(action="assign", note="请跟进").exists()
    # Complaints without a role are not offered, and are refused if posted anyway.
    response = official_client.post(
        f"{INDEX}bulk-assign/", {"complaints": [first.pk], "assignee": grid_worker.pk}
    )
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.assignee == colleague
