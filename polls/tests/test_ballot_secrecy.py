"""Ballot secrecy against arithmetic: whatever the ballots, no combination of the figures shown
(totals, grids, exports, interim and final results) rests on fewer than 5 ballots.

The figures of a poll are sums over groups of ballots. The groups shown are the totals and the
shown grids; an attacker may add and subtract them. Every such combination is a union of the
"atoms" shown grids and "the rest" (hidden grids and ballots without a grid), so the promise holds
exactly when every atom holds 0 or at least 5 ballots. Hypothesis tries random distributions, and
the attacker below also checks every subset of shown grids against the real per-option counts.
"""

import datetime
import itertools
from collections import Counter

from django.utils import timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.factories import GridFactory
from polls import builders
from polls.models import Ballot
from polls.results import (
    MINIMUM_GROUP,
    counted_ballots,
    export_rows,
    poll_results,
    publishable_grids,
)

GRIDS = ["G1", "G2", "G3", "G4", "G5", "G6", None]  # None: a ballot without a grid
OPTIONS = ["A", "B", "C"]

ballots_strategy = st.lists(
    st.tuples(st.sampled_from(GRIDS), st.sampled_from(OPTIONS)), min_size=0, max_size=60
)


def _published(ballots: list[tuple], closed: bool) -> tuple[int, set]:
    counted = counted_ballots(len(ballots), closed=closed)
    sizes = Counter(grid for grid, _choice in ballots[:counted] if counted)
    return counted, publishable_grids(dict(sizes), counted) if counted else set()


@settings(max_examples=400)
@given(ballots=ballots_strategy, closed=st.booleans())
def test_no_combination_of_shown_figures_singles_out_fewer_than_five(ballots, closed):
    counted, shown = _published(ballots, closed)
    counted_ballots_ = ballots if counted else []
    total = Counter(choice for _grid, choice in counted_ballots_)
    by_grid = {
        grid: Counter(choice for g, choice in counted_ballots_ if g == grid) for grid in shown
    }
    assert counted == 0 or counted >= MINIMUM_GROUP
    assert not closed or counted in (0, len(ballots))
    for grid in shown:
        assert sum(by_grid[grid].values()) >= MINIMUM_GROUP
    # The attacker: totals minus any set of shown grids, and any set of shown grids alone.
    for size in range(len(shown) + 1):
        for subset in itertools.combinations(sorted(shown), size):
            grids = sum((by_grid[grid] for grid in subset), Counter())
            rest = total - grids
            assert sum(rest.values()) == 0 or sum(rest.values()) >= MINIMUM_GROUP, subset
            assert sum(grids.values()) == 0 or sum(grids.values()) >= MINIMUM_GROUP


def test_the_reported_case_hides_the_smallest_shown_grid_too():
    # 1 ballot in one grid, 6 and 5 in two others: totals minus the two shown grids told the
    # single household's choice. Now the grid of 5 is hidden as well.
    assert publishable_grids({"G1": 1, "G2": 6, "G3": 5}, 12) == {"G2"}
    assert publishable_grids({"G1": 6, "G2": 5, None: 2}, 13) == {"G1"}
    assert publishable_grids({"G1": 6, "G2": 5}, 11) == {"G1", "G2"}
    assert publishable_grids({"G1": 5, "G2": 5, "G3": 3, "G4": 2}, 15) == {"G1", "G2"}
    assert publishable_grids({"G1": 5, "G2": 4}, 9) == set()


def test_open_polls_count_no_answers_and_small_polls_none_at_all():
    assert counted_ballots(100, closed=False) == 0
    assert counted_ballots(4, closed=True) == 0
    assert counted_ballots(5, closed=True) == 5


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=9), min_size=3, max_size=3),
    without_grid=st.integers(min_value=0, max_value=3),
    choices=st.lists(st.integers(min_value=0, max_value=2), min_size=40, max_size=40),
)
def test_the_results_page_figures_keep_the_promise(db, sizes, without_grid, choices):
    now = timezone.now()
    poll = builders.make_poll(
        opens_at=now - datetime.timedelta(days=8), closes_at=now - datetime.timedelta(days=1)
    )
    grids = [GridFactory() for _ in sizes]
    options = list(poll.get_questions()[0].options.all())
    key = str(poll.get_questions()[0].pk)
    picks = iter(choices)
    placed = [(grid, size) for grid, size in zip(grids, sizes, strict=True)]
    placed.append((None, without_grid))
    for grid, size in placed:
        for _ in range(size):
            Ballot.objects.create(poll=poll, grid=grid, answers={key: [options[next(picks)].pk]})
    total = sum(sizes) + without_grid

    results = poll_results(poll, with_grids=True)
    assert results.ballots == total
    assert results.counted in (0, total) and (results.counted == 0 or total >= MINIMUM_GROUP)
    shown = sum(grid.ballots for grid in results.grids)
    assert all(grid.ballots >= MINIMUM_GROUP for grid in results.grids)
    assert results.counted - shown == 0 or results.counted - shown >= MINIMUM_GROUP
    counts = [row.count for row in results.questions[0].rows]
    assert sum(counts) == results.counted
    table = export_rows(poll)
    assert sum(row[2] for row in table[1:4]) == results.counted

    # The same poll while open: turnout yes, answers and grids no.
    poll.closes_at = now + datetime.timedelta(days=1)
    poll.save()
    live = poll_results(poll, with_grids=True)
    assert live.ballots == total and live.counted == 0 and live.grids == []
    assert all(row.count == 0 for row in live.questions[0].rows)
    poll.delete()
