"""make_volume_data --entries: a published, sealed period of N entries, topped up not repeated;
the benchmark's requests answer."""

import io

from django.core.management import call_command
from django.utils import translation

import pytest

from bench import entries as bench
from bench import volume
from disclosures import builders, services
from disclosures.models import DisclosurePage, LedgerEntry, Period, PeriodStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    return builders.index_pages(home_page)


@pytest.fixture(autouse=True)
def _chinese():
    """Messages are checked in Chinese, whatever language an earlier test left active."""
    with translation.override("zh-hans"):
        yield


def make(entries: int) -> str:
    out = io.StringIO()
    call_command("make_volume_data", f"--entries={entries}", stdout=out)
    return out.getvalue()


def test_the_bench_app_registers_the_entries_kind():
    kind = {kind.name: kind for kind in volume.kinds()}["entries"]
    assert kind.app == "disclosures"
    assert kind.function() is bench.make_entries


def test_entries_make_a_published_sealed_period_and_are_idempotent(index, client):
    make(entries=120)
    period = Period.objects.get(fund__slug=bench.FUND_SLUG)
    assert period.status == PeriodStatus.PUBLISHED
    assert period.entries.count() == 120
    assert period.signed_off_by.username == bench.REVIEWER
    assert period.digest
    assert services.verify() == []
    assert not period.entries.exclude(date__range=(period.start, period.end)).exists()
    assert period.entries.filter(kind="income").exists()

    make(entries=120)
    make(entries=80)
    assert LedgerEntry.objects.count() == 120

    # A larger run cannot add to the sealed month: it publishes the next month with N entries.
    make(entries=200)
    periods = list(Period.objects.filter(fund__slug=bench.FUND_SLUG).order_by("start"))
    assert [p.entries.count() for p in periods] == [120, 200]
    assert all(p.status == PeriodStatus.PUBLISHED for p in periods)
    assert services.verify() == []

    requests = bench.period_requests()
    page = DisclosurePage.objects.get(period=periods[1], locale__language_code="zh-hans")
    assert requests[0].path == page.url
    assert requests[1].path == f"{page.url}?page=3"
    for request in requests:
        response = client.get(request.path)
        assert response.status_code == 200
        assert len(response.context["entries"].object_list) == 50
    assert response.context["entries"].number == 3


def test_no_requests_before_any_period_is_published(db):
    assert bench.period_requests() == []
