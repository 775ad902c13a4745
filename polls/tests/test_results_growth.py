"""A closed poll's results are counted once, not on every view (10,000 ballots took 200 ms a view).

No ballot is cast after a poll closes, so its counts are kept (``polls.results._tally``) until the
number of ballots, the closing time or the published poll changes; while a poll is open its answers
are not counted (ballot secrecy) and its ballots are not read at all.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from community.factories import BuildingFactory, HouseholdFactory
from polls import builders, services
from polls.models import Ballot, ResultsVisibility
from polls.results import poll_results
from polls.tests.test_views import close

pytestmark = pytest.mark.django_db


def _reads_ballots(queries) -> bool:
    return any(
        '"answers"' in query["sql"] and "polls_ballot" in query["sql"]
        for query in queries.captured_queries
    )


def _vote(poll, grids, start: int = 0) -> None:
    question = poll.get_questions()[0]
    options = list(question.options.all())
    for number, grid in enumerate(grids, start=start):
        household = HouseholdFactory(building=BuildingFactory(grid=grid))
        voter = builders.voter(household, username=f"voter{number}")
        services.cast_ballot(poll, voter, {question: options[number % 2]})


def test_a_closed_polls_ballots_are_read_once_and_again_when_they_change(grid, other_grid):
    poll = builders.make_poll(results_visibility=ResultsVisibility.LIVE)
    _vote(poll, [grid] * 6 + [other_grid] * 5)
    with CaptureQueriesContext(connection) as queries:
        open_results = poll_results(poll, with_grids=True)
    assert open_results.ballots == 11 and open_results.counted == 0
    assert not _reads_ballots(queries)  # open: the answers are not counted, nor read

    close(poll)
    first = poll_results(poll, with_grids=True)
    assert first.counted == 11
    assert [row.count for row in first.questions[0].rows][:2] == [6, 5]
    assert [(item.grid, item.ballots) for item in first.grids] == [(grid, 6), (other_grid, 5)]
    with CaptureQueriesContext(connection) as queries:
        again = poll_results(poll, with_grids=True)
    assert not _reads_ballots(queries)
    assert again == first

    # Whatever changes the ballots changes their number: they are counted again.
    Ballot.objects.filter(poll=poll).order_by("pk").first().delete()
    with CaptureQueriesContext(connection) as queries:
        fewer = poll_results(poll, with_grids=True)
    assert _reads_ballots(queries)
    assert fewer.ballots == fewer.counted == 10
    assert sum(row.count for row in fewer.questions[0].rows) == 10
    # 10 ballots, one grid now at 4 or 5: the suppression rules are applied to the new counts.
    assert all(item.ballots >= 5 for item in fewer.grids)
