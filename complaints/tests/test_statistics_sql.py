"""The statistics computed by the database equal an independent computation in Python.

Generated complaints (months, categories, grids, answers, deadlines, ratings, reopenings and a
calendar of holidays and make-up workdays) are counted by ``statistics`` in SQL and, here, one
by one in Python (working days by walking the calendar, ``statistics.median``, nearest-rank
90th percentile). The suite runs this on SQLite and on PostgreSQL.
"""

import datetime
import math
import statistics as stats
from collections import defaultdict

from django.core.cache import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.factories import GridFactory, UserFactory
from complaints import statistics
from complaints.models import (
    OPEN_STATUSES,
    CalendarDay,
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    DayKind,
    Rating,
    RatingValue,
    Status,
)
from complaints.statistics import ALL_CATEGORIES, ALL_GRIDS, NO_GRID, Cell
from complaints.workdays import TZ, WorkingCalendar

NOW = datetime.datetime(2026, 11, 20, 15, 30, tzinfo=TZ)
FIRST = datetime.datetime(2026, 9, 1, tzinfo=TZ)  # complaints from September to November
SPAN_MINUTES = 91 * 24 * 60
FIGURES = (*statistics.COUNTS, "median_days", "p90_days")

complaint_plans = st.fixed_dictionaries(
    {
        "minute": st.one_of(
            st.integers(0, SPAN_MINUTES - 1),
            # around midnight in Shanghai, where the UTC date is the day before
            st.integers(0, 90).map(lambda day: day * 24 * 60 + 10),
        ),
        "category": st.integers(0, 3),
        "grid": st.integers(-1, 3),
        "answer_hours": st.one_of(st.none(), st.integers(0, 24 * 30)),
        "deadline_hours": st.integers(0, 24 * 12),
        "status": st.sampled_from(
            [Status.SUBMITTED, Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED]
        ),
        "ratings": st.lists(st.sampled_from(RatingValue.values), max_size=2),
        "reopened": st.booleans(),
    }
)
calendar_plans = st.dictionaries(
    st.integers(0, 130), st.sampled_from([DayKind.HOLIDAY, DayKind.WORKDAY]), max_size=25
)


@pytest.fixture
def places(db):
    grids = [GridFactory(code=f"S{n}", name=f"统计网格{n}") for n in range(4)]
    categories = list(
        ComplaintCategory.objects.filter(locale__language_code="zh-hans").order_by("pk")[:4]
    )
    assert len(categories) == 4
    return grids, categories


def _make(places, plans, calendar) -> list[Complaint]:
    Rating.objects.all().delete()
    ComplaintEvent.objects.all().delete()
    Complaint.objects.all().delete()
    CalendarDay.objects.all().delete()
    cache.clear()
    grids, categories = places
    CalendarDay.objects.bulk_create(
        CalendarDay(date=FIRST.date() + datetime.timedelta(days=offset), kind=kind)
        for offset, kind in calendar.items()
    )
    complaints = Complaint.objects.bulk_create(
        Complaint(
            number=f"TS-T-{index:06d}",
            secret_hash="x",
            submission_key_hash=f"key-{index}",
            category=categories[plan["category"]],
            subject="测试",
            description="测试",
            grid=grids[plan["grid"]] if plan["grid"] >= 0 else None,
            submitted_at=(submitted := FIRST + datetime.timedelta(minutes=plan["minute"])),
            deadline=submitted + datetime.timedelta(hours=plan["deadline_hours"]),
            answered_at=None
            if plan["answer_hours"] is None
            else submitted + datetime.timedelta(hours=plan["answer_hours"]),
            status=plan["status"],
        )
        for index, plan in enumerate(plans)
    )
    complaints = list(Complaint.objects.order_by("number"))
    for complaint, plan in zip(complaints, plans, strict=True):
        for position, value in enumerate(plan["ratings"]):
            Rating.objects.create(
                complaint=complaint,
                value=value,
                created_at=complaint.submitted_at + datetime.timedelta(days=position),
            )
        if plan["reopened"]:
            ComplaintEvent.objects.create(complaint=complaint, action="reopen")
    return complaints


def _working_days(calendar: WorkingCalendar, complaint: Complaint) -> int:
    day = complaint.submitted_at.astimezone(TZ).date()
    end = complaint.answered_at.astimezone(TZ).date()
    days = 0
    while day < end:
        day += datetime.timedelta(days=1)
        days += calendar.is_working_day(day)
    return days


def _expected(group: list[Complaint], month: str, category: str, grid: str) -> Cell:
    """The figures of ``group`` counted one complaint at a time."""
    calendar = WorkingCalendar()
    cell = Cell(month, category, grid, received=len(group))
    days = []
    for complaint in group:
        ratings = sorted(complaint.ratings.all(), key=lambda r: (r.created_at, r.pk))
        latest = ratings[-1].value if ratings else None
        cell.satisfied += latest == RatingValue.SATISFIED
        cell.basically_satisfied += latest == RatingValue.BASICALLY_SATISFIED
        cell.dissatisfied += latest == RatingValue.DISSATISFIED
        cell.reopened += complaint.events.filter(action="reopen").exists()
        cell.overdue_now += complaint.status in OPEN_STATUSES and complaint.deadline < NOW
        if complaint.answered_at is not None:
            cell.answered += 1
            cell.answered_on_time += complaint.answered_at <= complaint.deadline
            days.append(_working_days(calendar, complaint))
    if days:
        ordered = sorted(days)
        cell.median_days = float(stats.median(ordered))
        cell.p90_days = ordered[math.ceil(0.9 * len(ordered)) - 1]
    return cell


def _raw_key(complaint: Complaint) -> tuple[str, str, str]:
    return (
        f"{complaint.submitted_at.astimezone(TZ):%Y-%m}",
        str(complaint.category.translation_key),
        NO_GRID if complaint.grid_id is None else str(complaint.grid_id),
    )


def _figures(cell: Cell) -> tuple:
    return (cell.month, cell.category, cell.grid, *(getattr(cell, name) for name in FIGURES))


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans=st.lists(complaint_plans, max_size=45), calendar=calendar_plans)
def test_the_databases_figures_equal_a_count_in_python(places, plans, calendar):
    complaints = _make(places, plans, calendar)
    by_raw_cell = defaultdict(list)
    for complaint in complaints:
        by_raw_cell[_raw_key(complaint)].append(complaint)
    plan = statistics.merge([Cell(*key, received=len(group)) for key, group in by_raw_cell.items()])
    published_of = {}
    for cell in plan:
        for key in cell.parts or [(cell.month, cell.category, cell.grid)]:
            published_of[key] = (cell.month, cell.category, cell.grid)
    members = defaultdict(list)
    for key, group in by_raw_cell.items():
        members[published_of[key]].extend(group)

    result = statistics.compute_published(NOW)

    assert [_figures(c) for c in result.cells] == [
        _figures(_expected(members[(c.month, c.category, c.grid)], c.month, c.category, c.grid))
        for c in plan
    ]
    months = defaultdict(list)
    categories = defaultdict(list)
    for (month, category, _grid), group in members.items():
        months[month].extend(group)
        categories[category].extend(group)
    assert [_figures(c) for c in result.months] == [
        _figures(_expected(months[m], m, ALL_CATEGORIES, ALL_GRIDS)) for m in sorted(months)
    ]
    assert [_figures(c) for c in result.categories] == [
        _figures(_expected(categories[c], "", c, ALL_GRIDS)) for c in sorted(categories)
    ]
    # officials see theirs unmerged: for one who handles all complaints, every month's figures
    everything = UserFactory.build(is_superuser=True, is_active=True, pk=10**6)
    official = statistics.official_cells(everything, now=NOW)
    assert [_figures(c) for c in official] == [
        _figures(_expected(months[m], m, ALL_CATEGORIES, ALL_GRIDS)) for m in sorted(months)
    ]


@pytest.mark.django_db(transaction=True)
def test_the_figures_are_read_in_one_snapshot_outside_a_transaction(places):
    """Outside any transaction (as in a web request) the queries run in their own one."""
    _make(
        places,
        [
            {
                "minute": 60,
                "category": 0,
                "grid": 0,
                "answer_hours": 30,
                "deadline_hours": 72,
                "status": Status.ANSWERED,
                "ratings": [],
                "reopened": False,
            }
        ]
        * 6,
        {},
    )
    result = statistics.compute_published(NOW)
    assert [(c.received, c.answered, c.median_days) for c in result.cells] == [(6, 6, 1.0)]
