"""Per-grid results side by side, for officials: one table per question, a row per grid and a
column per option, and the same figures as rows of the export.

Everything comes from ``polls.results.poll_results(..., with_grids=True)``, which decides which
grids may be shown without revealing a household's choice; nothing here counts ballots.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from polls.models import QuestionKind
from polls.results import PollResults, QuestionResult


@dataclass
class Cell:
    count: int
    percent: Decimal


@dataclass
class GridRow:
    name: str
    ballots: int
    cells: list[Cell]
    average: Decimal | None = None
    satisfaction_rate: Decimal | None = None


@dataclass
class GridTable:
    question: QuestionResult
    columns: list[str]
    rows: list[GridRow]
    total: GridRow


def _row(name: str, ballots: int, question: QuestionResult) -> GridRow:
    return GridRow(
        name=name,
        ballots=ballots,
        cells=[Cell(row.count, row.percent) for row in question.rows],
        average=question.average,
        satisfaction_rate=question.satisfaction_rate,
    )


def grid_tables(results: PollResults) -> list[GridTable]:
    """A table per question with options (text answers have none), from the shown grids."""
    tables = []
    for index, question in enumerate(results.questions):
        if question.kind == QuestionKind.TEXT or not question.rows:
            continue
        rows = [_row(grid.grid.name, grid.ballots, grid.questions[index]) for grid in results.grids]
        tables.append(
            GridTable(
                question=question,
                columns=[row.label for row in question.rows],
                rows=rows,
                total=_row(_("All grids"), results.ballots, question),
            )
        )
    return tables


def grid_export_rows(results: PollResults) -> list[list[Any]]:
    """The per-grid figures as export rows: grid, question, answer, ballots, percent."""
    table: list[list[Any]] = [
        [],
        [_("Grid"), _("Question"), _("Answer"), _("Ballots"), _("Percent")],
    ]
    for grid in results.grids:
        for question in grid.questions:
            if question.kind == QuestionKind.TEXT:
                continue
            for row in question.rows:
                table.append(
                    [grid.grid.name, question.text, row.label, row.count, float(row.percent)]
                )
    if results.hidden_grids:
        table.append(
            [
                _("Grids not shown (too few ballots to keep them secret)"),
                "",
                "",
                results.hidden_grids,
                "",
            ]
        )
    return table
