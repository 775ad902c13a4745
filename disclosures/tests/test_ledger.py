"""The ledger and its publication: roles, periods, balances, sealing in the services and in the
database, corrections, the digest and ``verify_disclosures``."""

import datetime
import hashlib
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

import pytest

from disclosures import builders, exports, services
from disclosures.models import (
    DisclosurePage,
    Kind,
    LedgerEntry,
    Period,
    PeriodStatus,
)

pytestmark = pytest.mark.django_db


def publish(period, clerk, reviewer):
    services.prepare_period(period, actor=clerk)
    return services.sign_off(period, actor=reviewer)


@pytest.fixture
def march(fund, clerk, index):
    services.add_entry(
        fund,
        builders.entry_data(kind=Kind.INCOME, amount=Decimal("50000"), description="街道拨付"),
        actor=clerk,
    )
    services.add_entry(fund, builders.entry_data(amount=Decimal("1200.50")), actor=clerk)
    return Period.objects.get(fund=fund, start=datetime.date(2026, 3, 1))


def test_entries_find_their_period_by_cadence(fund, clerk):
    entry = services.add_entry(fund, builders.entry_data(), actor=clerk)
    assert (entry.period.start, entry.period.end) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 3, 31),
    )
    quarterly = builders.fund("donations", "社会捐赠", cadence="quarterly")
    entry = services.add_entry(
        quarterly, builders.entry_data(date=datetime.date(2026, 5, 20)), actor=clerk
    )
    assert (entry.period.start, entry.period.end) == (
        datetime.date(2026, 4, 1),
        datetime.date(2026, 6, 30),
    )
    assert entry.period.key == "2026-Q2"


def test_only_finance_clerks_keep_the_ledger(fund, resident, reviewer):
    for actor in (resident, reviewer):
        with pytest.raises(PermissionDenied):
            services.add_entry(fund, builders.entry_data(), actor=actor)
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "-0.01"])
def test_amounts_are_positive(fund, clerk, amount):
    with pytest.raises(ValueError):
        services.add_entry(fund, builders.entry_data(amount=Decimal(amount)), actor=clerk)
    assert not LedgerEntry.objects.exists()


def test_the_database_refuses_a_negative_amount(march):
    entry = march.entries.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("-1"))


def test_amounts_have_at_most_two_decimals(fund, clerk):
    with pytest.raises(ValueError):
        services.add_entry(fund, builders.entry_data(amount=Decimal("10.005")), actor=clerk)
    entry = services.add_entry(fund, builders.entry_data(amount=Decimal("10.5")), actor=clerk)
    entry.refresh_from_db()
    assert entry.amount == Decimal("10.50")


def test_sign_off_fixes_balances_and_digest(march, clerk, reviewer, fund):
    fund.opening_balance = Decimal("1000.00")
    fund.save()
    page = services.prepare_period(march, actor=clerk)
    assert isinstance(page, DisclosurePage)
    assert page.workflow_in_progress
    period = services.sign_off(march, actor=reviewer)
    assert period.status == PeriodStatus.PUBLISHED
    assert period.opening_balance == Decimal("1000.00")
    assert period.closing_balance == Decimal("49799.50")
    assert period.signed_off_by == reviewer
    assert period.digest_version == 2
    assert period.digest == hashlib.sha256(exports.statement(period)).hexdigest()
    actions = list(period.events.values_list("action", flat=True))
    assert actions == ["entry_added", "entry_added", "prepared", "signed_off"]


def test_next_period_opens_with_the_previous_closing_balance(march, clerk, reviewer, fund):
    publish(march, clerk, reviewer)
    april_entry = services.add_entry(
        fund,
        builders.entry_data(date=datetime.date(2026, 4, 2), amount=Decimal("99.50")),
        actor=clerk,
    )
    april = publish(april_entry.period, clerk, reviewer)
    assert april.opening_balance == Decimal("48799.50")
    assert april.closing_balance == Decimal("48700.00")


def test_periods_are_published_in_order(march, clerk, reviewer, fund):
    april_entry = services.add_entry(
        fund, builders.entry_data(date=datetime.date(2026, 4, 2)), actor=clerk
    )
    services.prepare_period(april_entry.period, actor=clerk)
    with pytest.raises(services.PublicationRefused, match="2026年3月"):
        services.sign_off(april_entry.period, actor=reviewer)


def test_only_the_oversight_group_signs_off(march, clerk, resident):
    services.prepare_period(march, actor=clerk)
    for actor in (clerk, resident):
        with pytest.raises(PermissionDenied):
            services.sign_off(march, actor=actor)
    march.refresh_from_db()
    assert march.status == PeriodStatus.PREPARED


def test_a_prepared_period_is_locked_until_reopened(march, clerk, fund):
    services.prepare_period(march, actor=clerk)
    entry = march.entries.first()
    with pytest.raises(services.EntryLocked):
        services.update_entry(entry, builders.entry_data(description="改"), actor=clerk)
    with pytest.raises(services.EntryLocked):
        services.add_entry(fund, builders.entry_data(), actor=clerk)
    services.reopen_period(march, actor=clerk, reason="凭证号有误")
    services.update_entry(entry, builders.entry_data(description="改"), actor=clerk)
    entry.refresh_from_db()
    assert entry.description == "改"


def test_services_refuse_to_change_published_entries(march, clerk, reviewer, fund):
    publish(march, clerk, reviewer)
    entry = march.entries.first()
    with pytest.raises(services.EntryLocked):
        services.update_entry(entry, builders.entry_data(amount=Decimal("1")), actor=clerk)
    with pytest.raises(services.EntryLocked):
        services.delete_entry(entry, actor=clerk)
    with pytest.raises(services.EntryLocked):
        services.add_entry(fund, builders.entry_data(), actor=clerk)
    with pytest.raises(services.PublicationRefused):
        services.reopen_period(march, actor=clerk)
    assert LedgerEntry.objects.filter(period=march).count() == 2


def test_the_database_refuses_to_change_published_entries(march, clerk, reviewer):
    """Whatever writes around the services (ORM, raw SQL) is refused by the triggers."""
    publish(march, clerk, reviewer)
    entry = march.entries.order_by("pk").first()
    table = LedgerEntry._meta.db_table
    attempts = [
        lambda: LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00")),
        lambda: LedgerEntry.objects.filter(pk=entry.pk).delete(),
        lambda: Period.objects.filter(pk=march.pk).update(status=PeriodStatus.OPEN),
        lambda: Period.objects.filter(pk=march.pk).update(digest="0" * 64),
        lambda: connection.cursor().execute(
            f"UPDATE {table} SET description = 'x' WHERE id = %s",  # noqa: S608
            [entry.pk],
        ),
        lambda: connection.cursor().execute(
            f"DELETE FROM {table} WHERE id = %s",  # noqa: S608
            [entry.pk],
        ),
    ]
    for attempt in attempts:
        with pytest.raises(IntegrityError), transaction.atomic():
            attempt()
    entry.refresh_from_db()
    assert entry.amount == Decimal("50000.00")
    assert services.verify() == []


def test_the_database_refuses_moving_an_entry_into_a_published_period(march, clerk, reviewer, fund):
    publish(march, clerk, reviewer)
    april_entry = services.add_entry(
        fund, builders.entry_data(date=datetime.date(2026, 4, 2)), actor=clerk
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.filter(pk=april_entry.pk).update(period=march)


def test_open_entries_still_change_in_the_database(march):
    entry = march.entries.first()
    LedgerEntry.objects.filter(pk=entry.pk).update(description="草稿修改")
    entry.refresh_from_db()
    assert entry.description == "草稿修改"


def test_corrections_reference_the_entry_and_give_a_reason(march, clerk, reviewer, fund):
    publish(march, clerk, reviewer)
    wrong = march.entries.get(kind=Kind.EXPENSE)
    with pytest.raises(ValueError):
        services.correct_entry(
            wrong, builders.entry_data(date=datetime.date(2026, 4, 3)), reason=" ", actor=clerk
        )
    correction = services.correct_entry(
        wrong,
        builders.entry_data(
            date=datetime.date(2026, 4, 3), kind=Kind.INCOME, amount=Decimal("0.50")
        ),
        reason="发票金额应为1200.00元，冲回多记的0.50元",
        actor=clerk,
    )
    assert correction.corrects == wrong
    assert correction.period.start == datetime.date(2026, 4, 1)
    assert list(wrong.corrections.all()) == [correction]


def test_open_entries_are_not_corrected_but_changed(march, clerk):
    with pytest.raises(ValueError):
        services.correct_entry(
            march.entries.first(), builders.entry_data(), reason="x", actor=clerk
        )


def test_the_database_wants_a_reason_for_a_correction(march):
    entry = march.entries.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            period=march,
            date=entry.date,
            kind=Kind.INCOME,
            category=entry.category,
            description="冲正",
            amount=Decimal("1"),
            corrects=entry,
        )


def test_canonical_csv_is_stable_and_complete(march, clerk, reviewer):
    publish(march, clerk, reviewer)
    text = exports.canonical_csv(march).decode()
    lines = text.split("\n")
    assert lines[0] == ",".join(exports.COLUMNS)
    assert lines[1].split(",")[1:6] == [
        "2026-03-05",
        "income",
        "environment",
        "街道拨付",
        "50000.00",
    ]
    assert lines[2].split(",")[5] == "1200.50"
    assert text.endswith("\n") and "\r" not in text
    assert exports.canonical_csv(march) == exports.canonical_csv(march)


def test_verify_disclosures_reports_a_tampered_period(march, clerk, reviewer, capsys):
    publish(march, clerk, reviewer)
    call_command("verify_disclosures")
    assert "1 published periods verified" in capsys.readouterr().out

    # Someone with the database's keys lifts the seal and edits an amount.
    from disclosures import seal

    seal.remove(connection)
    try:
        LedgerEntry.objects.filter(period=march, kind=Kind.EXPENSE).update(amount=Decimal("120.50"))
    finally:
        seal.install(connection)
    with pytest.raises(CommandError, match="1 of 1"):
        call_command("verify_disclosures")
    err = capsys.readouterr().err
    assert f"MISMATCH public-service 2026-03: published {march.digest}" in err
