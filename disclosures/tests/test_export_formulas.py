"""Ledger exports (the sealed canonical CSV, XLSX, the admin listing, the import template) write
formulas as text (portal/exports.py)."""

import csv
import datetime
import hashlib
import io

from django.test import Client

import openpyxl
import pytest

from disclosures import builders, exports, importer, services
from disclosures.models import Period

pytestmark = pytest.mark.django_db
FORMULA = "=cmd|' /C calc'!A0"


def test_a_formula_in_an_entry_is_written_as_text_everywhere(fund, clerk, reviewer, index):
    services.add_entry(
        fund, builders.entry_data(description=FORMULA, counterparty="@evil"), actor=clerk
    )
    period = Period.objects.get(fund=fund, start=datetime.date(2026, 3, 1))
    services.prepare_period(period, actor=clerk)
    period = services.sign_off(period, actor=reviewer)

    data = exports.canonical_csv(period)
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert rows[1][rows[0].index("description")] == "'" + FORMULA
    # The seal covers the safe bytes: the sealed statement names their digest, and is itself sealed.
    statement = exports.statement(period)
    assert f"entries_sha256: {hashlib.sha256(data).hexdigest()}".encode() in statement
    assert period.digest == hashlib.sha256(statement).hexdigest()
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx(period, language="zh-hans"))).active
    values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    assert "'" + FORMULA in values and "'@evil" in values

    client = Client()
    client.force_login(clerk)
    response = client.get("/admin/disclosures/entries/", {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'" + FORMULA in text
    assert not any(
        cell.startswith(("=", "+", "@")) for row in csv.reader(io.StringIO(text)) for cell in row
    )


def test_the_import_template_goes_through_the_writer():
    assert importer.template_csv().startswith("\ufeff".encode())
