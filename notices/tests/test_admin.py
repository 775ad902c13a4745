"""Notices in the Wagtail admin: the category snippet and the officials' reach report."""

import csv
import io

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from accounts.models import User
from community.models import Building, Grid, Household, Residency
from notices.models import NoticeCategory, NoticePage
from notices.services import read_counts, record_notice_read
from portal.demo_tools import publish_translation

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/notices-targeted-reach/"
# The admin's own queries (session, user, permissions, the menu with its page and workflow
# items) and the report's: 25 today, the same at every size (the next test checks that).
QUERY_BUDGET = 27


def make_user(name: str, *groups: str) -> User:
    user = User.objects.create_user(name, f"{name}@example.com", "pw-123456789")
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def official(db):
    return make_user("official", "Officials")


@pytest.fixture
def building(db):
    grid = Grid.objects.create(code="G01", name="第一网格（幸福里）")
    return Building.objects.create(grid=grid, name="3号楼")


def add_households(building: Building, count: int, start: int = 1) -> list[Household]:
    return [
        Household.objects.create(
            building=building, room=str(number), code=f"{building.pk}-{number}"
        )
        for number in range(start, start + count)
    ]


def targeted(make_notice, slug: str, *, buildings=(), grids=(), **fields) -> NoticePage:
    notice = make_notice(slug, publish=False, audience="targeted", **fields)
    notice.buildings.set(buildings)
    notice.grids.set(grids)
    notice.save_revision().publish()
    return NoticePage.objects.get(pk=notice.pk)


def read_by(notice: NoticePage, households: list[Household]) -> None:
    for household in households:
        reader = User.objects.create_user(f"reader-{household.code}-{notice.pk}")
        Residency.objects.create(user=reader, household=household, verified=True)
        record_notice_read(notice, reader)


EXPORT_COLUMNS = ["Notice", "Category", "Audience", "Published", "Households", "Opened", "Percent"]


def report_rows(client, query: str = "") -> list[dict[str, str]]:
    """The CSV export's rows, keyed by column (the headings themselves are translated)."""
    response = client.get(f"{REPORT_URL}?export=csv{query}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    header, *rows = csv.reader(io.StringIO(text))
    assert len(header) == len(EXPORT_COLUMNS)
    return [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in rows]


# -- the report ---------------------------------------------------------------------------------


def test_report_lists_each_targeted_notice_with_its_households(
    client, official, building, make_notice, categories
):
    households = add_households(building, 8)
    notice = targeted(make_notice, "lift-3", title="3号楼电梯检修", buildings=[building])
    publish_translation(notice, {"3号楼电梯检修": "Lift maintenance in building 3"})
    read_by(notice, households[:3])
    make_notice("for-all", title="全体居民通知")  # not targeted: not in the report
    draft = targeted(make_notice, "draft", title="草稿通知", buildings=[building])
    draft.unpublish()

    client.force_login(official)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "3号楼电梯检修" in html
    assert "Lift maintenance" not in html  # one row per notice, not per language
    assert "全体居民通知" not in html
    assert "草稿通知" not in html
    assert "37.5%" in html
    assert "第一网格（幸福里）3号楼" in html

    rows = report_rows(client)
    assert len(rows) == 1
    assert rows[0]["Notice"] == "3号楼电梯检修"
    assert rows[0]["Households"] == "8"
    assert rows[0]["Opened"] == "3"
    assert rows[0]["Percent"] == "37.5"
    assert read_counts(notice) == (3, 8)
    assert "reader" not in html  # no names, no list of who
    published = timezone.localtime(notice.first_published_at).strftime("%Y-%m-%d %H:%M")
    assert rows[0]["Published"] == published  # local time, not UTC

    # Filter by category: the Chinese category stands for its translations too.
    assert report_rows(client, f"&category={categories['events'].pk}") == []
    assert len(report_rows(client, f"&category={categories['water-power'].pk}")) == 1


def test_report_numbers_match_read_counts_for_grids_and_buildings(
    client, official, building, make_notice
):
    in_building = add_households(building, 4)
    other = Building.objects.create(grid=building.grid, name="5号楼")
    in_other = add_households(other, 2)
    far = Building.objects.create(grid=Grid.objects.create(code="G02", name="和平苑"), name="1号楼")
    far_households = add_households(far, 3)
    whole_grid = targeted(
        make_notice, "grid", title="网格通知", grids=[building.grid], buildings=[building]
    )
    far_notice = targeted(make_notice, "far", title="和平苑通知", buildings=[far])
    empty = targeted(make_notice, "nobody", title="没有选择楼栋")
    read_by(whole_grid, [in_building[0], in_other[1], far_households[0]])
    read_by(far_notice, far_households)

    client.force_login(official)
    rows = {row["Notice"]: row for row in report_rows(client)}
    assert read_counts(whole_grid) == (2, 6)
    assert rows["网格通知"]["Households"] == "6"
    assert rows["网格通知"]["Opened"] == "2"
    assert rows["和平苑通知"]["Percent"] == "100.0"
    assert rows["没有选择楼栋"]["Households"] == "0"
    assert rows["没有选择楼栋"]["Percent"] == ""
    assert read_counts(empty) == (0, 0)

    # Filter by grid: the notices for the grid or one of its buildings.
    filtered = report_rows(client, f"&grid={far.grid.pk}")
    assert [row["Notice"] for row in filtered] == ["和平苑通知"]
    # The filter drawer refreshes the results alone.
    results = client.get(f"{REPORT_URL}results/", {"grid": far.grid.pk})
    assert results.status_code == 200
    assert "和平苑通知" in results.content.decode()
    assert "网格通知" not in results.content.decode()


def test_report_exports_xlsx(client, official, building, make_notice):
    targeted(make_notice, "lift-3", title="3号楼电梯检修", buildings=[building])
    client.force_login(official)
    response = client.get(f"{REPORT_URL}?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize(
    ("groups", "allowed"),
    [
        (["Officials"], True),
        (["Moderators"], True),
        (["Editors"], False),
        (["Finance clerks"], False),
    ],
)
def test_report_is_for_holders_of_view_noticeread(client, groups, allowed):
    user = make_user("someone", *groups)
    client.force_login(user)
    response = client.get(REPORT_URL)
    reports_menu = client.get("/admin/").content.decode()
    if allowed:
        assert response.status_code == 200
        assert REPORT_URL in reports_menu
    else:
        # Wagtail turns the refusal into a redirect to the dashboard with a message.
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
        assert REPORT_URL not in reports_menu
        assert client.get(f"{REPORT_URL}?export=csv").status_code in (302, 403)


def test_report_needs_a_login(client):
    response = client.get(REPORT_URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("size", [1, 5])
def test_report_queries_do_not_grow_with_notices_or_households(
    client, official, building, make_notice, size, django_assert_max_num_queries
):
    grid = building.grid
    households = add_households(building, 10 * size)
    for number in range(size):
        extra = Building.objects.create(grid=grid, name=f"{10 + number}号楼")
        add_households(extra, 5 * size, start=100)
        notice = targeted(
            make_notice, f"n{number}", title=f"测试楼栋通知{number}", buildings=[building, extra]
        )
        grid_notice = targeted(make_notice, f"g{number}", title=f"网格通知{number}", grids=[grid])
        read_by(notice, households[: 2 * size])
        read_by(grid_notice, households[: size + 1])
    client.force_login(official)
    client.get(REPORT_URL)  # warm caches (site root paths, session)

    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(REPORT_URL)
    assert response.content.decode().count("测试楼栋通知") == size
    with django_assert_max_num_queries(QUERY_BUDGET):
        report_rows(client)


def test_report_query_count_is_the_same_at_two_sizes(client, official, building, make_notice):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(REPORT_URL)
        return len(queries)

    client.force_login(official)
    targeted(make_notice, "first", buildings=[building])
    add_households(building, 5)
    client.get(REPORT_URL)
    small = count_queries()
    for number in range(10):
        notice = targeted(make_notice, f"more-{number}", buildings=[building])
        read_by(notice, add_households(building, 3, start=100 + 10 * number))
    assert count_queries() == small


# -- categories ---------------------------------------------------------------------------------


@pytest.fixture
def moderator(db):
    return make_user("moderator", "Moderators")


def test_category_snippet_pages_load_for_moderators(client, moderator, categories):
    client.force_login(moderator)
    water = categories["water-power"]
    index_url = reverse("wagtailsnippets_notices_noticecategory:list")
    response = client.get(index_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "停水停电" in html
    assert "water-power" in html
    assert client.get(f"{index_url}?locale=en").status_code == 200
    assert "Water and power" in client.get(f"{index_url}?locale=en").content.decode()
    assert client.get(reverse("wagtailsnippets_notices_noticecategory:add")).status_code == 200
    edit = reverse("wagtailsnippets_notices_noticecategory:edit", args=[water.pk])
    assert client.get(edit).status_code == 200

    response = client.post(
        reverse("wagtailsnippets_notices_noticecategory:add") + "?locale=zh-hans",
        {"name": "公示公告", "slug": "public", "description": "", "sort_order": 5},
    )
    assert response.status_code == 302
    assert NoticeCategory.objects.filter(slug="public", locale__language_code="zh-hans").exists()


def test_categories_are_in_the_notices_menu(client, moderator, categories):
    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    assert reverse("wagtailsnippets_notices_noticecategory:list") in html


def test_editors_see_but_do_not_change_categories(client, categories):
    editor = make_user("editor", "Editors")
    client.force_login(editor)
    water = categories["water-power"]
    assert client.get(reverse("wagtailsnippets_notices_noticecategory:list")).status_code == 200
    edit = reverse("wagtailsnippets_notices_noticecategory:edit", args=[water.pk])
    response = client.post(edit, {"name": "改名", "slug": "water-power", "sort_order": 0})
    assert response.status_code in (302, 403)
    water.refresh_from_db()
    assert water.name == "停水停电"


def test_editors_choose_a_category_when_writing_a_notice(client, notice_index, categories):
    editor = make_user("editor", "Editors")
    client.force_login(editor)
    response = client.get(f"/admin/pages/add/notices/noticepage/{notice_index.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    chooser = reverse("wagtailsnippetchoosers_notices_noticecategory:choose")
    assert chooser in html
    response = client.get(chooser, {"locale": "zh-hans"})
    assert response.status_code == 200
    listing = response.json()["html"]
    assert "停水停电" in listing
    assert "社区活动" in listing
