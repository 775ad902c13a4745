import datetime
from io import StringIO

import pytest

import accounts.demo
from disclosures import demo, services
from disclosures.models import (
    DisclosurePage,
    Fund,
    LedgerEntry,
    Period,
    PeriodStatus,
    ProjectPage,
)


@pytest.fixture
def accounts_loaded(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # keep the demo password file out of the real var/
    accounts.demo.load(StringIO())


def test_demo_disclosures_and_idempotent(accounts_loaded, client):
    demo.load(StringIO())
    entries = LedgerEntry.objects.count()
    assert Fund.objects.filter(locale__language_code="zh-hans").count() == 2
    public = Fund.objects.get(slug="public-service", locale__language_code="zh-hans")
    statuses = dict(Period.objects.filter(fund=public).values_list("start", "status"))
    assert len(statuses) == 13
    assert statuses[datetime.date(2026, 9, 1)] == PeriodStatus.PUBLISHED
    assert statuses[datetime.date(2026, 10, 1)] == PeriodStatus.PREPARED
    assert statuses[datetime.date(2026, 11, 1)] == PeriodStatus.OPEN
    correction = LedgerEntry.objects.get(corrects__isnull=False)
    assert correction.corrects.period.start == datetime.date(2026, 5, 1)
    assert correction.period.start == datetime.date(2026, 6, 1)
    projects = ProjectPage.objects.filter(locale__language_code="zh-hans")
    assert projects.count() == 3
    assert projects.filter(source="poll").count() == 1
    assert services.verify() == []
    june = DisclosurePage.objects.get(
        period__fund=public, period__start=datetime.date(2026, 6, 1), locale__language_code="en"
    )
    assert june.live
    assert client.get("/en" + june.url.removeprefix("/en")).status_code == 200

    demo.load(StringIO())
    assert LedgerEntry.objects.count() == entries
    assert ProjectPage.objects.count() == 6
