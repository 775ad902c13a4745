import datetime
from io import StringIO

from wagtail.models import Locale

import pytest

import accounts.demo
import community.demo
import polls.demo
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


@pytest.fixture
def polls_loaded(accounts_loaded):
    """The demo loader runs polls before disclosures: the approved option exists."""
    community.demo.load(StringIO())
    polls.demo.load(StringIO())


def test_demo_disclosures_and_idempotent(polls_loaded, client):
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
    from_poll = projects.get(source="poll")
    assert from_poll.source_option.approved
    assert from_poll.source_option.question.poll.slug == "stairwell-lighting-2026"
    html = client.get(from_poll.url).content.decode()
    assert "由居民在楼道照明改造方案投票中选定" in html
    english = from_poll.get_translation(Locale.objects.get(language_code="en"))
    assert english.specific.source_option == from_poll.source_option
    assert "Stairwell lighting: choose the plan" in client.get(english.url).content.decode()
    assert services.verify() == []
    june = DisclosurePage.objects.get(
        period__fund=public, period__start=datetime.date(2026, 6, 1), locale__language_code="en"
    )
    assert june.live
    assert client.get("/en" + june.url.removeprefix("/en")).status_code == 200

    demo.load(StringIO())
    assert LedgerEntry.objects.count() == entries
    assert ProjectPage.objects.count() == 6
