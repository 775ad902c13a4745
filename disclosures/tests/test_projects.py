"""Projects: spending from published entries only, the listing, the page in both languages."""

import datetime
from decimal import Decimal

from django.utils import translation

from wagtail.models import Locale

import pytest

from disclosures import builders, services
from disclosures.models import Kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(index):
    return builders.projects_index(index)


@pytest.fixture
def lift(projects):
    return builders.project(projects)


def publish(period, clerk, reviewer):
    services.prepare_period(period, actor=clerk)
    services.sign_off(period, actor=reviewer)


def test_spending_counts_published_entries_only(lift, fund, clerk, reviewer, client):
    march = services.add_entry(
        fund, builders.entry_data(amount=Decimal("100000"), project=lift), actor=clerk
    ).period
    services.add_entry(
        fund,
        builders.entry_data(
            amount=Decimal("5000"), project=lift, date=datetime.date(2026, 3, 9), kind=Kind.INCOME
        ),
        actor=clerk,
    )
    assert lift.spent() == 0
    publish(march, clerk, reviewer)
    services.add_entry(
        fund,
        builders.entry_data(amount=Decimal("7"), project=lift, date=datetime.date(2026, 4, 1)),
        actor=clerk,
    )
    assert lift.spent() == Decimal("95000.00")
    context = client.get(lift.url).context
    assert context["spent"] == Decimal("95000.00")
    assert context["remaining"] == Decimal("205000.00")
    assert context["spent_percent"] == 32
    assert len(context["linked_entries"]) == 2


def test_listing_sums_spending_in_the_database(
    projects, lift, fund, clerk, reviewer, client, django_assert_max_num_queries
):
    builders.project(projects, "健身步道改造", source="annual_plan", status="done", progress=100)
    for n in range(3):
        builders.project(projects, f"项目{n}", status="planned", progress=0)
    march = services.add_entry(
        fund, builders.entry_data(amount=Decimal("1234.56"), project=lift), actor=clerk
    ).period
    publish(march, clerk, reviewer)
    with django_assert_max_num_queries(30):
        response = client.get(projects.url)
    listed = {p.title: p.spent_total for p in response.context["projects"]}
    assert listed["3号楼加装电梯"] == Decimal("1234.56")
    assert listed["健身步道改造"] == 0
    assert len(listed) == 5


def test_english_project_page_counts_the_same_entries(lift, fund, clerk, reviewer, client):
    march = services.add_entry(
        fund, builders.entry_data(amount=Decimal("88"), project=lift), actor=clerk
    ).period
    publish(march, clerk, reviewer)
    english = lift.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "A lift for building 3"
    english.save_revision().publish()
    with translation.override("en"):
        response = client.get(english.url)
    assert response.status_code == 200
    assert response.context["spent"] == Decimal("88.00")
    assert "annual plan" in response.content.decode()


def test_an_entry_linked_to_the_english_page_is_stored_on_the_chinese_one(lift, fund, clerk):
    english = lift.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    entry = services.add_entry(fund, builders.entry_data(project=english), actor=clerk)
    assert entry.project_id == lift.pk
