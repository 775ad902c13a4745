"""A period's entries as files: the canonical CSV, the sealed statement (whose SHA-256 is the
period's digest), XLSX and JSON.

The canonical CSV lists the entries: fixed English column names, entries in (date, id) order,
amounts with two decimals, UTF-8 without a byte-order mark, "\\n" line ends.

The sealed statement (digest version 2) covers everything the public page shows: the fund, the
period's first and last day, the opening and closing balances, income and expense in total and
per category, and the SHA-256 of the canonical CSV. The statement a resident downloads is exactly
these bytes, so ``sha256sum`` of it equals the digest shown on the page, and ``sha256sum`` of the
CSV equals the ``entries_sha256`` line inside it.

Periods sealed before version 2 have digests of the CSV alone (version 1);
``migrations/0005_digest_v2.py`` resealed the ones that still matched.
"""

import hashlib
import io
import json

from django.http import HttpResponse
from django.utils.translation import gettext as _

from disclosures.models import Category, LedgerEntry, Period
from portal import exports

FORMATS = ("csv", "xlsx", "json", "txt")
STATEMENT_FORMAT = "portal-disclosure-statement 2"
DIGEST_VERSION = 2
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


def _money(value) -> str:
    return f"{value or 0:.2f}"


def statement(period: Period) -> bytes:
    """The sealed statement of the period (see the module's docstring): "key: value" lines."""
    from django.db.models import Q, Sum

    from disclosures.models import Kind

    entries = LedgerEntry.objects.filter(period=period)
    totals = entries.totals()
    by_category = (
        entries.values("category__slug")
        .annotate(
            income=Sum("amount", filter=Q(kind=Kind.INCOME)),
            expense=Sum("amount", filter=Q(kind=Kind.EXPENSE)),
        )
        .order_by("category__slug")
    )
    lines = [
        STATEMENT_FORMAT,
        f"fund: {period.fund.slug}",
        f"period: {period.key}",
        f"start: {period.start.isoformat()}",
        f"end: {period.end.isoformat()}",
        f"opening_balance: {_money(period.opening_balance)}",
        f"income: {_money(totals['income'])}",
        f"expense: {_money(totals['expense'])}",
        f"closing_balance: {_money(period.closing_balance)}",
        f"entries: {entries.count()}",
    ]
    for row in by_category:
        lines.append(
            f"category: {row['category__slug']} income {_money(row['income'])} "
            f"expense {_money(row['expense'])}"
        )
    lines.append(f"entries_sha256: {hashlib.sha256(canonical_csv(period)).hexdigest()}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def digest(period: Period, version: int = DIGEST_VERSION) -> str:
    """The SHA-256 the period is sealed with: of the statement (version 2), or of the CSV of
    entries alone (version 1, periods sealed before the statement existed)."""
    if version == 1:
        return hashlib.sha256(canonical_csv(period)).hexdigest()
    return hashlib.sha256(statement(period)).hexdigest()


def _category_names(language: str) -> dict[str, str]:
    return dict(Category.objects.filter(locale__language_code=language).values_list("slug", "name"))


def _filename(period: Period, fmt: str) -> str:
    return f"{period.fund.slug}-{period.key}.{fmt}"


def response(period: Period, fmt: str, *, language: str) -> HttpResponse:
    if fmt == "csv":
        result = HttpResponse(canonical_csv(period), content_type="text/csv; charset=utf-8")
    elif fmt == "txt":
        result = HttpResponse(statement(period), content_type="text/plain; charset=utf-8")
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
            "digest_version": period.digest_version,
            "entries_sha256": hashlib.sha256(canonical_csv(period)).hexdigest(),
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
