"""Fixtures for the disclosures tests: a clerk, an oversight member, a fund with an index page."""

from django.utils import translation

import pytest

from community.factories import UserFactory
from disclosures import builders


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", groups=["Finance clerks"])


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", groups=["Oversight group"])


@pytest.fixture
def resident(db):
    return UserFactory(username="resident")


@pytest.fixture
def fund(db):
    return builders.fund()


@pytest.fixture
def index(home_page):
    return builders.index_pages(home_page)


@pytest.fixture(autouse=True)
def _chinese():
    """Messages are checked in Chinese, whatever language an earlier test left active."""
    with translation.override("zh-hans"):
        yield
