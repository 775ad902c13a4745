"""The officials' complaint list and actions in the Wagtail admin."""

from django.test import Client

import pytest

from complaints import factories, services
from complaints.models import Complaint, Status

INDEX = "/admin/complaints/"


@pytest.fixture
def official_client(grid_worker):
    client = Client()
    client.force_login(grid_worker)
    return client


def test_list_shows_only_complaints_with_a_role(official_client, complaint, other_grid):
    elsewhere = factories.submit(address="西门", grid=other_grid, subject="别的网格").complaint
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
    submission = factories.submit(channel="hotline", entered_by=intake, anonymous=True)
    assert services.find_tracked(submission.complaint.number, submission.secret)
