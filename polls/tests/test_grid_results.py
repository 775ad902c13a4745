"""Officials read the results grid by grid, side by side, and export them with the grids."""

import datetime
import io
import re

from django.utils import timezone

import pytest
from openpyxl import load_workbook

from community.factories import BuildingFactory, GridFactory, HouseholdFactory
from polls import builders, services
from polls.models import ResultsVisibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(grid, other_grid):
    """Six households of the first grid, three of the second and two of a third voted.

    The two small grids are hidden, and together they hold five ballots: the totals minus the
    first grid tell nothing about one household, so the first grid is shown (polls/results.py).
    """
    poll = builders.make_poll(results_visibility=ResultsVisibility.LIVE)
    question = poll.get_questions()[0]
    options = list(question.options.all())
    third_grid = GridFactory(name="第三网格")
    for number, target in enumerate([grid] * 6 + [other_grid] * 3 + [third_grid] * 2):
        user = builders.voter(
            HouseholdFactory(building=BuildingFactory(grid=target)), username=f"v{number}"
        )
        services.cast_ballot(poll, user, {question: options[number % 2]})
    # Answers are counted once the poll has closed (ballot secrecy).
    poll.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    poll.save()
    return poll


def test_officials_see_a_table_of_grids_by_option_before_the_totals(client, voted, official):
    client.force_login(official)
    html = client.get(voted.url + "results/").content.decode()
    table = re.search(r'<table class="grid-results">.*?</table>', html, re.S)
    assert table is not None
    table = table.group(0)
    assert "第一网格" in table
    assert "第二网格" not in table  # three ballots: too few to show apart
    assert "第三网格" not in table
    assert "加装电梯" in table  # the options are the columns
    assert "3 <span" in table
    assert html.index('class="grid-results"') < html.index('id="totals-title"')
    assert "<details" not in html


def test_residents_see_no_grid_table(client, voted):
    html = client.get(voted.url + "results/").content.decode()
    assert "grid-results" not in html


def test_the_officials_export_has_the_grids(client, voted, official):
    client.force_login(official)
    sheet = load_workbook(io.BytesIO(client.get(voted.url + "results/xlsx/").content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert any(row[:2] == ["网格", "问题"] and "票数" in row for row in rows)
    grid_rows = [row for row in rows if row[0] == "第一网格"]
    assert grid_rows and all(row[3] is not None for row in grid_rows)
    assert not [row for row in rows if row[0] in ("第二网格", "第三网格")]
    assert any(row[0] and "未显示" in str(row[0]) for row in rows)


def test_the_public_export_has_no_grids(client, voted):
    text = client.get(voted.url + "results/csv/").content.decode("utf-8-sig")
    assert "第一网格" not in text


def test_while_the_poll_is_open_officials_are_told_when_grids_appear(client, voted, official):
    # Open again: the answers, and so the grids, wait for the close (an empty table of zeros
    # beside eleven ballots read as "nobody chose anything").
    voted.closes_at = timezone.now() + datetime.timedelta(days=1)
    voted.save()
    client.force_login(official)
    html = client.get(voted.url + "results/").content.decode()
    assert "各网格的数字在投票结束后与答案一起公布" in html
    assert "grid-results" not in html
    assert "第一网格" not in html
