"""How well and how fast the committee answers: figures per month, category and grid.

For each cell (month of submission in Asia/Shanghai, category, grid):

- **received**; **answered** (answered at least once); **answered on time** (the latest answer
  came by the deadline in force);
- **median** and **90th percentile** of the working days from submission to the latest answer
  (working days after the day of submission, counted with the working-day calendar: an answer
  the same day is 0, the next working day 1);
- the resident's latest **rating**: satisfied, basically satisfied, dissatisfied;
- **reopened** (at least once) and **overdue now** (open and past the deadline).

Everything is computed by the database, one query per table (cells, months, categories): it
ranks the answered complaints of each group by their working days (``ROW_NUMBER`` and ``COUNT``
windows) and picks the median (the middle one, or the mean of the two middle ones) and the
nearest-rank 90th percentile; the working days themselves are counted in SQL
(``workdays.working_days_sql``), with the calendar as it is now.

Published figures never let a reader single out a complaint: within a month and category, grids
with fewer than ``MIN_CELL`` complaints are merged into "other grids" (grown by the smallest
grids until it holds at least ``MIN_CELL``, or "all grids"); categories with fewer than
``MIN_CELL`` complaints in a month are merged in the same way into "other categories". Every
total shown is a sum of the merged cells, never of the raw ones, so no total minus the cells
shown gives back a merged part. Officials' own dashboards show their complaints unmerged.
Which cells to merge is decided from the counts of a first query; the figures of the merged cells
then come from the database like the others, grouped by published cell, in the same snapshot.
"""

import datetime
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncDate, TruncMonth
from django.utils import timezone

from complaints.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintEvent,
    Rating,
    RatingValue,
)
from complaints.workdays import TZ, working_days_sql

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

Key = tuple[str, str, str]


@dataclass
class Cell:
    month: str  # "2026-11", or "" for a category's total
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
    median_days: float | None = None  # working days to answer: the median ...
    p90_days: int | None = None  # ... and the nearest-rank 90th percentile
    parts: list[Key] = field(default_factory=list, repr=False)  # the raw cells merged into it

    def add(self, other: "Cell") -> "Cell":
        """Add ``other``'s counts (the percentiles of a sum come from the database)."""
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.parts.extend(other.parts or [(other.month, other.category, other.grid)])
        return self

    @property
    def reopened_share(self) -> float | None:
        """Reopened complaints as a percentage of those answered."""
        return round(100 * self.reopened / self.answered, 1) if self.answered else None

    @property
    def on_time_share(self) -> float | None:
        return round(100 * self.answered_on_time / self.answered, 1) if self.answered else None


@dataclass
class Published:
    """What ``/complaints/statistics/`` shows: the merged cells and their sums."""

    cells: list[Cell]
    months: list[Cell]
    categories: list[Cell]


def period(now: datetime.datetime | None = None, months: int = MONTHS):
    """The first moment of the month ``months - 1`` months ago and of the next month (Shanghai)."""
    local = (now or timezone.now()).astimezone(TZ)
    first = local.date().replace(day=1)
    end_month = (first + datetime.timedelta(days=32)).replace(day=1)
    start_month = first
    for _step in range(months - 1):
        start_month = (start_month - datetime.timedelta(days=1)).replace(day=1)
    return _as_time(start_month), _as_time(end_month)


def _as_time(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=TZ)


def _month_range(month: str) -> Q:
    first = datetime.date(int(month[:4]), int(month[5:7]), 1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return Q(submitted_at__gte=_as_time(first), submitted_at__lt=_as_time(following))


def _category_key(value) -> str:
    """Category keys as ``str(UUID)``, whichever way the database spells a UUID as text."""
    text = str(value)
    return text if text in (OTHER_CATEGORIES, ALL_CATEGORIES) else str(uuid.UUID(text))


def _in_period(queryset: QuerySet | None, start, end) -> QuerySet:
    queryset = queryset if queryset is not None else Complaint.objects.all()
    return queryset.filter(submitted_at__gte=start, submitted_at__lt=end).order_by()


RAW_CATEGORY = Cast("category__translation_key", CharField())
RAW_GRID = Case(
    When(grid__isnull=True, then=Value(NO_GRID)),
    default=Cast("grid_id", CharField()),
    output_field=CharField(),
)


def received_per_cell(queryset: QuerySet) -> list[Cell]:
    """How many complaints each raw cell holds: all that deciding the merging needs."""
    rows = (
        queryset.annotate(
            cell_month=TruncMonth("submitted_at", tzinfo=TZ),
            cell_category=RAW_CATEGORY,
            cell_grid=RAW_GRID,
        )
        .values("cell_month", "cell_category", "cell_grid")
        .annotate(received=Count("pk"))
    )
    return [
        Cell(
            f"{row['cell_month'].astimezone(TZ):%Y-%m}",
            _category_key(row["cell_category"]),
            row["cell_grid"],
            received=row["received"],
        )
        for row in rows
    ]


def figures(
    queryset: QuerySet, keys: dict[str, Expression], *, now: datetime.datetime | None = None
) -> dict[tuple, Cell]:
    """All the figures of ``queryset``'s complaints per group of ``keys`` (some of ``month``,
    ``category``, ``grid``; those left out are "all"), computed by the database in one query."""
    if not keys:
        raise ValueError("figures are grouped by at least one key")
    now = now or timezone.now()
    flag = lambda condition: Case(  # noqa: E731
        When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    latest_rating = Rating.objects.filter(complaint=OuterRef("pk")).order_by("-created_at", "-pk")
    reopened = ComplaintEvent.objects.filter(complaint=OuterRef("pk"), action="reopen")
    names = [f"key_{name}" for name in keys]
    per_complaint = (
        queryset.order_by()
        .annotate(**{f"key_{name}": expression for name, expression in keys.items()})
        .annotate(
            last_rating=Subquery(latest_rating.values("value")[:1]),
            submitted_day=TruncDate("submitted_at", tzinfo=TZ),
            answered_day=TruncDate("answered_at", tzinfo=TZ),
        )
        .annotate(
            days=Case(
                When(
                    answered_at__isnull=False,
                    then=working_days_sql("submitted_day", "answered_day"),
                ),
                default=None,
                output_field=IntegerField(),
            ),
            is_answered=flag(Q(answered_at__isnull=False)),
            on_time=flag(Q(answered_at__lte=F("deadline"))),
            satisfied=flag(Q(last_rating=RatingValue.SATISFIED)),
            basically_satisfied=flag(Q(last_rating=RatingValue.BASICALLY_SATISFIED)),
            dissatisfied=flag(Q(last_rating=RatingValue.DISSATISFIED)),
            was_reopened=flag(Exists(reopened)),
            overdue=flag(Q(status__in=OPEN_STATUSES, deadline__lt=now)),
        )
        .values(
            *names,
            "days",
            "is_answered",
            "on_time",
            "satisfied",
            "basically_satisfied",
            "dissatisfied",
            "was_reopened",
            "overdue",
        )
    )
    connection = connections[queryset.db]
    inner, params = per_complaint.query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in names)
    partition = f"PARTITION BY {columns}"
    # Answered complaints first, by working days: ranks 1..answered_count; the unanswered after.
    sql = f"""
        SELECT {columns},
            COUNT(*), SUM(is_answered), SUM(on_time), SUM(satisfied), SUM(basically_satisfied),
            SUM(dissatisfied), SUM(was_reopened), SUM(overdue),
            AVG(CASE WHEN day_rank IN ((answered_count + 1) / 2, answered_count / 2 + 1)
                     AND days IS NOT NULL THEN days END),
            MAX(CASE WHEN day_rank = (9 * answered_count + 9) / 10
                     AND days IS NOT NULL THEN days END)
        FROM (
            SELECT complaint.*,
                ROW_NUMBER() OVER (
                    {partition} ORDER BY CASE WHEN days IS NULL THEN 1 ELSE 0 END, days
                ) AS day_rank,
                COUNT(days) OVER ({partition}) AS answered_count
            FROM ({inner}) complaint
        ) ranked
        GROUP BY {columns}
    """  # noqa: S608 (only our own column names and the ORM's parametrised query)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    cells = {}
    for row in rows:
        group, values = row[: len(names)], row[len(names) :]
        found = dict(zip(keys, group, strict=True))
        if "month" in found:
            found["month"] = str(found["month"])[:7]
        if "category" in found:
            found["category"] = _category_key(found["category"])
        cell = Cell(
            found.get("month", ""),
            found.get("category", ALL_CATEGORIES),
            found.get("grid", ALL_GRIDS),
            **{name: int(value or 0) for name, value in zip(COUNTS, values[:8], strict=True)},
        )
        if values[8] is not None:
            cell.median_days = float(values[8])
            cell.p90_days = int(values[9])
        cells[tuple(found[name] for name in keys)] = cell
    return cells


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
    """The published cells: see the module's docstring. Each merged cell lists its ``parts``."""
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


def _published_keys(cells: list[Cell]) -> dict[str, Expression]:
    """SQL that puts each complaint in its published cell: the raw category and grid, except
    where ``cells`` merged them."""
    category_cases, grid_cases = [], []
    for cell in cells:
        if not cell.parts or cell.parts == [(cell.month, cell.category, cell.grid)]:
            continue
        grids_of: dict[tuple[str, str], list[str]] = defaultdict(list)
        for month, category, grid in cell.parts:
            grids_of[(month, category)].append(grid)
        for (month, category), grids in grids_of.items():
            in_grids = Q(grid_id__in=[int(g) for g in grids if g != NO_GRID])
            if NO_GRID in grids:
                in_grids |= Q(grid__isnull=True)
            condition = _month_range(month) & Q(category__translation_key=category) & in_grids
            if cell.category in (OTHER_CATEGORIES, ALL_CATEGORIES):
                category_cases.append(When(condition, then=Value(cell.category)))
            grid_cases.append(When(condition, then=Value(cell.grid)))
    category = (
        Case(*category_cases, default=RAW_CATEGORY, output_field=CharField())
        if category_cases
        else RAW_CATEGORY
    )
    grid = Case(*grid_cases, default=RAW_GRID, output_field=CharField()) if grid_cases else RAW_GRID
    return {"month": TruncMonth("submitted_at", tzinfo=TZ), "category": category, "grid": grid}


@contextmanager
def _snapshot(using: str):
    """One transaction (repeatable read on PostgreSQL), so that the counts that decide the
    merging and the figures computed afterwards see the same complaints."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def compute_published(now: datetime.datetime | None = None) -> Published:
    """The public figures of the last MONTHS months, straight from the database."""
    start, end = period(now)
    queryset = _in_period(None, start, end)
    with _snapshot(queryset.db):
        plan = merge(received_per_cell(queryset))
        keys = _published_keys(plan)
        found = figures(queryset, keys, now=now)
        months = figures(queryset, {"month": keys["month"]}, now=now)
        categories = figures(queryset, {"category": keys["category"]}, now=now)
    cells = [
        found[(c.month, c.category, c.grid)] for c in plan if (c.month, c.category, c.grid) in found
    ]
    return Published(
        cells=cells,
        months=sorted(months.values(), key=lambda c: c.month),
        categories=sorted(categories.values(), key=lambda c: c.category),
    )


def published(now: datetime.datetime | None = None) -> Published:
    """``compute_published``, cached (``COMPLAINTS_STATISTICS_CACHE_SECONDS``)."""
    start, end = period(now)
    key = f"complaints:statistics:v2:{start:%Y%m}:{end:%Y%m}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = compute_published(now)
    cache.set(key, result, settings.COMPLAINTS_STATISTICS_CACHE_SECONDS)
    return result


def published_cells(now: datetime.datetime | None = None) -> list[Cell]:
    return published(now).cells


def official_cells(user, now: datetime.datetime | None = None, months: int = 3) -> list[Cell]:
    """Monthly figures of the complaints of an official's grids and departments, unmerged."""
    start, end = period(now, months)
    key = f"complaints:statistics:user:v2:{user.pk}:{start:%Y%m}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    found = figures(
        _in_period(Complaint.objects.handled_by(user), start, end),
        {"month": TruncMonth("submitted_at", tzinfo=TZ)},
        now=now,
    )
    cells = sorted(found.values(), key=lambda c: c.month)
    cache.set(key, cells, settings.COMPLAINTS_STATISTICS_CACHE_SECONDS)
    return cells
