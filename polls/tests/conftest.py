"""Fixtures for the polls tests: a grid with its official, households and verified voters."""

import pytest

from community.factories import (
    BuildingFactory,
    GridFactory,
    HouseholdFactory,
    UserFactory,
)
from polls import builders


@pytest.fixture
def official(db):
    return UserFactory(username="gridofficial", groups=["Officials"])


@pytest.fixture
def grid(official):
    return GridFactory(code="G01", name="第一网格", responsible_worker=official)


@pytest.fixture
def other_grid(db):
    return GridFactory(code="G02", name="第二网格")


@pytest.fixture
def household(grid):
    return HouseholdFactory(building=BuildingFactory(grid=grid, name="3号楼"), unit=1, room="301")


@pytest.fixture
def resident(household):
    return builders.voter(household, username="resident")


@pytest.fixture
def poll(db):
    return builders.make_poll()
