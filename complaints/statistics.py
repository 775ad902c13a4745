"""How well and how fast the committee answers: figures per month, category and grid.

For each cell (month of submission in Asia/Shanghai, category, grid):

- **received**; **answered** (answered at least once); **answered on time** (the latest answer
  came by the deadline in force);
- **median** and **90th percentile** of the working days from submission to the latest answer
  (working days after the day of submission, counted with the working-day calendar: an answer
  the same day is 0, the next working day 1);
- the resident's latest **rating**: satisfied, basically satisfied, dissatisfied;
- **reopened** (at least once) and **overdue now** (open and past the deadline).

Counts are aggregated by the database in one grouped query; the durations come from a second
query of two dates per answered complaint, counted in working days with one calendar.

Published figures never let a reader single out a complaint: within a month and category, grids
with fewer than ``MIN_CELL`` complaints are merged into "other grids" (grown by the smallest
grids until it holds at least ``MIN_CELL``, or "all grids"); categories with fewer than
``MIN_CELL`` complaints in a month are merged in the same way into "other categories". Every
total shown is a sum of the merged cells, never of the raw ones, so no total minus the cells
shown gives back a merged part. Officials' own dashboards show their complaints unmerged.
"""

import datetime
import math
import statistics as stats
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from complaints.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintEvent,
    Rating,
    RatingValue,
)
from complaints.workdays import TZ, WorkingCalendar

MIN_CELL = 5
MONTHS = 12

# Markers of merged cells (real grid ids and category keys are never these strings).
NO_GRID = "none"
OTHER_GRIDS = "other"
ALL_GRIDS = "all"
OTHER_CATEGORIES = "other"
ALL_CATEGORIES = "all"

COUNTS = (
    "received",
    "answered",
    "answered_on_time",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "reopened",
    "overdue_now",
)


@dataclass
class Cell:
    month: str  # "2026-11"
    category: str  # a category's translation key, or OTHER_CATEGORIES / ALL_CATEGORIES
    grid: str  # a grid's id, NO_GRID, OTHER_GRIDS or ALL_GRIDS
    received: int = 0
    answered: int = 0
    answered_on_time: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    dissatisfied: int = 0
    reopened: int = 0
    overdue_now: int = 0
    days: list[int] = field(default_factory=list)  # working days to answer, one per answered

    def add(self, other: "Cell") -> "Cell":
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.days = sorted(self.days + other.days)
        return self

    @property
    def median_days(self) -> float | None:
        return float(stats.median(self.days)) if self.days else None

    @property
    def p90_days(self) -> int | None:
        """Nearest-rank 90th percentile."""
        if not self.days:
            return None
        ordered = sorted(self.days)
        return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]

    @property
    def reopened_share(self) -> float | None:
        """Reopened complaints as a percentage of those answered."""
        return round(100 * self.reopened / self.answered, 1) if self.answered else None

    @property
    def on_time_share(self) -> float | None:
        return round(100 * self.answered_on_time / self.answered, 1) if self.answered else None


def period(now: datetime.datetime | None = None, months: int = MONTHS):
    """The first moment of the month ``months - 1`` months ago and of the next month (Shanghai)."""
    local = (now or timezone.now()).astimezone(TZ)
    first = local.date().replace(day=1)
    end_month = (first + datetime.timedelta(days=32)).replace(day=1)
    start_month = first
    for _step in range(months - 1):
        start_month = (start_month - datetime.timedelta(days=1)).replace(day=1)
    as_time = lambda day: datetime.datetime.combine(day, datetime.time(), tzinfo=TZ)  # noqa: E731
    return as_time(start_month), as_time(end_month)


def _working_days(calendar: WorkingCalendar, start: datetime.date, end: datetime.date) -> int:
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            days += 1
    return days


def raw_cells(
    complaints: Iterable[Complaint] | None = None,
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    now: datetime.datetime | None = None,
) -> list[Cell]:
    """Unmerged figures of ``complaints`` (a queryset, default all) submitted in [start, end)."""
    now = now or timezone.now()
    queryset = complaints if complaints is not None else Complaint.objects.all()
    queryset = queryset.filter(submitted_at__gte=start, submitted_at__lt=end).order_by()
    latest_rating = Rating.objects.filter(complaint=OuterRef("pk")).order_by("-created_at", "-pk")
    reopened = ComplaintEvent.objects.filter(complaint=OuterRef("pk"), action="reopen")
    annotated = queryset.annotate(
        month=TruncMonth("submitted_at", tzinfo=TZ),
        last_rating=Subquery(latest_rating.values("value")[:1]),
        was_reopened=Exists(reopened),
    )
    rows = annotated.values("month", "category__translation_key", "grid_id").annotate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        answered_on_time=Count("pk", filter=Q(answered_at__lte=F("deadline"))),
        satisfied=Count("pk", filter=Q(last_rating=RatingValue.SATISFIED)),
        basically_satisfied=Count("pk", filter=Q(last_rating=RatingValue.BASICALLY_SATISFIED)),
        dissatisfied=Count("pk", filter=Q(last_rating=RatingValue.DISSATISFIED)),
        reopened=Count("pk", filter=Q(was_reopened=True)),
        overdue_now=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline__lt=now)),
    )
    cells: dict[tuple[str, str, str], Cell] = {}
    for row in rows:
        key = _key(row["month"], row["category__translation_key"], row["grid_id"])
        cells[key] = Cell(*key, **{name: row[name] for name in COUNTS})
    answered = (
        annotated.filter(answered_at__isnull=False)
        .values_list("month", "category__translation_key", "grid_id", "submitted_at", "answered_at")
        .order_by("submitted_at")
    )
    calendar = WorkingCalendar()
    for month, category, grid, submitted, answered_at in answered:
        days = _working_days(
            calendar, submitted.astimezone(TZ).date(), answered_at.astimezone(TZ).date()
        )
        cells[_key(month, category, grid)].days.append(days)
    for cell in cells.values():
        cell.days.sort()
    return sorted(cells.values(), key=lambda c: (c.month, c.category, c.grid))


def _key(month, category, grid) -> tuple[str, str, str]:
    if isinstance(month, datetime.datetime):
        month = month.astimezone(TZ)
    return (f"{month:%Y-%m}", str(category), NO_GRID if grid is None else str(grid))


def _combine(cells: list[Cell], month: str, category: str, grid: str) -> Cell:
    total = Cell(month, category, grid)
    for cell in cells:
        total.add(cell)
    return total


def _merge_small(cells: list[Cell], make) -> list[Cell]:
    """Cells of fewer than MIN_CELL are merged into one (``make(parts, everything)``), which
    takes the smallest large cells too until it reaches MIN_CELL or holds everything."""
    large = sorted((c for c in cells if c.received >= MIN_CELL), key=lambda c: -c.received)
    small = [c for c in cells if c.received < MIN_CELL]
    if not small:
        return large
    merged = small
    while sum(c.received for c in merged) < MIN_CELL and large:
        merged.append(large.pop())
    return [*large, make(merged, not large)]


def merge(cells: list[Cell]) -> list[Cell]:
    """The published cells: see the module's docstring."""
    by_month: dict[str, dict[str, list[Cell]]] = defaultdict(lambda: defaultdict(list))
    for cell in cells:
        by_month[cell.month][cell.category].append(cell)
    published: list[Cell] = []
    for month in sorted(by_month):
        categories = []
        for category, grid_cells in by_month[month].items():
            rows = _merge_small(
                grid_cells,
                lambda parts, everything, m=month, c=category: _combine(
                    parts, m, c, ALL_GRIDS if everything else OTHER_GRIDS
                ),
            )
            categories.append(rows)
        # A category is small when its whole month is (then it is one "all grids" cell).
        as_units = [_combine(rows, month, rows[0].category, ALL_GRIDS) for rows in categories]
        rows_of = {unit.category: rows for unit, rows in zip(as_units, categories, strict=True)}
        units = _merge_small(
            as_units,
            lambda parts, everything, m=month: _combine(
                parts, m, ALL_CATEGORIES if everything else OTHER_CATEGORIES, ALL_GRIDS
            ),
        )
        for unit in units:
            if unit.category in (OTHER_CATEGORIES, ALL_CATEGORIES):
                published.append(unit)
            else:
                published.extend(rows_of[unit.category])
    return published


def totals(cells: Iterable[Cell], by: str) -> list[Cell]:
    """Sums of the given cells per month (``by="month"``) or per category (``by="category"``)."""
    groups: dict[str, list[Cell]] = defaultdict(list)
    for cell in cells:
        groups[getattr(cell, by)].append(cell)
    result = []
    for value, group in groups.items():
        month = value if by == "month" else ""
        category = value if by == "category" else ALL_CATEGORIES
        result.append(_combine(group, month, category, ALL_GRIDS))
    return sorted(result, key=lambda c: (c.month, c.category))


def published_cells(now: datetime.datetime | None = None) -> list[Cell]:
    """The public figures of the last MONTHS months, cached (``COMPLAINTS_STATISTICS_CACHE``)."""
    start, end = period(now)
    key = f"complaints:statistics:v1:{start:%Y%m}:{end:%Y%m}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    cells = merge(raw_cells(start=start, end=end, now=now))
    cache.set(key, cells, settings.COMPLAINTS_STATISTICS_CACHE_SECONDS)
    return cells


def official_cells(user, now: datetime.datetime | None = None, months: int = 3) -> list[Cell]:
    """Monthly figures of the complaints of an official's grids and departments, unmerged."""
    start, end = period(now, months)
    key = f"complaints:statistics:user:{user.pk}:{start:%Y%m}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    cells = totals(
        raw_cells(Complaint.objects.handled_by(user), start=start, end=end, now=now), "month"
    )
    cache.set(key, cells, settings.COMPLAINTS_STATISTICS_CACHE_SECONDS)
    return cells
