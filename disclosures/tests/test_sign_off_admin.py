"""The oversight group approves and refuses in the admin: every refusal is a clear message in
the reviewer's language, never a server error, and the clerk's period list links each row."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

import pytest

from disclosures import builders, services
from disclosures.models import LedgerEntry, Period, PeriodStatus

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"


def entry_in(fund, clerk, day: datetime.date, **fields):
    return services.add_entry(
        fund, builders.entry_data(date=day, amount=Decimal("100"), **fields), actor=clerk
    )


def action_url(page, action: str) -> str:
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def two_waiting(fund, clerk, index):
    """February and March both prepared: both wait for the oversight group."""
    february = entry_in(fund, clerk, datetime.date(2026, 2, 10)).period
    march = entry_in(fund, clerk, datetime.date(2026, 3, 10)).period
    return services.prepare_period(february, actor=clerk), services.prepare_period(
        march, actor=clerk
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "请按顺序"), ("en", "publish the periods in order")],
)
def test_approving_a_later_period_first_is_refused_with_a_message(
    client, reviewer, two_waiting, language, expected
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = language
    profile.save()
    february_page, march_page = two_waiting
    client.force_login(reviewer)
    response = client.post(action_url(march_page, "approve"), follow=True)
    assert response.status_code == 200
    shown = " ".join(messages_of(response))
    assert expected in shown
    # Nothing wrong with March itself: it keeps waiting for the reviewer, still locked.
    march = Period.objects.get(start=datetime.date(2026, 3, 1))
    assert march.status == PeriodStatus.PREPARED
    march_page.refresh_from_db()
    assert march_page.current_workflow_task_state is not None
    assert not march_page.live


def test_the_earlier_period_then_the_later_one_are_approved(client, reviewer, two_waiting):
    february_page, march_page = two_waiting
    client.force_login(reviewer)
    for page in (february_page, march_page):
        response = client.post(action_url(page, "approve"), follow=True)
        assert response.status_code == 200
        page.refresh_from_db()
        assert page.live
    assert set(Period.objects.values_list("status", flat=True)) == {PeriodStatus.PUBLISHED}


def test_personal_data_found_at_sign_off_sends_the_period_back_with_a_message(
    client, reviewer, fund, clerk, index
):
    entry = entry_in(fund, clerk, datetime.date(2026, 3, 10))
    page = services.prepare_period(entry.period, actor=clerk)
    LedgerEntry.objects.filter(pk=entry.pk).update(approved_by=f"经办 {VALID_ID}")
    client.force_login(reviewer)
    with translation.override("zh-hans"):
        response = client.post(action_url(page, "approve"), follow=True)
    assert response.status_code == 200
    shown = " ".join(messages_of(response))
    assert "身份证号码" in shown
    assert f"第 {entry.pk} 号明细" in shown
    entry.period.refresh_from_db()
    assert entry.period.status == PeriodStatus.OPEN


def test_approving_from_the_dashboard_modal_answers_json(client, reviewer, two_waiting):
    """The dashboard's "Approve" posts with XMLHttpRequest and follows the JSON redirect."""
    _february_page, march_page = two_waiting
    client.force_login(reviewer)
    response = client.post(
        action_url(march_page, "approve"), headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 200
    redirect = response.json()["redirect"]
    follow = client.get(redirect, follow=True)
    assert follow.status_code == 200
    assert "请按顺序" in " ".join(messages_of(follow))


def test_the_period_list_links_every_row(client, clerk, fund, index):
    period = entry_in(fund, clerk, datetime.date(2026, 3, 10)).period
    client.force_login(clerk)
    response = client.get(reverse("disclosure_periods:index"))
    assert response.status_code == 200
    assert reverse("disclosure_periods:inspect", args=[period.pk]) in response.content.decode()
