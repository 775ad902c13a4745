"""polls.services.voting_state: everything a poll's page needs about one visitor, in one call."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

import pytest

from community.factories import UserFactory
from polls import builders, services
from polls.models import ResultsVisibility

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_an_anonymous_visitor_is_asked_to_sign_in():
    poll = builders.make_poll(results_visibility=ResultsVisibility.LIVE)
    state = services.voting_state(poll, AnonymousUser())
    assert not state.can_vote and not state.has_voted and not state.is_official
    assert state.reason == "请登录后投票。"
    assert state.results_visible  # live results, poll open
    assert not state.can_record


def test_a_verified_resident_may_vote_once(resident):
    poll = builders.make_poll(results_visibility=ResultsVisibility.AFTER_CLOSE)
    state = services.voting_state(poll, resident)
    assert state.can_vote and not state.reason
    assert not state.results_visible  # only after the poll closes
    question = poll.get_questions()[0]
    services.cast_ballot(poll, resident, {question.pk: question.options.first().pk})
    state = services.voting_state(poll, resident)
    assert state.has_voted and not state.can_vote
    assert state.reason == "您家已经在本次投票中投过票。"


def test_an_unverified_account_is_told_to_verify():
    poll = builders.make_poll()
    state = services.voting_state(poll, UserFactory(username="newcomer"))
    assert not state.can_vote
    assert state.needs_verification


def test_an_official_sees_results_and_may_record_offline_ballots(official, resident):
    poll = builders.make_poll(results_visibility=ResultsVisibility.OFFICIALS)
    state = services.voting_state(poll, official)
    assert state.is_official and state.results_visible and state.can_record
    resident_state = services.voting_state(poll, resident)
    assert not resident_state.is_official
    assert not resident_state.results_visible and not resident_state.can_record


def test_a_poll_not_open_yet_says_so(resident):
    now = timezone.now()
    poll = builders.make_poll(
        opens_at=now + datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=8)
    )
    state = services.voting_state(poll, resident)
    assert not state.can_vote and state.reason
    assert not services.results_visible(poll, resident)
