"""Which funds are late publishing their accounts.

A period is due for publication ``GRACE_DAYS`` days after it ends (monthly funds monthly,
quarterly funds quarterly). A fund is overdue when a period that ended longer ago than that is
not published: one that exists but waits (open or prepared), or the last due one that nobody has
opened although the fund's ledger had begun.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from disclosures.models import SOURCE_LANGUAGE, Fund, Period, PeriodStatus

GRACE_DAYS = 15


@dataclass(frozen=True)
class Overdue:
    fund: Fund
    start: datetime.date
    end: datetime.date
    status: str
    days_late: int
    period: Period | None


def due_bounds(fund: Fund, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The latest period of the fund's cadence whose publication deadline has passed."""
    start, _end = fund.period_bounds(today - datetime.timedelta(days=GRACE_DAYS))
    return fund.period_bounds(start - datetime.timedelta(days=1))


def overdue(today: datetime.date | None = None) -> list[Overdue]:
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=GRACE_DAYS)
    late = [
        Overdue(
            period.fund,
            period.start,
            period.end,
            period.get_status_display(),
            (today - period.end).days - GRACE_DAYS,
            period,
        )
        for period in Period.objects.filter(end__lt=cutoff)
        .exclude(status=PeriodStatus.PUBLISHED)
        .select_related("fund")
        .order_by("start")
    ]
    periods = {}
    for fund_id, start in Period.objects.values_list("fund_id", "start"):
        periods.setdefault(fund_id, set()).add(start)
    for fund in Fund.objects.filter(locale__language_code=SOURCE_LANGUAGE, pk__in=periods):
        start, end = due_bounds(fund, today)
        starts = periods[fund.pk]
        if start not in starts and min(starts) < start:
            late.append(Overdue(fund, start, end, "", (today - end).days - GRACE_DAYS, None))
    return sorted(late, key=lambda item: (-item.days_late, item.fund.name))
