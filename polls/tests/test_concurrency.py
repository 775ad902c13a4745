"""Fifty simultaneous attempts for one household store exactly one ballot, with no error.

Real threads, each with its own database connection, released together by a barrier; on
PostgreSQL and on SQLite (the embedded default).
"""

import threading

from django.db import connections

from wagtail.models import Locale, Page

import pytest

from community.factories import BuildingFactory, GridFactory, HouseholdFactory
from polls import builders, services
from polls.models import Ballot, Eligibility, Participation, PollIndexPage

ATTEMPTS = 50


def _parent() -> Page:
    """Transactional tests may start from a flushed database: make a tree when there is none."""
    from home.models import HomePage

    home = HomePage.objects.filter(locale__language_code="zh-hans").first()
    if home is not None:
        return builders.poll_index(home)
    Locale.objects.get_or_create(language_code="zh-hans")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    index = PollIndexPage(title="民意征集", slug="polls-concurrency")
    root.add_child(instance=index)
    return index


def _run_together(count: int, work) -> tuple[list, list, list]:
    barrier = threading.Barrier(count)
    results, refusals, errors = [], [], []

    def run(number):
        try:
            barrier.wait()
            results.append(work(number))
        except services.VoteRefused as refusal:
            refusals.append(refusal)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, refusals, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("eligibility", [Eligibility.FIRST_MEMBER, Eligibility.ACCOUNT])
def test_fifty_parallel_attempts_by_one_account(eligibility):
    household = HouseholdFactory(building=BuildingFactory(grid=GridFactory()))
    voter = builders.voter(household, username="racer")
    poll = builders.make_poll(_parent(), eligibility=eligibility)
    question = poll.get_questions()[0]
    options = list(question.options.all())

    results, refusals, errors = _run_together(
        ATTEMPTS,
        lambda n: services.cast_ballot(poll, voter, {question.pk: options[n % len(options)].pk}),
    )
    assert errors == []
    assert len(results) == 1
    assert len(refusals) == ATTEMPTS - 1
    assert {refusal.code for refusal in refusals} == {"already_voted"}
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_attempts_by_two_accounts_of_one_household():
    household = HouseholdFactory(building=BuildingFactory(grid=GridFactory()))
    members = [builders.voter(household, username=f"member{n}") for n in range(2)]
    poll = builders.make_poll(_parent(), eligibility=Eligibility.FIRST_MEMBER)
    question = poll.get_questions()[0]
    options = list(question.options.all())

    results, refusals, errors = _run_together(
        ATTEMPTS,
        lambda n: services.cast_ballot(
            poll, members[n % 2], {question.pk: options[n % len(options)].pk}
        ),
    )
    assert errors == []
    assert len(results) == 1
    assert {refusal.code for refusal in refusals} == {"already_voted"}
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_votes_of_different_households_are_all_kept():
    building = BuildingFactory(grid=GridFactory())
    voters = [builders.voter(HouseholdFactory(building=building)) for _n in range(20)]
    poll = builders.make_poll(_parent(), eligibility=Eligibility.FIRST_MEMBER)
    question = poll.get_questions()[0]
    options = list(question.options.all())

    results, refusals, errors = _run_together(
        len(voters),
        lambda n: services.cast_ballot(poll, voters[n], {question.pk: options[n % 3].pk}),
    )
    assert errors == [] and refusals == []
    assert len(results) == 20
    assert Participation.objects.filter(poll=poll).count() == 20
    # The shuffle moves ballots around under concurrency without losing or doubling any.
    chosen = sorted(b.answers[str(question.pk)][0] for b in Ballot.objects.filter(poll=poll))
    assert chosen == sorted(options[n % 3].pk for n in range(20))
