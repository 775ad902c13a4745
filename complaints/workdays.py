"""Working days: Monday to Friday, minus public holidays, plus make-up workdays (调休).

Officials keep the exceptions in ``CalendarDay`` (Wagtail admin: Complaints > Working-day
calendar). ``deadline_for`` is the only place deadlines are computed.
"""

import datetime
import zoneinfo

from django.db.models import (
    Case,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from complaints.models import CalendarDay, DayKind

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
# Exceptions are read for this many days ahead at a time; more when a deadline runs past them.
WINDOW_DAYS = 60


def _exceptions(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    return dict(
        CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind")
    )


class WorkingCalendar:
    """Answers "is this a working day?" with one query per 60 days looked at."""

    def __init__(self) -> None:
        self._known: dict[datetime.date, str] = {}
        self._loaded: tuple[datetime.date, datetime.date] | None = None

    def _load(self, day: datetime.date) -> None:
        if self._loaded and self._loaded[0] <= day <= self._loaded[1]:
            return
        start = day if self._loaded is None else min(day, self._loaded[0])
        end = max(day, self._loaded[1] if self._loaded else day) + datetime.timedelta(
            days=WINDOW_DAYS
        )
        self._known = _exceptions(start, end)
        self._loaded = (start, end)

    def is_working_day(self, day: datetime.date) -> bool:
        self._load(day)
        kind = self._known.get(day)
        if kind == DayKind.HOLIDAY:
            return False
        if kind == DayKind.WORKDAY:
            return True
        return day.weekday() < 5

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day


def is_working_day(day: datetime.date) -> bool:
    return WorkingCalendar().is_working_day(day)


def deadline_for(start: datetime.datetime, working_days: int) -> datetime.datetime:
    """The end (in Asia/Shanghai) of the ``working_days``-th working day after ``start``'s day.

    0 means the end of the same day when ``start`` falls on a working day, or the end of the next
    working day when it does not (a complaint sent on Saturday is due on Monday, or on a make-up
    Sunday). Each further working day moves the deadline by one working day.
    """
    if working_days < 0:
        raise ValueError("working_days must be 0 or more")
    if timezone.is_naive(start):
        raise ValueError("start must be an aware datetime")
    calendar = WorkingCalendar()
    day = calendar.next_working_day(start.astimezone(TZ).date())
    for _count in range(working_days):
        day = calendar.next_working_day(day + datetime.timedelta(days=1))
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=TZ)


class DayNumber(Func):
    """Days from Monday 1 January 1900 to a date expression, in SQL (SQLite and PostgreSQL):
    ``% 7`` of it is the weekday, Monday 0 to Sunday 6."""

    output_field = IntegerField()
    arity = 1
    template = "(%(expressions)s - DATE '1900-01-01')"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - julianday('1900-01-01') AS INTEGER)",
            **extra_context,
        )


def _weekdays_through(day_number: Expression) -> Expression:
    """How many Mondays to Fridays from 1 January 1900 up to and including the day."""
    return Value(5) * (day_number / Value(7)) + Least(day_number % Value(7) + Value(1), Value(5))


def working_days_sql(start: str, end: str) -> Expression:
    """The working days after the day ``start`` up to and including the day ``end``, as an SQL
    expression over two date annotations of the outer query: the same count as walking the days
    with ``WorkingCalendar.is_working_day`` (0 when ``end`` is not after ``start``).

    Mondays to Fridays are counted by arithmetic; the calendar's exceptions in between correct
    the count: a holiday on a weekday takes one off, a make-up workday on a weekend adds one.
    """
    weekday = DayNumber("date") % Value(7)
    corrections = (
        CalendarDay.objects.filter(date__gt=OuterRef(start), date__lte=OuterRef(end))
        .annotate(weekday=weekday)
        .annotate(
            effect=Case(
                When(kind=DayKind.HOLIDAY, weekday__lt=5, then=Value(-1)),
                When(kind=DayKind.WORKDAY, weekday__gte=5, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by()
        .values(total=Func(F("effect"), function="SUM", output_field=IntegerField()))
    )
    return Greatest(
        _weekdays_through(DayNumber(F(end)))
        - _weekdays_through(DayNumber(F(start)))
        + Coalesce(Subquery(corrections), Value(0)),
        Value(0),
        output_field=IntegerField(),
    )
