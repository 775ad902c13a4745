"""deadline_for: weekends, holidays and make-up workdays (调休), National Day 2026."""

import datetime

import pytest

from complaints.models import CalendarDay, DayKind
from complaints.workdays import TZ, deadline_for, is_working_day


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


def end_of(year, month, day):
    return datetime.datetime(year, month, day, 23, 59, 59, tzinfo=TZ)


@pytest.fixture
def national_day(db):
    for day in range(1, 8):
        CalendarDay.objects.create(
            date=datetime.date(2026, 10, day), kind=DayKind.HOLIDAY, name="国庆节"
        )
    CalendarDay.objects.create(date=datetime.date(2026, 9, 27), kind=DayKind.WORKDAY, name="调休")
    CalendarDay.objects.create(date=datetime.date(2026, 10, 10), kind=DayKind.WORKDAY, name="调休")


def test_plain_week(db):
    assert deadline_for(at(2026, 6, 1), 0) == end_of(2026, 6, 1)  # Monday
    assert deadline_for(at(2026, 6, 1), 3) == end_of(2026, 6, 4)
    assert deadline_for(at(2026, 6, 4), 3) == end_of(2026, 6, 9)  # over the weekend


def test_weekend_submission_counts_from_monday(db):
    assert deadline_for(at(2026, 6, 6), 0) == end_of(2026, 6, 8)  # Saturday -> Monday
    assert deadline_for(at(2026, 6, 7), 1) == end_of(2026, 6, 9)


def test_national_day_week(national_day):
    assert not is_working_day(datetime.date(2026, 10, 1))
    assert is_working_day(datetime.date(2026, 9, 27))  # make-up Sunday
    assert is_working_day(datetime.date(2026, 10, 10))  # make-up Saturday
    # Wednesday before the holiday: Thu 8th, Fri 9th, make-up Sat 10th.
    assert deadline_for(at(2026, 9, 30), 3) == end_of(2026, 10, 10)
    assert deadline_for(at(2026, 9, 30), 4) == end_of(2026, 10, 12)
    # During the holiday: the same-day category is due on the first working day after it.
    assert deadline_for(at(2026, 10, 3), 0) == end_of(2026, 10, 8)
    # Saturday before the make-up Sunday: due that Sunday.
    assert deadline_for(at(2026, 9, 26), 0) == end_of(2026, 9, 27)
    assert deadline_for(at(2026, 9, 27, 16), 0) == end_of(2026, 9, 27)
    assert deadline_for(at(2026, 9, 25), 7) == end_of(2026, 10, 10)


def test_time_zone_is_shanghai(db):
    # 2026-06-05 17:00 UTC is Saturday 01:00 in Shanghai: counted from Monday.
    start = datetime.datetime(2026, 6, 5, 17, tzinfo=datetime.UTC)
    assert deadline_for(start, 0) == end_of(2026, 6, 8)


def test_long_deadline_reads_the_calendar_past_the_first_window(db):
    CalendarDay.objects.create(date=datetime.date(2026, 12, 31), kind=DayKind.HOLIDAY)
    # 60 working days from 2026-10-01 (no National Day rows here) lands after the window.
    result = deadline_for(at(2026, 10, 1), 65)
    assert result.date() > datetime.date(2026, 12, 25)
    assert result.date() != datetime.date(2026, 12, 31)


def test_rejects_bad_input(db):
    with pytest.raises(ValueError):
        deadline_for(at(2026, 6, 1), -1)
    with pytest.raises(ValueError):
        deadline_for(datetime.datetime(2026, 6, 1, 10), 1)
