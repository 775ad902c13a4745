"""Entries keep arriving while the clerk hands the period over: each one either lands before
the lock (and is in what the oversight group signs off) or is refused; none slips in after.

Needs a database with real concurrent writers: runs on PostgreSQL, skipped on SQLite.
"""

import datetime
import threading
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import connection, connections

from wagtail.models import Locale

import pytest

from community.factories import UserFactory
from disclosures import builders, exports, services
from disclosures.models import LedgerEntry, Period, PeriodStatus

pytestmark = [
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="needs concurrent writers (PostgreSQL)"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_entries_racing_the_sign_off():
    Locale.objects.get_or_create(language_code="zh-hans")
    for name in ("Finance clerks", "Oversight group"):
        Group.objects.get_or_create(name=name)
    clerk = UserFactory(username="clerk", groups=["Finance clerks"])
    reviewer = UserFactory(username="reviewer", groups=["Oversight group"])
    fund = builders.fund()
    period = services.period_for(fund, datetime.date(2026, 3, 1))
    services.add_entry(fund, builders.entry_data(), actor=clerk)

    count = 8
    barrier = threading.Barrier(count + 1)
    added, refused, errors = [], [], []

    def add(n):
        try:
            barrier.wait()
            entry = services.add_entry(
                fund, builders.entry_data(amount=Decimal(10 + n)), actor=clerk
            )
            added.append(entry.pk)
        except services.EntryLocked:
            refused.append(n)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def lock():
        try:
            barrier.wait()
            # The sealing half of prepare_period, without the pages (no page tree here).
            from django.db import transaction
            from django.utils import timezone

            with transaction.atomic():
                locked = Period.objects.select_for_update().get(pk=period.pk)
                locked.status = PeriodStatus.PREPARED
                locked.prepared_at = timezone.now()
                locked.save()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(n,)) for n in range(count)]
    threads.append(threading.Thread(target=lock))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(added) + len(refused) == count
    assert LedgerEntry.objects.filter(period=period).count() == 1 + len(added)
    signed = services.sign_off(period, actor=reviewer)
    assert signed.digest == exports.digest(signed)
    assert services.verify() == []
