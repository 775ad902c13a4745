"""Importing entries: row-by-row messages, nothing partial saved, the templates."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from disclosures import builders, importer, services
from disclosures.models import LedgerEntry

pytestmark = pytest.mark.django_db

HEADER = "日期 date,收支 kind,类别 category,摘要 description,金额 amount,对方单位 counterparty,凭证号 voucher_number,审批人 approved_by\n"


@pytest.fixture
def period(fund):
    builders.category()
    builders.category("culture", "文体活动", en="Culture and sports")
    return services.period_for(fund, datetime.date(2026, 3, 1))


def test_a_good_csv_is_saved(period, clerk):
    content = (
        HEADER
        + '2026-03-05,支出,environment,楼道粉刷,"1,200.50",某公司,记-001,两委会\n'
        + "2026-03-06,income,文体活动,活动赞助,300,某企业,记-002,\n"
        + "2026/03/07,expense,Culture and sports,奖品,¥45.5,,,\n"
    ).encode()
    entries = importer.import_file(period, "march.csv", content, actor=clerk)
    assert [e.amount for e in entries] == [Decimal("1200.50"), Decimal("300.00"), Decimal("45.50")]
    assert entries[2].category.slug == "culture"
    assert entries[2].category.locale.language_code == "zh-hans"
    assert period.events.last().action == "entries_imported"


def test_bad_rows_are_reported_one_by_one_and_nothing_is_saved(period, clerk):
    content = (
        HEADER
        + "2026-03-05,支出,environment,好的一行,100,,,\n"
        + "2026-03-05,支出,environment,负数,-20,,,\n"
        + "2026-03-05,支出,不存在的类别,未知类别,20,,,\n"
        + "2026-04-01,支出,environment,期外日期,20,,,\n"
        + "2026-03-05,支出,environment,格式错误,12元,,,\n"
        + "2026-03-05,转账,environment,,1.234,,,\n"
    ).encode()
    with pytest.raises(importer.ImportFailed) as failure:
        importer.import_file(period, "march.csv", content, actor=clerk)
    found = {(error.row, error.column) for error in failure.value.errors}
    assert found == {
        (3, "amount"),
        (4, "category"),
        (5, "date"),
        (6, "amount"),
        (7, "kind"),
        (7, "description"),
        (7, "amount"),
    }
    messages = {(e.row, e.column): e.message for e in failure.value.errors}
    assert "大于零" in messages[(3, "amount")]
    assert "不存在的类别" in messages[(4, "category")]
    assert "2026-04-01" in messages[(5, "date")]
    assert "12元" in messages[(6, "amount")]
    assert not LedgerEntry.objects.exists()


def test_xlsx_with_date_and_number_cells(period, clerk):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["date", "kind", "category", "description", "amount"])
    sheet.append([datetime.datetime(2026, 3, 9), "支出", "environment", "清运垃圾", 880.4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    entries = importer.import_file(period, "m.xlsx", buffer.getvalue(), actor=clerk)
    assert entries[0].amount == Decimal("880.40")
    assert entries[0].date == datetime.date(2026, 3, 9)


def test_missing_columns_and_unreadable_files(period, clerk):
    with pytest.raises(importer.ImportFailed) as failure:
        importer.import_file(period, "m.csv", "date,kind\n2026-03-01,支出\n".encode(), actor=clerk)
    assert {e.column for e in failure.value.errors} == {"category", "description", "amount"}
    with pytest.raises(importer.ImportFailed):
        importer.import_file(period, "m.xlsx", b"not a workbook", actor=clerk)
    with pytest.raises(importer.ImportFailed):
        importer.import_file(period, "m.pdf", b"%PDF", actor=clerk)


def test_import_into_a_prepared_period_is_refused(period, clerk, index):
    services.add_entry(period.fund, builders.entry_data(), actor=clerk)
    services.prepare_period(period, actor=clerk)
    content = (HEADER + "2026-03-05,支出,environment,晚到的一行,100,,,\n").encode()
    with pytest.raises(services.EntryLocked):
        importer.import_file(period, "march.csv", content, actor=clerk)
    assert LedgerEntry.objects.count() == 1


def test_templates_import_cleanly(period, clerk):
    rows = importer.read_rows("t.xlsx", importer.template_xlsx())
    entries, errors = importer.validate(period, rows)
    assert errors == [] and len(entries) == 1
    rows = importer.read_rows("t.csv", importer.template_csv())
    entries, errors = importer.validate(period, rows)
    assert errors == [] and len(entries) == 1
    assert load_workbook(io.BytesIO(importer.template_xlsx())).active["A1"].value == "日期 date"
