"""The admin: entries through the services, periods prepared and imported, the overdue panel."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from disclosures import builders, cadence, services
from disclosures.models import Kind, LedgerEntry, Period, PeriodStatus

pytestmark = pytest.mark.django_db


def form_data(fund, **fields):
    data = {
        "fund": fund.pk,
        "date": "2026-03-05",
        "kind": "expense",
        "category": builders.category().pk,
        "description": "购买灭火器",
        "amount": "860.00",
        "counterparty": "消防器材店",
        "voucher_number": "记-2026-03-010",
        "approved_by": "社区主任",
        "correction_reason": "",
    }
    data.update(fields)
    return data


def test_a_clerk_adds_an_entry_through_the_services(client, clerk, fund):
    client.force_login(clerk)
    response = client.post(reverse("disclosure_entries:add"), form_data(fund))
    assert response.status_code == 302
    entry = LedgerEntry.objects.get()
    assert entry.amount == Decimal("860.00")
    assert entry.period.start == datetime.date(2026, 3, 1)
    assert entry.period.events.get().action == "entry_added"


def test_a_negative_amount_keeps_what_was_typed(client, clerk, fund):
    client.force_login(clerk)
    response = client.post(
        reverse("disclosure_entries:add"), form_data(fund, amount="-3", description="保留我")
    )
    assert response.status_code == 200
    assert "保留我" in response.content.decode()
    assert not LedgerEntry.objects.exists()


def test_a_published_entry_cannot_be_edited_in_the_admin(client, clerk, reviewer, fund, index):
    entry = services.add_entry(fund, builders.entry_data(), actor=clerk)
    services.prepare_period(entry.period, actor=clerk)
    services.sign_off(entry.period, actor=reviewer)
    client.force_login(clerk)
    response = client.post(
        reverse("disclosure_entries:edit", args=[entry.pk]),
        form_data(fund, description="改写历史"),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    client.post(reverse("disclosure_entries:delete", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.description == "3号楼楼道粉刷"


def test_a_correction_through_the_admin(client, clerk, reviewer, fund, index):
    entry = services.add_entry(fund, builders.entry_data(), actor=clerk)
    services.prepare_period(entry.period, actor=clerk)
    services.sign_off(entry.period, actor=reviewer)
    client.force_login(clerk)
    response = client.post(
        reverse("disclosure_entries:add"),
        form_data(
            fund,
            date="2026-04-02",
            kind="income",
            amount="200.00",
            corrects_number=entry.pk,
            correction_reason="重复报销，款项已退回",
        ),
    )
    assert response.status_code == 302
    correction = LedgerEntry.objects.get(corrects=entry)
    assert correction.kind == Kind.INCOME


def test_residents_and_reviewers_cannot_add_entries(client, resident, reviewer, fund):
    for user in (resident, reviewer):
        client.force_login(user)
        response = client.post(reverse("disclosure_entries:add"), form_data(fund))
        assert response.status_code in (302, 403)
    assert not LedgerEntry.objects.exists()


def test_prepare_from_the_period_page(client, clerk, fund, index):
    entry = services.add_entry(fund, builders.entry_data(), actor=clerk)
    client.force_login(clerk)
    inspect = client.get(reverse("disclosure_periods:inspect", args=[entry.period.pk]))
    assert inspect.status_code == 200
    response = client.post(reverse("disclosure_periods:prepare", args=[entry.period.pk]))
    assert response.status_code == 302
    entry.period.refresh_from_db()
    assert entry.period.status == PeriodStatus.PREPARED


def test_prepare_refused_for_personal_data_shows_the_field(client, clerk, fund, index):
    entry = services.add_entry(
        fund, builders.entry_data(description="退款 13812345678"), actor=clerk
    )
    client.force_login(clerk)
    response = client.post(
        reverse("disclosure_periods:prepare", args=[entry.period.pk]), follow=True
    )
    assert "手机号码" in response.content.decode()
    entry.period.refresh_from_db()
    assert entry.period.status == PeriodStatus.OPEN


def test_import_page_lists_row_problems(client, clerk, fund):
    period = services.period_for(fund, datetime.date(2026, 3, 1))
    builders.category()
    client.force_login(clerk)
    url = reverse("disclosure_periods:import", args=[period.pk])
    assert client.get(url).status_code == 200
    content = "date,kind,category,description,amount\n2026-03-01,支出,environment,好,10\n2026-03-02,支出,environment,坏,abc\n"
    response = client.post(url, {"file": SimpleUploadedFile("m.csv", content.encode(), "text/csv")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "abc" in html and "<td>3</td>" in html
    assert not LedgerEntry.objects.exists()
    template = client.get(reverse("disclosure_periods:template", args=["xlsx"]))
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_overdue_funds(fund, clerk, index, reviewer):
    quarterly = builders.fund("donations", "社会捐赠", cadence="quarterly")
    services.add_entry(fund, builders.entry_data(date=datetime.date(2026, 3, 5)), actor=clerk)
    services.add_entry(quarterly, builders.entry_data(date=datetime.date(2026, 2, 5)), actor=clerk)
    # 10 April: March is not late yet (due 15 April); nothing else is due.
    assert cadence.overdue(datetime.date(2026, 4, 10)) == []
    # 20 April: March is 5 days late; Q1 of the donations fund too.
    late = cadence.overdue(datetime.date(2026, 4, 20))
    assert {(item.fund.slug, item.start, item.days_late) for item in late} == {
        ("public-service", datetime.date(2026, 3, 1), 5),
        ("donations", datetime.date(2026, 1, 1), 5),
    }
    march = Period.objects.get(fund=fund)
    services.prepare_period(march, actor=clerk)
    services.sign_off(march, actor=reviewer)
    # 20 May: March is published; April was never opened and is 5 days late.
    late = {(item.fund.slug, item.start) for item in cadence.overdue(datetime.date(2026, 5, 20))}
    assert late == {
        ("public-service", datetime.date(2026, 4, 1)),
        ("donations", datetime.date(2026, 1, 1)),
    }


def test_dashboard_panel(client, clerk, fund):
    services.add_entry(fund, builders.entry_data(date=datetime.date(2020, 3, 5)), actor=clerk)
    client.force_login(clerk)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "逾期未公开的财务" in html
    assert "2020-03-01" in html
