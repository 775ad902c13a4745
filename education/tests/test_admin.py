"""The course roster in the admin: Officials read and export it; nobody edits it there."""

import csv
import io

from django.test import Client

import openpyxl
import pytest

from community.factories import UserFactory
from education import services

pytestmark = pytest.mark.django_db

URL = "/admin/course-roster/"


@pytest.fixture
def roster(course, residents):
    services.enrol(residents[0], course)
    services.enrol(residents[1], course)
    services.enrol(residents[2], course, join_waiting_list=True)
    return course


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_officials_export_the_roster_as_csv_and_xlsx(roster, official, residents):
    client = _client(official)
    html = client.get(URL, {"course": roster.pk}).content.decode()
    assert residents[0].email in html and residents[2].email in html
    response = client.get(URL, {"course": roster.pk, "export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    emails = [row[2] for row in rows[1:]]
    assert sorted(emails) == sorted(resident.email for resident in residents[:3])
    xlsx = client.get(URL, {"course": roster.pk, "export": "xlsx"})
    content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.max_row == 4  # heading and three people
    # Each export of names, emails and phones is in the audit log.
    from audit.models import Action, AuditEntry

    exports = AuditEntry.objects.filter(action=Action.PERSONAL_DATA_EXPORTED, actor=official)
    assert sorted(exports.values_list("detail__format", flat=True)) == ["csv", "xlsx"]


def test_waiting_filter_and_no_edit_views(roster, official):
    client = _client(official)
    response = client.get(URL, {"status": "waiting", "export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2
    assert client.get(URL + "new/").status_code in (302, 403, 404)


def test_residents_and_editors_do_not_see_the_roster(roster, residents):
    assert _client(residents[0]).get(URL).status_code in (302, 403)
    editor = UserFactory(username="editor-x", groups=["Editors"])
    assert _client(editor).get(URL).status_code in (302, 403)
