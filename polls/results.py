"""Counting a poll's ballots: totals, percentages, turnout, channels, appraisal flags, grids.

Ballots are read once per poll (``answers`` only, no voter) and counted in Python; the labels
come from the page in the language being viewed.
"""

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from community.models import Grid, Household, Residency
from polls.models import (
    Ballot,
    Channel,
    Participation,
    PollPage,
    QuestionKind,
    Satisfaction,
)

GRID_MINIMUM = 5  # a grid's breakdown is shown only from this many ballots on


def percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    label: str
    count: int
    percent: Decimal
    flagged: bool = False
    option_id: int | None = None
    approved: bool = False


@dataclass
class QuestionResult:
    number: int
    text: str
    kind: str
    answered: int
    rows: list[Row] = field(default_factory=list)
    average: Decimal | None = None
    satisfaction_rate: Decimal | None = None
    dissatisfied_share: Decimal | None = None
    flagged: bool = False
    texts: list[str] = field(default_factory=list)


@dataclass
class GridResult:
    grid: Grid
    ballots: int
    questions: list[QuestionResult]


@dataclass
class PollResults:
    ballots: int
    eligible: int
    turnout: Decimal
    channels: list[Row]
    questions: list[QuestionResult]
    grids: list[GridResult] = field(default_factory=list)
    hidden_grids: int = 0


def eligible_count(poll: PollPage) -> int:
    """Households in the poll's area, or verified accounts there for one-per-account polls."""
    grid_ids = [grid.pk for grid in poll.grids.all()]
    if poll.per_household:
        households = Household.objects.all()
        if grid_ids:
            households = households.filter(building__grid__in=grid_ids)
        return households.count()
    residencies = Residency.objects.verified()
    if grid_ids:
        residencies = residencies.filter(household__building__grid__in=grid_ids)
    return residencies.values("user").distinct().count()


def _count_question(question, display, answers: list[dict], threshold: int, number: int):
    key = str(question.pk)
    values = [answer[key] for answer in answers if key in answer]
    result = QuestionResult(
        number=number,
        text=display.text if display else question.text,
        kind=question.kind,
        answered=len(values),
    )
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        counts = Counter(option_id for value in values for option_id in value)
        labels = {}
        if display is not None:
            labels = {option.translation_key: option.label for option in display.options.all()}
        for option in question.options.all():
            result.rows.append(
                Row(
                    label=labels.get(option.translation_key, option.label),
                    count=counts.get(option.pk, 0),
                    percent=percent(counts.get(option.pk, 0), len(values)),
                    option_id=option.pk,
                    approved=option.approved,
                )
            )
    elif question.kind == QuestionKind.RATING:
        counts = Counter(values)
        for rating in range(5, 0, -1):
            result.rows.append(
                Row(
                    label=str(rating),
                    count=counts[rating],
                    percent=percent(counts[rating], len(values)),
                )
            )
        if values:
            result.average = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"))
    elif question.kind == QuestionKind.SATISFACTION:
        counts = Counter(values)
        for level in Satisfaction:
            result.rows.append(
                Row(
                    label=str(level.label),
                    count=counts[level.value],
                    percent=percent(counts[level.value], len(values)),
                )
            )
        satisfied = counts[Satisfaction.SATISFIED] + counts[Satisfaction.BASIC]
        result.satisfaction_rate = percent(satisfied, len(values))
        result.dissatisfied_share = percent(counts[Satisfaction.DISSATISFIED], len(values))
        result.flagged = bool(values) and result.dissatisfied_share > threshold
    else:
        result.texts = [value for value in values if value]
    return result


def _count(poll: PollPage, display_poll: PollPage, answers: list[dict]) -> list[QuestionResult]:
    displayed = {}
    if display_poll.pk != poll.pk:
        displayed = {
            question.translation_key: question for question in display_poll.get_questions()
        }
    results = []
    for number, question in enumerate(poll.get_questions(), start=1):
        display = displayed.get(question.translation_key, question)
        results.append(
            _count_question(question, display, answers, poll.dissatisfied_threshold, number)
        )
    return results


def poll_results(display_poll: PollPage, *, with_grids: bool = False) -> PollResults:
    """The results of ``display_poll`` (counted on its source), labelled in its language."""
    poll = display_poll.source
    rows = list(Ballot.objects.filter(poll=poll).values_list("answers", "grid_id"))
    answers = [answer for answer, _grid in rows]
    eligible = eligible_count(poll)
    channel_counts = dict(
        Participation.objects.filter(poll=poll)
        .values_list("channel")
        .annotate(count=Count("pk"))
        .values_list("channel", "count")
    )
    total = len(answers)
    channels = [
        Row(
            label=str(channel.label),
            count=channel_counts.get(channel.value, 0),
            percent=percent(channel_counts.get(channel.value, 0), total),
        )
        for channel in Channel
    ]
    results = PollResults(
        ballots=total,
        eligible=eligible,
        turnout=percent(total, eligible),
        channels=channels,
        questions=_count(poll, display_poll, answers),
    )
    if with_grids:
        by_grid: dict[int, list[dict]] = defaultdict(list)
        for answer, grid_id in rows:
            if grid_id is not None:
                by_grid[grid_id].append(answer)
        grids = Grid.objects.in_bulk(list(by_grid))
        for grid_id in sorted(by_grid, key=lambda pk: grids[pk].code):
            grid_answers = by_grid[grid_id]
            if len(grid_answers) < GRID_MINIMUM:
                results.hidden_grids += 1
                continue
            results.grids.append(
                GridResult(
                    grid=grids[grid_id],
                    ballots=len(grid_answers),
                    questions=_count(poll, display_poll, grid_answers),
                )
            )
    return results


# -- exports ------------------------------------------------------------------------------------


def export_rows(display_poll: PollPage) -> list[list[Any]]:
    """The totals as a table: a header, then one row per option, rating or level."""
    results = poll_results(display_poll)
    header = [_("Question"), _("Answer"), _("Ballots"), _("Percent")]
    table: list[list[Any]] = [header]
    for question in results.questions:
        for row in question.rows:
            table.append([question.text, row.label, row.count, float(row.percent)])
        if question.kind == QuestionKind.TEXT:
            table.append([question.text, _("written answers"), len(question.texts), ""])
    table.append([_("Turnout"), _("ballots of eligible"), results.ballots, float(results.turnout)])
    for channel in results.channels:
        table.append([_("Channel"), channel.label, channel.count, float(channel.percent)])
    return table


def to_csv(table: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in table:
        writer.writerow([_safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode()  # the BOM lets Excel read UTF-8


def to_xlsx(table: list[list[Any]], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (title or "results")[:31]
    for row in table:
        sheet.append([_safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe_cell(value: Any) -> Any:
    """Text starting with a formula character is written as text, not run by a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
