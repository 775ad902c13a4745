"""Fixtures for the complaints tests: a grid with its worker, officials, a submitted complaint."""

import shutil

from django.conf import settings

import pytest

from community.factories import BuildingFactory, GridFactory, UserFactory
from complaints import builders


@pytest.fixture(autouse=True)
def _private_media():
    yield
    shutil.rmtree(settings.COMPLAINTS_PRIVATE_ROOT, ignore_errors=True)


@pytest.fixture
def grid_worker(db):
    return UserFactory(username="gridworker", groups=["Officials"])


@pytest.fixture
def other_worker(db):
    return UserFactory(username="otherworker", groups=["Officials"])


@pytest.fixture
def grid(grid_worker):
    return GridFactory(code="G01", name="第一网格", responsible_worker=grid_worker)


@pytest.fixture
def other_grid(other_worker):
    return GridFactory(code="G02", name="第二网格", responsible_worker=other_worker)


@pytest.fixture
def building(grid):
    return BuildingFactory(grid=grid, name="3号楼")


@pytest.fixture
def legal_aid_official(db):
    return UserFactory(username="lawyer", groups=["Officials", "Legal aid"])


@pytest.fixture
def intake(db):
    return UserFactory(username="intake", groups=["Complaint intake"])


@pytest.fixture
def resident(db):
    return UserFactory(username="resident")


@pytest.fixture
def submission(building):
    return builders.submit(building=building)


@pytest.fixture
def complaint(submission):
    return submission.complaint
