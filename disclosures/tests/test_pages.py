"""The public disclosure pages: sign-off through the workflow, what residents see, downloads,
and a bounded number of queries at any size."""

import datetime
import hashlib
import io
import json
from decimal import Decimal

from django.utils import translation

import pytest
from openpyxl import load_workbook

from disclosures import builders, services
from disclosures.models import Budget, DisclosurePage, Kind, Period, PeriodStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(fund, clerk, index):
    services.add_entry(
        fund,
        builders.entry_data(
            kind=Kind.INCOME,
            amount=Decimal("50000"),
            description="街道拨付专项资金",
            date=datetime.date(2026, 3, 2),
        ),
        actor=clerk,
    )
    services.add_entry(fund, builders.entry_data(amount=Decimal("1200.50")), actor=clerk)
    services.add_entry(
        fund,
        builders.entry_data(
            amount=Decimal("300"),
            category=builders.category("culture", "文体活动", en="Culture and sports"),
            description="重阳节活动",
            date=datetime.date(2026, 3, 20),
        ),
        actor=clerk,
    )
    return Period.objects.get(fund=fund, start=datetime.date(2026, 3, 1))


def approve(page, user):
    """What the oversight member's "Approve" in the admin does."""
    page.refresh_from_db()
    task = page.current_workflow_task
    task.on_action(page.current_workflow_task_state, user, "approve")
    page.refresh_from_db()
    return page


def test_the_page_is_private_until_the_oversight_group_signs_off(march, clerk, reviewer, client):
    page = services.prepare_period(march, actor=clerk)
    assert client.get("/caiwu/public-service-2026-03/").status_code == 404
    page = approve(page, reviewer)
    march.refresh_from_db()
    assert page.live
    assert march.status == PeriodStatus.PUBLISHED
    assert march.signed_off_by == reviewer
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "街道拨付专项资金" in html
    assert march.digest in html


def test_requesting_changes_reopens_the_period(march, clerk, reviewer):
    page = services.prepare_period(march, actor=clerk)
    page.refresh_from_db()
    page.current_workflow_task.on_action(
        page.current_workflow_task_state, reviewer, "reject", comment="请补充凭证"
    )
    march.refresh_from_db()
    assert march.status == PeriodStatus.OPEN
    assert march.events.last().note == "请补充凭证"


def test_a_reviewer_outside_the_oversight_group_cannot_approve(march, clerk):
    page = services.prepare_period(march, actor=clerk)
    page.refresh_from_db()
    assert page.current_workflow_task.get_actions(page, clerk) == []


def test_running_balance_totals_and_budget(march, clerk, reviewer, client, fund):
    Budget.objects.create(
        fund=fund, year=2026, category=builders.category(), amount=Decimal("10000")
    )
    page = approve(services.prepare_period(march, actor=clerk), reviewer)
    context = client.get(page.url).context
    rows = list(context["entries"])
    assert [row.running for row in rows] == [
        Decimal("50000.00"),
        Decimal("48799.50"),
        Decimal("48499.50"),
    ]
    assert context["closing"] == Decimal("48499.50")
    assert context["totals"] == {"income": Decimal("50000.00"), "expense": Decimal("1500.50")}
    by_name = {row["name"]: row for row in context["categories"]}
    assert by_name["文体活动"]["expense"] == Decimal("300.00")
    assert context["budget_lines"][0]["actual"] == Decimal("1200.50")
    assert context["budget_lines"][0]["percent"] == 12
    html = client.get(page.url).content.decode()
    assert 'role="img"' in html and "<svg" in html


def test_english_page_shows_translated_categories(march, clerk, reviewer, client):
    approve(services.prepare_period(march, actor=clerk), reviewer)
    english = DisclosurePage.objects.get(period=march, locale__language_code="en")
    assert english.live
    with translation.override("en"):
        response = client.get(english.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Culture and sports" in html
    assert "Opening balance" in html


def test_downloads(march, clerk, reviewer, client):
    page = approve(services.prepare_period(march, actor=clerk), reviewer)
    march.refresh_from_db()
    csv_response = client.get(page.url + "download/csv/")
    assert csv_response.status_code == 200
    statement = client.get(page.url + "download/txt/")
    assert statement.status_code == 200
    assert hashlib.sha256(statement.content).hexdigest() == march.digest
    csv_sha256 = hashlib.sha256(csv_response.content).hexdigest()
    assert statement.content.decode().endswith(f"entries_sha256: {csv_sha256}\n")
    data = json.loads(client.get(page.url + "download/json/").content)
    assert data["sha256"] == march.digest
    assert data["entries_sha256"] == csv_sha256
    assert [item["amount"] for item in data["entries"]] == ["50000.00", "1200.50", "300.00"]
    workbook = load_workbook(io.BytesIO(client.get(page.url + "download/xlsx/").content))
    rows = list(workbook.active.values)
    assert len(rows) == 4 and rows[1][5] == 50000
    assert client.get(page.url + "download/exe/").status_code == 404


def test_downloads_of_an_unpublished_period_are_refused(march, clerk, client):
    page = services.prepare_period(march, actor=clerk)
    assert client.get(page.url + "download/csv/").status_code == 404
    assert client.get(page.url + "print/").status_code == 404


def test_print_version_lists_every_entry(march, clerk, reviewer, client):
    page = approve(services.prepare_period(march, actor=clerk), reviewer)
    factories_count = 3
    html = client.get(page.url + "print/").content.decode()
    assert html.count('id="entry-') == factories_count


def test_corrections_section(march, clerk, reviewer, client, fund):
    page = approve(services.prepare_period(march, actor=clerk), reviewer)
    wrong = march.entries.get(description="重阳节活动")
    correction = services.correct_entry(
        wrong,
        builders.entry_data(date=datetime.date(2026, 4, 1), kind=Kind.INCOME, amount=Decimal("30")),
        reason="多付款项已退回",
        actor=clerk,
    )
    april = correction.period
    april_page = approve(services.prepare_period(april, actor=clerk), reviewer)
    html = client.get(april_page.url).content.decode()
    assert "多付款项已退回" in html
    # The March page lists the later correction of its entry.
    html = client.get(page.url).content.decode()
    assert "多付款项已退回" in html
    assert f"correction-{correction.pk}" in html


def test_index_lists_published_periods(march, clerk, reviewer, client, index):
    approve(services.prepare_period(march, actor=clerk), reviewer)
    html = client.get(index.url).content.decode()
    assert "社区公共服务专项资金" in html
    assert "2026年3月" in html


@pytest.mark.parametrize("count", [20, 10_000])
def test_queries_do_not_grow_with_entries(
    fund, clerk, reviewer, index, client, count, django_assert_max_num_queries
):
    period = services.period_for(fund, datetime.date(2026, 3, 1))
    builders.bulk_entries(period, count)
    page = approve(services.prepare_period(period, actor=clerk), reviewer)
    # About ten queries are the page's own; the rest are the site's menus, settings and
    # language links. The same number at 20 entries and at 10,000.
    with django_assert_max_num_queries(36):
        response = client.get(page.url + "?page=3")
    assert response.status_code == 200
    entries = response.context["entries"]
    if count == 20:
        assert (entries.number, len(entries.object_list)) == (1, 20)
    else:
        assert (entries.number, entries.paginator.num_pages) == (3, 200)
        assert len(entries.object_list) == 50
        assert response.context["closing"] == services.closing_balance(period)


def test_the_language_switch_leads_from_the_chinese_page_to_the_english_one(
    march, clerk, reviewer, client
):
    page = approve(services.prepare_period(march, actor=clerk), reviewer)
    english = DisclosurePage.objects.get(period=march, locale__language_code="en")
    assert english.translation_key == page.translation_key
    assert page.get_translation(english.locale).pk == english.pk
    html = client.get(page.url).content.decode()
    assert f'href="{english.url}"' in html, "the language switch points elsewhere"
