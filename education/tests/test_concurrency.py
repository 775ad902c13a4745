"""Simultaneous requests for the last places: enrolment never exceeds the capacity.

Needs a database with real concurrent writers: runs on PostgreSQL, skipped on SQLite.
"""

import threading
import uuid

from django.db import connection, connections

from wagtail.models import Locale, Page

import pytest

from community.factories import UserFactory
from education import services
from education.builders import make_channel, make_course, make_index
from education.models import Enrolment, EnrolmentStatus

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="needs concurrent writers (PostgreSQL)"
)


def _course(capacity: int):
    """Transactional tests may start from a flushed database: make what the course needs."""
    locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    key = uuid.uuid4().hex[:8]
    index = make_index(root, slug=f"education-{key}")
    school = make_channel(index, "school", "社区学校", slug="school")
    return make_course(school, "书法入门", slug="calligraphy", capacity=capacity)


def _residents(count: int) -> list:
    key = uuid.uuid4().hex[:6]
    return [UserFactory(username=f"r{key}{n}") for n in range(count)]


def _run_together(works) -> tuple[list, list]:
    barrier = threading.Barrier(len(works))
    results, errors = [], []

    def run(work):
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # noqa: BLE001 - reported by the tests
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_twelve_residents_for_three_places_without_waiting_list():
    course = _course(capacity=3)
    residents = _residents(12)
    results, errors = _run_together(
        [lambda user=user: services.enrol(user, course) for user in residents]
    )
    assert len(results) == 3
    assert len(errors) == 9
    assert {error.code for error in errors} == {"full"}
    assert Enrolment.objects.filter(course=course, status="enrolled").count() == 3
    assert Enrolment.objects.filter(course=course).count() == 3


@pytest.mark.django_db(transaction=True)
def test_twelve_residents_for_three_places_with_waiting_list():
    course = _course(capacity=3)
    residents = _residents(12)
    results, errors = _run_together(
        [
            lambda user=user: services.enrol(user, course, join_waiting_list=True)
            for user in residents
        ]
    )
    assert errors == []
    statuses = [result.status for result in results]
    assert statuses.count(EnrolmentStatus.ENROLLED) == 3
    assert statuses.count(EnrolmentStatus.WAITING) == 9
    positions = sorted(
        e.waiting_position() for e in Enrolment.objects.waiting().filter(course=course)
    )
    assert positions == list(range(1, 10))


@pytest.mark.django_db(transaction=True)
def test_cancellations_racing_new_enrolments_never_exceed_capacity():
    course = _course(capacity=3)
    holders = _residents(3)
    waiting = _residents(3)
    newcomers = _residents(6)
    for user in holders:
        services.enrol(user, course)
    for user in waiting:
        services.enrol(user, course, join_waiting_list=True)
    works = [lambda user=user: services.cancel(user, course) for user in holders]
    works += [
        lambda user=user: services.enrol(user, course, join_waiting_list=True) for user in newcomers
    ]
    _results, errors = _run_together(works)
    assert errors == []
    enrolled = set(
        Enrolment.objects.filter(course=course, status="enrolled").values_list("user", flat=True)
    )
    # The freed places went to the people who were waiting first, not to the newcomers.
    assert enrolled == {user.pk for user in waiting}
    assert Enrolment.objects.filter(course=course, status="waiting").count() == 6


@pytest.mark.django_db(transaction=True)
def test_one_resident_clicking_eight_times_gets_one_place():
    course = _course(capacity=3)
    (user,) = _residents(1)
    results, errors = _run_together([lambda: services.enrol(user, course) for _n in range(8)])
    assert len(results) == 1
    assert {error.code for error in errors} == {"already"}
    assert Enrolment.objects.filter(course=course, user=user).count() == 1
