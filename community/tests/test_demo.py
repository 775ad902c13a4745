from io import StringIO

from django.core.management.base import OutputWrapper
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

import accounts.demo
import community.demo
from accounts.models import User
from community.models import Building, Grid, Household, Residency


def counts():
    return (
        Grid.objects.count(),
        Building.objects.count(),
        Household.objects.count(),
        Residency.objects.count(),
    )


@pytest.fixture
def accounts_loaded(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # keep the demo password file out of the real var/
    accounts.demo.load(OutputWrapper(StringIO()))


def test_demo_map_is_complete_and_idempotent(accounts_loaded):
    out = StringIO()
    with CaptureQueriesContext(connection) as queries:
        community.demo.load(OutputWrapper(out))
    first = counts()
    grids, buildings, households, residencies = first
    assert grids == 3
    assert buildings == 20
    assert 550 <= households <= 650
    assert residencies == 1
    # Households are bulk-inserted: a few batches, not one INSERT per household.
    inserts = [q for q in queries.captured_queries if 'INTO "community_household"' in q["sql"]]
    assert 1 <= len(inserts) <= 5
    assert f"{households} households ({households} new)" in out.getvalue()

    out = StringIO()
    community.demo.load(OutputWrapper(out))
    assert counts() == first
    assert "(0 new)" in out.getvalue()


def test_demo_links_the_demo_accounts(accounts_loaded):
    community.demo.load(OutputWrapper(StringIO()))
    official = User.objects.get(email="official@demo.community")
    assert set(Grid.objects.values_list("responsible_worker", flat=True)) == {official.pk}

    residency = Residency.objects.get(user__email="resident@demo.community")
    assert residency.verified
    assert residency.is_representative
    assert residency.verified_by == official
    assert residency.household.code == community.demo.RESIDENT_HOUSEHOLD


def test_demo_household_codes_match_addresses(accounts_loaded):
    community.demo.load(OutputWrapper(StringIO()))
    household = Household.objects.select_related("building__grid").get(code="G01-03-2-301")
    assert household.building.grid.code == "G01"
    assert household.building.name == "3号楼"
    assert (household.unit, household.room) == (2, "301")
    floors = Building.objects.get(grid__code="G01", name="3号楼").floors
    assert Household.objects.filter(code=f"G01-03-2-{floors}02").exists()
    assert not Household.objects.filter(code=f"G01-03-2-{floors + 1}01").exists()


@pytest.mark.django_db
def test_demo_runs_without_demo_accounts():
    community.demo.load(OutputWrapper(StringIO()))
    assert Grid.objects.filter(responsible_worker__isnull=True).count() == 3
    assert Residency.objects.count() == 0
    assert Household.objects.count() > 0
