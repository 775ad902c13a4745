"""Import a period's entries from an XLSX or CSV file.

Every row is checked first; the messages name the row (as numbered in the spreadsheet, the
header being row 1) and the column. Only a file without a single problem is saved, all at once,
through ``services.import_entries``.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosures import services
from disclosures.models import Category, Kind, Period, source_of
from portal import exports

# column key, header in the template (Chinese first; English headers are accepted too)
COLUMNS = [
    ("date", "日期 date"),
    ("kind", "收支 kind"),
    ("category", "类别 category"),
    ("description", "摘要 description"),
    ("amount", "金额 amount"),
    ("counterparty", "对方单位 counterparty"),
    ("voucher_number", "凭证号 voucher_number"),
    ("approved_by", "审批人 approved_by"),
]
REQUIRED = ("date", "kind", "category", "description", "amount")
KINDS = {
    "income": Kind.INCOME,
    "收入": Kind.INCOME,
    "expense": Kind.EXPENSE,
    "支出": Kind.EXPENSE,
}
COLUMN_LABELS = {
    "date": gettext_lazy("date"),
    "kind": gettext_lazy("income or expense"),
    "category": gettext_lazy("category"),
    "description": gettext_lazy("description"),
    "amount": gettext_lazy("amount"),
    "counterparty": gettext_lazy("counterparty"),
    "voucher_number": gettext_lazy("voucher number"),
    "approved_by": gettext_lazy("approved by"),
    "file": gettext_lazy("file"),
}
MAX_ROWS = 20_000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    @property
    def column_label(self) -> str:
        return str(COLUMN_LABELS.get(self.column, self.column))


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


def _header_key(value) -> str | None:
    text = str(value or "").strip().lower()
    for key, header in COLUMNS:
        if text in (key, header.lower(), header.split(" ")[0].lower()):
            return key
    return None


def read_rows(name: str, content: bytes) -> list[dict]:
    """The file's rows as dicts keyed by column, each with its spreadsheet row number."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds on a broken file
            raise ImportFailed(
                [RowError(0, "file", _("This is not a readable XLSX file."))]
            ) from error
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("gb18030")
            except UnicodeDecodeError as error:
                raise ImportFailed(
                    [RowError(0, "file", _("The CSV file is neither UTF-8 nor GB18030."))]
                ) from error
        values = list(csv.reader(io.StringIO(text)))
    else:
        raise ImportFailed([RowError(0, "file", _("Choose an XLSX or CSV file."))])
    if not values:
        raise ImportFailed([RowError(0, "file", _("The file is empty."))])
    keys = [_header_key(cell) for cell in values[0]]
    missing = [key for key in REQUIRED if key not in keys]
    if missing:
        raise ImportFailed(
            [
                RowError(1, key, _("The header row has no column “%(column)s”.") % {"column": key})
                for key in missing
            ]
        )
    rows = []
    for number, cells in enumerate(values[1:], start=2):
        if not any(str(cell or "").strip() for cell in cells):
            continue
        row = {"_row": number}
        for key, cell in zip(keys, cells, strict=False):
            if key:
                row[key] = cell
        rows.append(row)
    if len(rows) > MAX_ROWS:
        raise ImportFailed(
            [RowError(0, "file", _("At most %(max)d rows per file.") % {"max": MAX_ROWS})]
        )
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    return datetime.date.fromisoformat(text)


def _amount(value) -> Decimal:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = repr(value)
    text = _text(value).replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    return Decimal(text)


def _categories() -> dict[str, Category]:
    found = {}
    for category in Category.objects.select_related("locale"):
        source = source_of(category)
        found[category.slug.lower()] = source
        found[category.name.strip().lower()] = source
    return found


def validate(period: Period, rows: list[dict]) -> tuple[list[services.EntryData], list[RowError]]:
    categories = _categories()
    entries, errors = [], []
    for row in rows:
        number = row["_row"]
        problems = []

        def problem(column: str, message: str, number: int = number, problems=problems) -> None:
            problems.append(RowError(number, column, message))

        for key in REQUIRED:
            if not _text(row.get(key)):
                problem(key, _("This column is empty."))
        date = amount = category = kind = None
        if _text(row.get("date")):
            try:
                date = _date(row["date"])
            except ValueError:
                problem(
                    "date", _("“%(value)s” is not a date like 2026-03-05.") % {"value": row["date"]}
                )
            else:
                if not period.start <= date <= period.end:
                    problem(
                        "date",
                        _("%(date)s is outside the period %(start)s to %(end)s.")
                        % {"date": date, "start": period.start, "end": period.end},
                    )
        if _text(row.get("kind")):
            kind = KINDS.get(_text(row["kind"]).lower())
            if kind is None:
                problem("kind", _("Write 收入 (income) or 支出 (expense)."))
        if _text(row.get("category")):
            category = categories.get(_text(row["category"]).lower())
            if category is None:
                problem(
                    "category",
                    _("There is no category “%(value)s”.") % {"value": _text(row["category"])},
                )
        if _text(row.get("amount")):
            try:
                amount = _amount(row["amount"])
                if not amount.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                problem(
                    "amount",
                    _("“%(value)s” is not a number like 1200.50.")
                    % {"value": _text(row["amount"])},
                )
            else:
                if amount <= 0:
                    problem("amount", _("The amount must be more than zero."))
                elif amount != amount.quantize(Decimal("0.01")):
                    problem("amount", _("The amount has more than two decimal places (fen)."))
        for key, limit in (("description", 300), ("counterparty", 120), ("voucher_number", 40)):
            if len(_text(row.get(key))) > limit:
                problem(key, _("At most %(limit)d characters.") % {"limit": limit})
        if problems:
            errors.extend(problems)
            continue
        entries.append(
            services.EntryData(
                date=date,
                kind=kind,
                category=category,
                description=_text(row["description"]),
                amount=amount,
                counterparty=_text(row.get("counterparty")),
                voucher_number=_text(row.get("voucher_number")),
                approved_by=_text(row.get("approved_by"))[:120],
            )
        )
    return entries, errors


def import_file(period: Period, name: str, content: bytes, *, actor) -> list:
    """Check the whole file, then save every row or none; raises ``ImportFailed``."""
    rows = read_rows(name, content)
    entries, errors = validate(period, rows)
    if errors:
        raise ImportFailed(errors)
    if not entries:
        raise ImportFailed([RowError(0, "file", _("The file has no entries."))])
    return services.import_entries(period, entries, actor=actor)


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "entries"
    sheet.append([header for _key, header in COLUMNS])
    sheet.append(
        [
            datetime.date(2026, 3, 5),
            "支出",
            "environment",
            "3号楼楼道粉刷",
            Decimal("1200.50"),
            "某某装饰工程有限公司",
            "记-2026-03-001",
            "社区两委会议",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv() -> bytes:
    header = [header for _key, header in COLUMNS]
    return exports.csv_bytes(
        [
            header,
            [
                "2026-03-05",
                "支出",
                "environment",
                "3号楼楼道粉刷",
                "1200.50",
                "某某装饰工程有限公司",
                "记-2026-03-001",
                "社区两委会议",
            ],
        ]
    )
