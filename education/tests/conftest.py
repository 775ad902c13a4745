"""Fixtures for the education tests: the channel tree in Chinese (and English), residents."""

import pytest

from community.factories import UserFactory
from education.builders import make_channel, make_course, make_index
from portal.demo_tools import publish_translation


@pytest.fixture
def education_index(home_page):
    index = make_index(home_page)
    publish_translation(index, {"教育频道": "Education"})
    return index


@pytest.fixture
def school(education_index):
    channel = make_channel(education_index, "school", "社区学校", slug="school")
    publish_translation(channel, {"社区学校": "Community school"})
    return channel


@pytest.fixture
def regulations_channel(education_index):
    channel = make_channel(education_index, "regulations", "教育法规", slug="regulations")
    publish_translation(channel, {"教育法规": "Education regulations"})
    return channel


@pytest.fixture
def teachers_channel(education_index):
    return make_channel(education_index, "teachers", "教师频道", slug="teachers")


@pytest.fixture
def course(school):
    return make_course(school, "书法入门", slug="calligraphy", capacity=2)


@pytest.fixture
def residents(db):
    return [UserFactory(username=f"resident{n}") for n in range(5)]


@pytest.fixture
def official(db):
    return UserFactory(username="edu-official", groups=["Officials"], is_staff=False)
