"""What an official sees: open complaints first with coloured status tags, "my work" views, a
focused view to answer, assignees with a role only, and exports in the reader's language."""

import csv
import datetime
import io
import re
from zoneinfo import ZoneInfo

from django.test import Client

from wagtail.users.models import UserProfile

import pytest
from openpyxl import load_workbook

from community.factories import UserFactory
from complaints import builders, services
from complaints.models import Complaint, Status

INDEX = "/admin/complaints/"
BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def official_client(grid_worker):
    client = Client()
    client.force_login(grid_worker)
    return client


def close(complaint, official):
    services.accept(complaint, official)
    services.start(complaint, official)
    services.answer(complaint, official, body="已修好。")
    services.close(complaint, official)


def test_the_list_shows_open_complaints_unless_asked(
    official_client, complaint, building, grid_worker
):
    closed = builders.submit(building=building, subject="已办结的事").complaint
    close(closed, grid_worker)
    html = official_client.get(INDEX).content.decode()
    assert complaint.number in html
    assert closed.number not in html
    finished = official_client.get(INDEX, {"state": "finished"}).content.decode()
    assert closed.number in finished
    assert complaint.number not in finished
    everything = official_client.get(INDEX, {"state": "all"}).content.decode()
    assert closed.number in everything and complaint.number in everything


def test_statuses_are_tags_with_text_and_colour(official_client, complaint):
    html = official_client.get(INDEX).content.decode()
    assert '<span class="complaint-status complaint-status--submitted">' in html
    assert "complaints/admin.css" in html


def test_my_work_views(official_client, complaint, building, grid_worker, other_grid):
    mine = builders.submit(building=building, subject="交给我的").complaint
    services.accept(mine, grid_worker)  # a grid worker accepting takes it on
    mine.refresh_from_db()
    services.assign(mine, grid_worker, assignee=grid_worker)
    html = official_client.get(INDEX).content.decode()
    for label in ("Waiting for me", "等我处理"):
        if label in html:
            break
    else:
        raise AssertionError("no my-work views above the list")
    assigned = official_client.get(INDEX, {"who": "mine"}).content.decode()
    assert mine.number in assigned
    assert complaint.number not in assigned
    grid = official_client.get(INDEX, {"who": "grid"}).content.decode()
    assert mine.number in grid and complaint.number in grid


def test_the_number_leads_to_a_focused_view_to_answer(official_client, complaint, grid_worker):
    services.accept(complaint, grid_worker)
    services.start(complaint, grid_worker)
    url = f"{INDEX}answer/{complaint.pk}/"
    assert url in official_client.get(INDEX).content.decode()
    response = official_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert complaint.description in html
    assert 'value="answer"' in html
    # No personal details and no twenty-field record here.
    assert complaint.contact_phone not in html
    answered = official_client.post(
        f"{INDEX}act/{complaint.pk}/?next=answer", {"action": "answer", "note": "灯已更换。"}
    )
    assert answered.status_code == 302
    assert answered["Location"] == url
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED


def test_the_assignee_list_offers_only_officials_with_a_role(
    official_client, complaint, grid_worker, other_worker, legal_aid_official
):
    clerk = UserFactory(username="clerk", groups=["Finance clerks"])
    services.accept(complaint, grid_worker)
    complaint.refresh_from_db()
    html = official_client.get(f"{INDEX}answer/{complaint.pk}/").content.decode()
    assignees = re.search(r'<select name="assignee".*?</select>', html, re.S).group(0)
    assert f'value="{grid_worker.pk}"' in assignees
    for outsider in (clerk, other_worker, legal_aid_official):
        assert f'value="{outsider.pk}"' not in assignees
    refused = official_client.post(
        f"{INDEX}act/{complaint.pk}/", {"action": "assign", "assignee": other_worker.pk}
    )
    assert refused.status_code == 302
    complaint.refresh_from_db()
    assert complaint.assignee_id != other_worker.pk


def test_a_department_complaint_offers_the_department(grid_worker, legal_aid_official):
    from complaints.permissions import officials_for

    complaint = builders.submit(category_slug="legal").complaint
    assert legal_aid_official in officials_for(complaint)
    assert grid_worker not in officials_for(complaint)


def export_rows(client, fmt: str, **params) -> list[list[str]]:
    response = client.get(INDEX, {"export": fmt, **params})
    assert response.status_code == 200
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8")
        assert text.startswith("\ufeff")
        return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [
        ["" if cell is None else cell for cell in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize(
    ("language", "status", "channel", "heading"),
    [
        ("zh-hans", "已提交", "网站", "截止时间（北京时间）"),
        ("en", "Submitted", "Website", "Deadline (Beijing time)"),
    ],
)
def test_exports_speak_the_readers_language_in_beijing_time(
    official_client, complaint, grid_worker, language, status, channel, heading
):
    profile = UserProfile.get_for_user(grid_worker)
    profile.preferred_language = language
    profile.save()
    Complaint.objects.filter(pk=complaint.pk).update(
        deadline=datetime.datetime(2026, 3, 2, 1, 30, tzinfo=datetime.UTC)
    )
    for fmt in ("csv", "xlsx"):
        rows = export_rows(official_client, fmt)
        headings, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
        assert heading in headings
        assert len(headings) >= 12
        assert row[headings[2]] == status
        assert channel in row.values()
        deadline = row[heading]
        if isinstance(deadline, datetime.datetime):
            deadline = deadline.strftime("%Y-%m-%d %H:%M")
        assert deadline.startswith("2026-03-02 09:30")  # 01:30 UTC is 09:30 in Beijing
        assert "submitted" not in row.values() and "web" not in row.values()


def test_the_export_names_the_assignee(official_client, complaint, grid_worker):
    services.accept(complaint, grid_worker)
    complaint.refresh_from_db()
    services.assign(complaint, grid_worker, assignee=grid_worker)
    rows = export_rows(official_client, "csv")
    assert grid_worker.get_full_name() in rows[1]
