"""The course roster export writes a resident's formula as text (portal/exports.py)."""

import csv
import io

from django.test import Client

import pytest

from education import services

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.example","x")'


def test_a_formula_in_a_name_is_exported_as_text(course, residents, official):
    residents[0].display_name = FORMULA
    residents[0].first_name = FORMULA
    residents[0].save()
    services.enrol(residents[0], course)
    client = Client()
    client.force_login(official)
    response = client.get("/admin/course-roster/", {"course": course.pk, "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert "'" + FORMULA in [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
