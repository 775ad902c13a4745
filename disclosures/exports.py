"""A period's entries as files: the canonical CSV (whose SHA-256 is the period's digest), XLSX
and JSON.

The canonical CSV is the tamper evidence: fixed English column names, entries in (date, id)
order, amounts with two decimals, UTF-8 without a byte-order mark, "\\n" line ends. The CSV a
resident downloads is exactly these bytes, so ``sha256sum`` of the file equals the digest shown
on the page.
"""

import hashlib
import io
import json

from django.http import HttpResponse
from django.utils.translation import gettext as _

from disclosures.models import Category, LedgerEntry, Period
from portal import exports

FORMATS = ("csv", "xlsx", "json")
COLUMNS = [
    "entry_id",
    "date",
    "kind",
    "category",
    "description",
    "amount",
    "counterparty",
    "voucher_number",
    "approved_by",
    "voucher_sha1",
    "project_id",
    "corrects",
    "correction_reason",
]


def _rows(period: Period):
    entries = (
        LedgerEntry.objects.filter(period=period)
        .select_related("category", "voucher")
        .order_by("date", "pk")
    )
    for entry in entries.iterator(chunk_size=2000):
        yield (
            entry,
            [
                str(entry.pk),
                entry.date.isoformat(),
                entry.kind,
                entry.category.slug,
                entry.description,
                f"{entry.amount:.2f}",
                entry.counterparty,
                entry.voucher_number,
                entry.approved_by,
                entry.voucher.file_hash if entry.voucher_id else "",
                str(entry.project_id or ""),
                str(entry.corrects_id or ""),
                entry.correction_reason,
            ],
        )


def canonical_csv(period: Period) -> bytes:
    # Through the portal's one CSV writer: text a spreadsheet would run as a formula starts with
    # an apostrophe, in the file residents open and in the bytes the digest covers alike.
    rows = [COLUMNS, *(row for _entry, row in _rows(period))]
    return exports.csv_bytes(rows, bom=False, lineterminator="\n")


def digest(period: Period) -> str:
    return hashlib.sha256(canonical_csv(period)).hexdigest()


def _category_names(language: str) -> dict[str, str]:
    return dict(Category.objects.filter(locale__language_code=language).values_list("slug", "name"))


def _filename(period: Period, fmt: str) -> str:
    return f"{period.fund.slug}-{period.key}.{fmt}"


def response(period: Period, fmt: str, *, language: str) -> HttpResponse:
    if fmt == "csv":
        result = HttpResponse(canonical_csv(period), content_type="text/csv; charset=utf-8")
    elif fmt == "json":
        names = _category_names(language)
        entries = []
        for _entry, row in _rows(period):
            item = dict(zip(COLUMNS, row, strict=True))
            item["category_name"] = names.get(item["category"], item["category"])
            entries.append(item)
        body = {
            "fund": period.fund.slug,
            "period": period.key,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "opening_balance": f"{period.opening_balance or 0:.2f}",
            "closing_balance": f"{period.closing_balance or 0:.2f}",
            "sha256": period.digest,
            "entries": entries,
        }
        result = HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
    else:
        result = HttpResponse(
            xlsx(period, language=language),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    result["Content-Disposition"] = f'attachment; filename="{_filename(period, fmt)}"'
    return result


def xlsx(period: Period, *, language: str) -> bytes:
    from openpyxl import Workbook

    names = _category_names(language)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(period.key)
    sheet.append(
        [
            _("Entry"),
            _("Date"),
            _("Income or expense"),
            _("Category"),
            _("Description"),
            _("Amount (CNY)"),
            _("Counterparty"),
            _("Voucher number"),
            _("Approved by"),
            _("Corrects entry"),
            _("Reason for the correction"),
        ]
    )
    for entry, _row in _rows(period):
        sheet.append(
            [
                cell if not isinstance(cell, str) else exports.neutralise(cell)
                for cell in (
                    entry.pk,
                    entry.date,
                    entry.get_kind_display(),
                    names.get(entry.category.slug, entry.category.name),
                    entry.description,
                    entry.amount,
                    entry.counterparty,
                    entry.voucher_number,
                    entry.approved_by,
                    entry.corrects_id,
                    entry.correction_reason,
                )
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
