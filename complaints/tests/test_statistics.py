"""Public complaint statistics: arithmetic on what the page and the CSV show."""

import csv
import datetime
import io
import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from community.factories import GridFactory, UserFactory
from complaints import builders, statistics
from complaints.models import (
    CalendarDay,
    Complaint,
    ComplaintEvent,
    DayKind,
    Rating,
    RatingValue,
    Status,
)
from complaints.statistics import ALL_CATEGORIES, ALL_GRIDS, MIN_CELL, OTHER_GRIDS, Cell
from complaints.workdays import TZ

URL = "/complaints/statistics/"


def cell(category: str, grid: str, received: int, month: str = "2026-11") -> Cell:
    return Cell(month, category, grid, received=received, answered=received)


def test_small_grids_are_merged_until_the_merged_cell_is_large_enough():
    cells = [cell("a", "1", 6), cell("a", "2", 5), cell("a", "3", 3), cell("a", "4", 1)]
    published = statistics.merge(cells)
    # the small ones (4) are not enough alone: the smallest large grid (5) joins them
    assert [(c.grid, c.received) for c in published] == [("1", 6), (OTHER_GRIDS, 4 + 5)]
    enough = statistics.merge([cell("a", "1", 6), cell("a", "2", 3), cell("a", "3", 2)])
    assert [(c.grid, c.received) for c in enough] == [("1", 6), (OTHER_GRIDS, 5)]
    alone = statistics.merge([cell("a", "1", 6), cell("a", "2", 5)])
    assert [(c.grid, c.received) for c in alone] == [("1", 6), ("2", 5)]


def test_a_month_with_few_complaints_is_one_row():
    published = statistics.merge([cell("a", "1", 2), cell("b", "2", 1)])
    assert [(c.category, c.grid, c.received) for c in published] == [(ALL_CATEGORIES, ALL_GRIDS, 3)]


def test_every_published_cell_has_at_least_five_or_covers_the_whole_month():
    import random

    rng = random.Random(7)
    for _round in range(200):
        cells = [
            cell(category, grid, rng.randint(1, 9))
            for category in "abcd"
            for grid in "123456"
            if rng.random() < 0.6
        ]
        if not cells:
            continue
        published = statistics.merge(cells)
        assert sum(c.received for c in published) == sum(c.received for c in cells)
        assert sum(c.answered for c in published) == sum(c.answered for c in cells)
        covered = [key for c in published for key in (c.parts or [(c.month, c.category, c.grid)])]
        assert sorted(covered) == sorted((c.month, c.category, c.grid) for c in cells)
        for item in published:
            assert item.received >= MIN_CELL or item.category == ALL_CATEGORIES, published


def _monday_last_month() -> datetime.datetime:
    today = datetime.datetime.now(TZ).date()
    day = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    while day.weekday() != 0:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=TZ)


@pytest.fixture
def scenario(db, grid, other_grid):
    """24 complaints last month: category "other" in grids A 6, B 5, C 3, D 2; "public-services" 5 in
    A; "community-affairs" 1 and "legal" 2 (both too small: merged with "public-services")."""
    cache.clear()
    grid_c = GridFactory(code="G03", name="第三网格")
    grid_d = GridFactory(code="G04", name="第四网格")
    plan = [
        ("other", grid, 6),
        ("other", other_grid, 5),
        ("other", grid_c, 3),
        ("other", grid_d, 2),
        ("public-services", grid, 5),
        ("community-affairs", grid, 1),
        ("legal", other_grid, 2),
    ]
    submitted = _monday_last_month()
    made = {}
    for slug, where, count in plan:
        made[(slug, where.code)] = [
            builders.submit(category_slug=slug, grid=where).complaint for _n in range(count)
        ]
    Complaint.objects.update(
        submitted_at=submitted, deadline=submitted + datetime.timedelta(days=3)
    )
    # Tuesday is a public holiday: an answer on Wednesday took 1 working day, Thursday 2.
    CalendarDay.objects.create(
        date=(submitted + datetime.timedelta(days=1)).date(), kind=DayKind.HOLIDAY
    )
    grid_a_other = made[("other", "G01")]
    wednesday, thursday = (submitted + datetime.timedelta(days=n) for n in (2, 3))
    friday_late = submitted + datetime.timedelta(days=4)
    for complaint, answered in zip(
        grid_a_other, [wednesday, wednesday, thursday, friday_late], strict=False
    ):
        Complaint.objects.filter(pk=complaint.pk).update(
            answered_at=answered, status=Status.ANSWERED
        )
    Rating.objects.create(complaint=grid_a_other[0], value=RatingValue.SATISFIED)
    Rating.objects.create(complaint=grid_a_other[1], value=RatingValue.BASICALLY_SATISFIED)
    Rating.objects.create(complaint=grid_a_other[2], value=RatingValue.DISSATISFIED)
    ComplaintEvent.objects.create(complaint=grid_a_other[2], action="reopen")
    # the rest of grid A's "other" complaints are open and past their deadline
    return made


def _csv(client, language=""):
    response = client.get(f"{language}{URL}?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_rows_per_month_category_and_grid(client, scenario):
    rows = _csv(client)
    assert list(rows[0])[:6] == [
        "month",
        "category",
        "grid",
        "received",
        "answered",
        "answered_on_time",
    ]
    shown = {(r["category"], r["grid"]): int(r["received"]) for r in rows}
    assert shown == {
        ("其他诉求", "第一网格"): 6,
        ("其他诉求", "第二网格"): 5,
        ("其他诉求", "其他网格（合并）"): 5,
        ("其他类别（合并）", "全部网格"): 8,
    }
    assert sum(shown.values()) == Complaint.objects.count() == 24
    assert not any("total" in r["category"].lower() or "合计" in r["category"] for r in rows)
    grid_a = next(r for r in rows if r["grid"] == "第一网格")
    assert grid_a["answered"] == "4" and grid_a["answered_on_time"] == "3"
    # working days 1, 1, 2, 3 (Tuesday was a holiday): median 1.5, nearest-rank p90 3
    assert grid_a["median_working_days"] == "1.5" and grid_a["p90_working_days"] == "3"
    assert (grid_a["satisfied"], grid_a["basically_satisfied"], grid_a["dissatisfied"]) == (
        "1",
        "1",
        "1",
    )
    assert grid_a["reopened"] == "1" and grid_a["reopened_share_percent"] == "25"
    assert grid_a["overdue_now"] == "2"
    for row in rows:
        assert int(row["received"]) >= MIN_CELL
        assert int(row["answered_on_time"]) <= int(row["answered"]) <= int(row["received"])
    english = _csv(client, "/en")
    assert {(r["category"], r["grid"]) for r in english} >= {
        ("Other requests", "第一网格"),
        ("Other categories (merged)", "All grids"),
        ("Other requests", "Other grids (merged)"),
    }


def _table(html: str, caption: str) -> list[list[str]]:
    table = html.split(f">{caption}</caption>", 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"\s*\(.*?\)", "", c).strip() for c in cells])
    return rows


def test_page_totals_are_sums_of_the_rows_shown(client, scenario):
    html = client.get(URL).content.decode()
    assert html.count('<svg role="img"') == 2 and "<desc" in html
    rows = _csv(client)
    months = _table(html, "按月，全部类别和网格")
    [month] = months
    assert month[0] == rows[0]["month"]
    assert int(month[1]) == sum(int(r["received"]) for r in rows) == 24
    assert int(month[2]) == sum(int(r["answered"]) for r in rows)
    categories = _table(html, "按类别，全部月份和网格")
    by_category = {row[0]: int(row[1]) for row in categories}
    assert by_category == {"其他诉求": 16, "其他类别（合并）": 8}
    # no figure for a single small category or grid appears anywhere on the page
    for hidden in ("社区事务办理", "法律咨询与援助", "第三网格", "第四网格"):
        assert hidden not in html
    # the chart says the same as the table
    assert "收到 24" in html


def test_figures_are_cached(client, scenario):
    client.get(URL)
    builders.submit(category_slug="other", grid=scenario[("other", "G01")][0].grid)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(URL).content.decode()
    assert not [q for q in queries if '"complaints_complaint"' in q["sql"]]
    assert ">24<" in html


def test_officials_dashboard_shows_their_own_figures_unmerged(client, scenario, grid_worker):
    client.force_login(grid_worker)
    html = client.get("/admin/").content.decode()
    assert "complaint-statistics" in html
    own = Complaint.objects.handled_by(grid_worker).count()
    assert own == 6 + 5 + 1
    panel = html.split("complaint-statistics", 1)[1].split("</table>", 1)[0]
    first_row = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", panel.split("<tbody>", 1)[1], re.S)
    assert int(first_row[1]) == own


def test_residents_see_no_panel(client, scenario):
    client.force_login(UserFactory(username="someone"))
    assert client.get("/admin/").status_code in (302, 403)


@pytest.mark.django_db
def test_empty_period(client):
    cache.clear()
    response = client.get(URL)
    assert response.status_code == 200
    assert _csv(client) == []
