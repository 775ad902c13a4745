"""Polls in the benchmarks: ``make_volume_data --ballots N`` and the two targets' requests."""

import io
import json

from django.core.management import call_command
from django.test import Client

import pytest

from bench import ballots as bench
from community.factories import GridFactory, UserFactory
from community.models import Household, Residency
from polls.models import Ballot, Participation, PollPage
from polls.services import normalise_answers


@pytest.fixture
def grid(db):
    official = UserFactory(username="gridofficial", groups=["Officials"])
    return GridFactory(code="G01", name="第一网格", responsible_worker=official)


@pytest.fixture
def small_pool(monkeypatch):
    monkeypatch.setattr(bench, "VOTE_POOL", 40)


def make(ballots: int) -> str:
    out = io.StringIO()
    call_command("make_volume_data", f"--ballots={ballots}", stdout=out)
    return out.getvalue()


def results_poll() -> PollPage:
    return PollPage.objects.get(slug=bench.RESULTS_SLUG, locale__language_code="zh-hans")


def test_ballots_are_topped_up_one_per_verified_household(home_page, grid, small_pool):
    make(30)
    poll = results_poll()
    assert poll.has_closed()
    assert Ballot.objects.filter(poll=poll).count() == 30
    participations = Participation.objects.filter(poll=poll)
    assert participations.count() == 30
    assert participations.values("household").distinct().count() == 30
    for participation in participations.select_related("household"):
        assert participation.per_household
        assert poll.opens_at <= participation.created_at < poll.closes_at
        assert Residency.objects.verified().filter(
            household=participation.household, user=participation.user, is_representative=True
        )
    for ballot in Ballot.objects.filter(poll=poll):
        assert normalise_answers(poll, ballot.answers) == ballot.answers
        assert ballot.grid_id == grid.pk

    assert "Ballots: 0 added" in make(30)
    assert Ballot.objects.filter(poll=poll).count() == 30
    assert Household.objects.filter(code__startswith=bench.HOUSEHOLD_CODE).count() == 30

    make(45)
    assert Ballot.objects.filter(poll=poll).count() == 45
    assert Participation.objects.filter(poll=poll).count() == 45
    assert Household.objects.filter(code__startswith=bench.HOUSEHOLD_CODE).count() == 45


def test_results_requests_are_the_results_pages_in_both_languages(client, home_page, grid):
    make(12)
    requests = bench.results_requests()
    paths = [request.path for request in requests]
    assert any(path.startswith("/en/") for path in paths)
    assert len(paths) == 2
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200
    assert "12" in client.get(paths[0]).content.decode()


def test_vote_requests_cast_real_ballots_once_each(home_page, grid, small_pool):
    make(10)
    requests = bench.vote_requests()
    assert len(requests) >= 40
    assert len({(request.path, request.cookie) for request in requests}) == len(requests)
    poll = PollPage.objects.get(url_path__endswith=f"/{bench.VOTE_SLUG}1/")
    for request in requests[:5]:
        assert request.once and request.method == "POST"
        voter = Client(enforce_csrf_checks=False)
        voter.cookies.load(request.cookie)
        response = voter.post(request.path, request.form)
        assert response.status_code == 302
        assert response["Location"] == request.redirect
    assert Ballot.objects.filter(poll=poll).count() == 5
    assert Participation.objects.filter(poll=poll).values("household").distinct().count() == 5

    # The same request again is refused: the household has voted.
    voter = Client()
    voter.cookies.load(requests[0].cookie)
    assert voter.post(requests[0].path, requests[0].form).status_code == 400
    assert Ballot.objects.filter(poll=poll).count() == 5

    # A new plan leaves out the households that have voted.
    assert len(bench.vote_requests()) == len(requests) - 5


def test_bench_plan_counts_queries_and_hands_out_unsent_votes(home_page, grid, small_pool):
    make(10)
    out = io.StringIO()
    call_command("bench_plan", "--only=poll_results,vote", stdout=out)
    plan = {target["name"]: target for target in json.loads(out.getvalue())}
    assert plan["poll_results"]["queries"] > 0
    assert plan["vote"]["queries"] > 0
    voted = Participation.objects.filter(poll__slug__startswith=bench.VOTE_SLUG).count()
    assert voted == 3
    assert len(plan["vote"]["requests"]) == len(bench.vote_requests())
