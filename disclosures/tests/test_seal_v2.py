"""The seal covers everything the public page shows, refuses INSERTs, and ``verify_disclosures``
recomputes the balances: tampering as someone with the database file would goes red."""

import datetime
import hashlib
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

import pytest

from audit.models import Action, AuditEntry
from disclosures import builders, exports, seal, services
from disclosures.models import Kind, LedgerEntry, Period, PeriodStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(fund, clerk, reviewer, index):
    fund.opening_balance = Decimal("10000.00")
    fund.save()
    services.add_entry(
        fund,
        builders.entry_data(kind=Kind.INCOME, amount=Decimal("50000"), description="街道拨付"),
        actor=clerk,
    )
    services.add_entry(fund, builders.entry_data(amount=Decimal("1200.50")), actor=clerk)
    period = Period.objects.get(fund=fund, start=datetime.date(2026, 3, 1))
    services.prepare_period(period, actor=clerk)
    return services.sign_off(period, actor=reviewer)


def _unsealed(statement: str, params=()):
    """As anyone holding the database file can: lift the seal, write, put it back."""
    seal.remove(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
    finally:
        seal.install(connection)


def test_statement_covers_dates_balances_and_category_totals(march):
    text = exports.statement(march).decode()
    assert text.splitlines() == [
        "portal-disclosure-statement 2",
        "fund: public-service",
        "period: 2026-03",
        "start: 2026-03-01",
        "end: 2026-03-31",
        "opening_balance: 10000.00",
        "income: 50000.00",
        "expense: 1200.50",
        "closing_balance: 58799.50",
        "entries: 2",
        "category: environment income 50000.00 expense 1200.50",
        f"entries_sha256: {hashlib.sha256(exports.canonical_csv(march)).hexdigest()}",
    ]
    assert march.digest == hashlib.sha256(text.encode()).hexdigest()


def test_shifting_both_balances_turns_verify_red(march, capsys):
    call_command("verify_disclosures")
    assert "1 published periods verified" in capsys.readouterr().out
    _unsealed(
        "UPDATE disclosures_period SET opening_balance = opening_balance + 5000, "
        "closing_balance = closing_balance + 5000 WHERE id = %s",
        [march.pk],
    )
    with pytest.raises(CommandError, match="1 of 1"):
        call_command("verify_disclosures")
    err = capsys.readouterr().err
    assert "MISMATCH public-service 2026-03: published" in err  # the digest
    assert (
        "MISMATCH public-service 2026-03 opening_balance: published 15000.00, now 10000.00" in err
    )
    assert "closing_balance: published 63799.50, now 58799.50" in err


def test_balances_recomputed_even_when_the_digest_is_forged_too(march, capsys):
    """Shift the balances and recompute the digest to match: the balances still do not add up."""
    _unsealed(
        "UPDATE disclosures_period SET opening_balance = opening_balance + 5000, "
        "closing_balance = closing_balance + 5000 WHERE id = %s",
        [march.pk],
    )
    forged = Period.objects.get(pk=march.pk)
    _unsealed(
        "UPDATE disclosures_period SET digest = %s WHERE id = %s",
        [exports.digest(forged), march.pk],
    )
    mismatches = services.verify()
    assert {m.what for m in mismatches} == {"opening_balance", "closing_balance"}


def test_changing_the_dates_turns_verify_red(march):
    _unsealed("UPDATE disclosures_period SET \"end\" = '2026-04-30' WHERE id = %s", [march.pk])
    assert [m.what for m in services.verify()] == ["digest"]


def test_sealed_period_refuses_insert(march, clerk):
    entry = march.entries.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            period=march,
            date=entry.date,
            kind=Kind.EXPENSE,
            category=entry.category,
            description="事后插入",
            amount=Decimal("10.00"),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Period.objects.create(
            fund=march.fund,
            start=datetime.date(2026, 5, 1),
            end=datetime.date(2026, 5, 31),
            status=PeriodStatus.PUBLISHED,
        )
    assert march.entries.count() == 2
    assert services.verify() == []


def test_an_inserted_entry_with_the_seal_lifted_turns_verify_red(march):
    entry = march.entries.first()
    _unsealed(
        "INSERT INTO disclosures_ledgerentry (period_id, date, kind, category_id, description, "
        "amount, counterparty, voucher_number, approved_by, correction_reason, created_at) "
        "VALUES (%s, %s, 'expense', %s, 'x', 10.00, '', '', '', '', %s)",
        [march.pk, entry.date, entry.category_id, entry.created_at],
    )
    assert {m.what for m in services.verify()} == {"digest", "closing_balance"}


def test_sign_off_is_audited(march, reviewer, clerk):
    actions = list(
        AuditEntry.objects.filter(object_type="disclosures.period", object_id=str(march.pk))
        .order_by("pk")
        .values_list("action", "actor_text")
    )
    assert [a for a, _ in actions] == [Action.DISCLOSURE_PREPARED, Action.DISCLOSURE_SIGNED_OFF]
    assert actions[0][1].startswith("clerk")
    assert actions[1][1].startswith("reviewer")


def test_migration_reseals_matching_v1_periods_and_leaves_tampered_ones(march, fund, clerk):
    """Periods sealed before version 2 are resealed when they still match, and only then."""
    from importlib import import_module

    from django.apps import apps as live_apps

    reseal = import_module("disclosures.migrations.0005_digest_v2").reseal
    v1 = exports.digest(march, 1)
    _unsealed(
        "UPDATE disclosures_period SET digest = %s, digest_version = 1 WHERE id = %s",
        [v1, march.pk],
    )
    assert services.verify() == []  # a matching v1 period verifies under its own version

    class Editor:
        def __init__(self, connection):
            self.connection = connection

        def execute(self, sql):
            with self.connection.cursor() as cursor:
                cursor.execute(sql)

    reseal(live_apps, Editor(connection))
    march.refresh_from_db()
    assert march.digest_version == 2
    assert march.digest == exports.digest(march)
    assert march.events.filter(action="resealed", note__contains=v1).exists()
    assert AuditEntry.objects.filter(action=Action.DISCLOSURE_RESEALED).count() == 1
    assert seal.installed(connection)

    # A v1 period whose balances were shifted is not blessed by a reseal.
    _unsealed(
        "UPDATE disclosures_period SET digest = %s, digest_version = 1, "
        "opening_balance = opening_balance + 5000 WHERE id = %s",
        [v1, march.pk],
    )
    reseal(live_apps, Editor(connection))
    march.refresh_from_db()
    assert march.digest_version == 1
    assert [m.what for m in services.verify()] == ["opening_balance"]
