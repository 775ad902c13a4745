"""Poll result exports go through the portal's one writer (portal/exports.py)."""

import csv
import io

import openpyxl

from polls import results

FORMULA = '=HYPERLINK("http://evil.example","x")'


def test_result_tables_write_formulas_as_text():
    table = [["问题", "答案", "票数"], [FORMULA, "@SUM(1+1)", 3]]
    rows = list(csv.reader(io.StringIO(results.to_csv(table).decode("utf-8-sig"))))
    assert rows[1] == ["'" + FORMULA, "'@SUM(1+1)", "3"]
    sheet = openpyxl.load_workbook(io.BytesIO(results.to_xlsx(table, "结果"))).active
    assert sheet["A2"].value == "'" + FORMULA
