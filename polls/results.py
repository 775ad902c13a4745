"""Counting a poll's ballots: totals, percentages, turnout, channels, appraisal flags, grids.

Ballots are read once per poll (``answers`` only, no voter) and counted in Python, once a poll
has closed and then kept in the cache (``_tally``): a closed poll's counts never change. The labels
come from the page in the language being viewed.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
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
from portal import exports

GRID_MINIMUM = 5  # no figure ever rests on fewer ballots than this (ballot secrecy, below)
MINIMUM_GROUP = GRID_MINIMUM


# -- ballot secrecy -----------------------------------------------------------------------------
#
# Whatever anyone can see (totals, grids, exports, interim figures seen today and tomorrow, the
# final figures), no arithmetic on them may single out fewer than MINIMUM_GROUP ballots:
#
# * Figures for the answers appear once the poll has closed. While it is open, turnout and
#   channels are live but the answers are not counted: two interim views a minute apart would
#   tell how the one household that voted in between chose (ballots carry no time and are
#   shuffled, so no "first N ballots" can be counted either).
# * A closed poll shows every ballot, but only from 5 ballots on (3 ballots, all for A, would
#   tell each household's choice).
# * Per-grid figures (officials only) show grids of 5 ballots or more; and when the ballots
#   outside the shown grids (hidden grids and ballots without a grid: totals minus the shown
#   grids) are between 1 and 4, the smallest shown grid is hidden too (complementary
#   suppression), so that difference is 0 or at least 5 ballots. Every figure then rests on a
#   union of groups of 0 or at least 5 ballots.
#
# polls/tests/test_ballot_secrecy.py tries random distributions with hypothesis.


def counted_ballots(total: int, *, closed: bool, minimum: int = MINIMUM_GROUP) -> int:
    """How many of ``total`` ballots the published figures count: all or none."""
    return total if closed and total >= minimum else 0


def publishable_grids(
    sizes: dict[Any, int], counted: int, *, minimum: int = MINIMUM_GROUP
) -> set[Any]:
    """The grids (keys of ``sizes``; None for ballots without a grid) whose figures may be shown
    beside totals over ``counted`` ballots."""
    shown = {grid for grid, size in sizes.items() if grid is not None and size >= minimum}
    rest = counted - sum(sizes[grid] for grid in shown)
    while 0 < rest < minimum and shown:
        smallest = min(shown, key=lambda grid: (sizes[grid], str(grid)))
        shown.remove(smallest)
        rest += sizes[smallest]
    return shown


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
    counted: int = 0  # ballots the figures count (see "ballot secrecy" above)
    grids_after_close: bool = False  # grid figures wait for the poll to close


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


def _tally_question(question, answers: list[dict]) -> dict[str, Any]:
    """What the figures of one question need from ``answers``: how many answered it, the count
    of each option, rating or level, and the written answers."""
    key = str(question.pk)
    values = [answer[key] for answer in answers if key in answer]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        counts = Counter(option_id for value in values for option_id in value)
    elif question.kind in (QuestionKind.RATING, QuestionKind.SATISFACTION):
        counts = Counter(values)
    else:
        counts = Counter()
    texts = [value for value in values if value] if question.kind == QuestionKind.TEXT else []
    return {"answered": len(values), "counts": dict(counts), "texts": texts}


def _count_question(question, display, tally: dict[str, Any], threshold: int, number: int):
    answered, counts = tally["answered"], Counter(tally["counts"])
    result = QuestionResult(
        number=number,
        text=display.text if display else question.text,
        kind=question.kind,
        answered=answered,
    )
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        labels = {}
        if display is not None:
            labels = {option.translation_key: option.label for option in display.options.all()}
        for option in question.options.all():
            result.rows.append(
                Row(
                    label=labels.get(option.translation_key, option.label),
                    count=counts.get(option.pk, 0),
                    percent=percent(counts.get(option.pk, 0), answered),
                    option_id=option.pk,
                    approved=option.approved,
                )
            )
    elif question.kind == QuestionKind.RATING:
        for rating in range(5, 0, -1):
            result.rows.append(
                Row(
                    label=str(rating),
                    count=counts[rating],
                    percent=percent(counts[rating], answered),
                )
            )
        if answered:
            total = sum(rating * count for rating, count in counts.items())
            result.average = (Decimal(total) / answered).quantize(Decimal("0.01"))
    elif question.kind == QuestionKind.SATISFACTION:
        for level in Satisfaction:
            result.rows.append(
                Row(
                    label=str(level.label),
                    count=counts[level.value],
                    percent=percent(counts[level.value], answered),
                )
            )
        satisfied = counts[Satisfaction.SATISFIED] + counts[Satisfaction.BASIC]
        result.satisfaction_rate = percent(satisfied, answered)
        result.dissatisfied_share = percent(counts[Satisfaction.DISSATISFIED], answered)
        result.flagged = bool(answered) and result.dissatisfied_share > threshold
    else:
        result.texts = list(tally["texts"])
    return result


def _count(
    poll: PollPage, display_poll: PollPage, tallies: dict[str, dict[str, Any]]
) -> list[QuestionResult]:
    displayed = {}
    if display_poll.pk != poll.pk:
        displayed = {
            question.translation_key: question for question in display_poll.get_questions()
        }
    results = []
    empty = {"answered": 0, "counts": {}, "texts": []}
    for number, question in enumerate(poll.get_questions(), start=1):
        display = displayed.get(question.translation_key, question)
        tally = tallies.get(str(question.pk), empty)
        results.append(
            _count_question(question, display, tally, poll.dissatisfied_threshold, number)
        )
    return results


def _tally_answers(questions, answers: list[dict]) -> dict[str, dict[str, Any]]:
    return {str(question.pk): _tally_question(question, answers) for question in questions}


# The counts of a closed poll never change (no ballot is cast after it closes), so they are kept
# in the cache and the ballots are read once per poll, not on every view of its results. The key
# holds what would change them: the number of ballots, the closing time and the last publication
# of the poll (its questions).
TALLY_SECONDS = 24 * 3600


def _tally_key(poll: PollPage, total: int) -> str:
    published = poll.last_published_at.timestamp() if poll.last_published_at else 0
    return f"polls:tally:{poll.pk}:{total}:{poll.closes_at.timestamp()}:{published}"


def _tally(poll: PollPage, total: int) -> dict[str, Any]:
    """Counts of a closed poll's ballots: per question, and per grid (officials' breakdown)."""
    key = _tally_key(poll, total)
    tally = cache.get(key)
    if tally is not None:
        return tally
    rows = list(Ballot.objects.filter(poll=poll).order_by("pk").values_list("answers", "grid_id"))
    questions = list(poll.get_questions())
    by_grid: dict[int | None, list[dict]] = defaultdict(list)
    for answer, grid_id in rows:
        by_grid[grid_id].append(answer)
    tally = {
        "counted": len(rows),
        "questions": _tally_answers(questions, [answer for answer, _grid in rows]),
        "grids": {
            grid_id: {"ballots": len(answers), "questions": _tally_answers(questions, answers)}
            for grid_id, answers in by_grid.items()
        },
        "channels": _channel_counts(poll),
    }
    if len(rows) == total:  # not a ballot added or removed while they were read
        cache.set(key, tally, TALLY_SECONDS)
    return tally


def _channel_counts(poll: PollPage) -> dict[str, int]:
    return dict(
        Participation.objects.filter(poll=poll)
        .values_list("channel")
        .annotate(count=Count("pk"))
        .values_list("channel", "count")
    )


def poll_results(display_poll: PollPage, *, with_grids: bool = False) -> PollResults:
    """The results of ``display_poll`` (counted on its source), labelled in its language."""
    poll = display_poll.source
    total = Ballot.objects.filter(poll=poll).count()
    closed = poll.has_closed()
    if counted_ballots(total, closed=closed):
        tally = _tally(poll, total)
        total = tally["counted"]
    else:  # nothing counted: the ballots are not read at all
        tally = {"counted": 0, "questions": {}, "grids": {}, "channels": _channel_counts(poll)}
    eligible = eligible_count(poll)
    channel_counts = tally["channels"]
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
        questions=_count(poll, display_poll, tally["questions"]),
        counted=tally["counted"],
    )
    if with_grids and not closed:
        results.grids_after_close = True
    elif with_grids and tally["counted"]:
        by_grid = tally["grids"]
        shown = publishable_grids(
            {grid_id: grid["ballots"] for grid_id, grid in by_grid.items()}, tally["counted"]
        )
        results.hidden_grids = sum(1 for grid_id in by_grid if grid_id is not None) - len(shown)
        grids = Grid.objects.in_bulk(list(shown))
        for grid_id in sorted(shown, key=lambda pk: grids[pk].code):
            results.grids.append(
                GridResult(
                    grid=grids[grid_id],
                    ballots=by_grid[grid_id]["ballots"],
                    questions=_count(poll, display_poll, by_grid[grid_id]["questions"]),
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
    table.append([_("Ballots counted"), _("in the figures above"), results.counted, ""])
    for channel in results.channels:
        table.append([_("Channel"), channel.label, channel.count, float(channel.percent)])
    return table


def to_csv(table: list[list[Any]]) -> bytes:
    return exports.csv_bytes(table)  # the portal's one writer: formulas never run


def to_xlsx(table: list[list[Any]], title: str) -> bytes:
    return exports.xlsx_bytes(table, title or "results")
