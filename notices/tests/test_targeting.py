"""Targeted notices: who is counted as having opened one, and who sees them in "my portal"."""

import datetime

from django.utils import timezone
from django.utils.translation import override

from wagtail.models import Locale

import pytest

from accounts.models import User
from community.models import Building, Grid, Household, Residency
from notices.models import NoticePage, NoticeRead
from notices.my_portal_targeted import MY_PORTAL_NOTICES, resident_notices
from notices.services import read_counts, record_notice_read
from portal.demo_tools import publish_translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def community_map(db):
    """G01 with 3号楼 (4 households) and 5号楼 (2); G02 with 1号楼 (3)."""
    g01 = Grid.objects.create(code="G01", name="第一网格（幸福里）")
    g02 = Grid.objects.create(code="G02", name="第二网格（和平苑）")
    buildings = {
        "b3": Building.objects.create(grid=g01, name="3号楼"),
        "b5": Building.objects.create(grid=g01, name="5号楼"),
        "g02b1": Building.objects.create(grid=g02, name="1号楼"),
    }
    sizes = {"b3": 4, "b5": 2, "g02b1": 3}
    households = {
        key: [
            Household.objects.create(building=building, room=f"{floor}01", code=f"{key}-{floor}01")
            for floor in range(1, sizes[key] + 1)
        ]
        for key, building in buildings.items()
    }
    return {"grids": {"G01": g01, "G02": g02}, "buildings": buildings, "households": households}


@pytest.fixture
def resident(db):
    """A user with a residency in a household (verified unless told otherwise)."""

    def make(name: str, household: Household | None = None, *, verified: bool = True) -> User:
        user = User.objects.create_user(name, f"{name}@example.com", "pw-123456789")
        if household is not None:
            Residency.objects.create(user=user, household=household, verified=verified)
        return user

    return make


@pytest.fixture
def targeted_notice(make_notice):
    """A published notice for the given grids and buildings."""

    def make(slug: str, *, grids=(), buildings=(), days_ago: int = 0, **fields) -> NoticePage:
        notice = make_notice(slug, publish=False, audience="targeted", **fields)
        notice.grids.set(grids)
        notice.buildings.set(buildings)
        notice.save_revision().publish()
        when = timezone.now() - datetime.timedelta(days=days_ago, minutes=1)
        NoticePage.objects.filter(pk=notice.pk).update(
            first_published_at=when, last_published_at=when
        )
        return NoticePage.objects.get(pk=notice.pk)

    return make


@pytest.fixture
def water_cut(community_map, targeted_notice):
    """A notice for 3号楼 of G01: four households."""
    return targeted_notice(
        "water-cut-3", title="3号楼停水", buildings=[community_map["buildings"]["b3"]]
    )


def test_opening_is_counted_once_per_household(client, community_map, resident, water_cut):
    first, second = community_map["households"]["b3"][:2]
    mother = resident("mother", first)
    son = resident("son", first)
    neighbour = resident("neighbour", second)

    client.force_login(mother)
    assert client.get("/notices/water-cut-3/").status_code == 200
    client.get("/notices/water-cut-3/")  # opening it again changes nothing
    assert read_counts(water_cut) == (1, 4)

    client.force_login(son)  # another member of the same household
    client.get("/notices/water-cut-3/")
    assert read_counts(water_cut) == (1, 4)

    client.force_login(neighbour)
    client.get("/notices/water-cut-3/")
    assert read_counts(water_cut) == (2, 4)
    assert NoticeRead.objects.filter(notice_key=water_cut.translation_key).count() == 2


def test_unverified_outside_and_anonymous_visitors_are_not_counted(
    client, community_map, resident, water_cut
):
    households = community_map["households"]
    visitors = [
        resident("applicant", households["b3"][0], verified=False),  # not verified yet
        resident("other-building", households["b5"][0]),  # same grid, another building
        resident("other-grid", households["g02b1"][0]),
        resident("no-household"),
    ]
    for visitor in visitors:
        client.force_login(visitor)
        assert client.get("/notices/water-cut-3/").status_code == 200
    client.logout()
    assert client.get("/notices/water-cut-3/").status_code == 200
    assert read_counts(water_cut) == (0, 4)
    assert not NoticeRead.objects.exists()


def test_a_notice_for_everyone_stores_no_reads(client, community_map, resident, make_notice):
    make_notice("for-everyone", title="全体居民通知")
    client.force_login(resident("reader", community_map["households"]["b3"][0]))
    assert client.get("/notices/for-everyone/").status_code == 200
    assert not NoticeRead.objects.exists()


def test_english_translation_counts_for_the_same_notice(client, community_map, resident, water_cut):
    english = publish_translation(water_cut, {"3号楼停水": "Water off in building 3"})
    assert english.locale.language_code == "en"
    assert list(english.buildings.all()) == [community_map["buildings"]["b3"]]
    first, second = community_map["households"]["b3"][:2]

    client.force_login(resident("english-reader", first))
    response = client.get("/en/notices/water-cut-3/")
    assert response.status_code == 200
    assert "Water off in building 3" in response.content.decode()
    client.force_login(resident("chinese-reader", first))  # same household, in Chinese
    client.get("/notices/water-cut-3/")
    client.force_login(resident("next-door", second))
    client.get("/en/notices/water-cut-3/")

    assert read_counts(water_cut) == (2, 4)
    assert read_counts(english) == (2, 4)
    assert set(NoticeRead.objects.values_list("notice_key", flat=True)) == {
        water_cut.translation_key
    }


def test_read_counts_count_each_household_of_grids_and_buildings_once(
    community_map, resident, targeted_notice
):
    buildings = community_map["buildings"]
    households = community_map["households"]
    notice = targeted_notice(
        "g01-and-more",
        grids=[community_map["grids"]["G01"]],
        # 3号楼 is in G01 already: its households are not counted twice.
        buildings=[buildings["b3"], buildings["g02b1"]],
    )
    assert read_counts(notice) == (0, 4 + 2 + 3)

    readers = [households["b3"][0], households["b5"][1], households["g02b1"][2]]
    for number, household in enumerate(readers):
        assert record_notice_read(notice, resident(f"r{number}", household)) == 1
    assert read_counts(notice) == (3, 9)

    # A resident of two targeted households counts for both, once each.
    both = resident("two-homes", households["b3"][1])
    Residency.objects.create(user=both, household=households["b5"][0], verified=True)
    assert record_notice_read(notice, both) == 2
    assert record_notice_read(notice, both) == 0
    assert read_counts(notice) == (5, 9)


def test_reads_of_households_no_longer_targeted_are_not_counted(
    community_map, resident, targeted_notice
):
    buildings = community_map["buildings"]
    notice = targeted_notice("narrowed", buildings=[buildings["b3"], buildings["b5"]])
    record_notice_read(notice, resident("in-b5", community_map["households"]["b5"][0]))
    assert read_counts(notice) == (1, 6)
    notice.buildings.set([buildings["b3"]])
    notice.save_revision().publish()
    assert read_counts(NoticePage.objects.get(pk=notice.pk)) == (0, 4)


# -- "my portal" --------------------------------------------------------------------------------


def test_my_portal_lists_targeted_notices_to_verified_residents_only(
    client, community_map, resident, targeted_notice, make_notice
):
    grids, buildings = community_map["grids"], community_map["buildings"]
    households = community_map["households"]
    targeted_notice("for-b3", title="3号楼电梯检修", buildings=[buildings["b3"]], days_ago=2)
    targeted_notice("for-g01", title="第一网格垃圾分类督导", grids=[grids["G01"]], days_ago=1)
    targeted_notice("for-g02", title="和平苑停气通知", grids=[grids["G02"]])
    make_notice("for-all", title="全体居民议事会")

    client.force_login(resident("b3-resident", households["b3"][0]))
    html = client.get("/accounts/me/").content.decode()
    assert 'id="my-targeted-notices-title"' in html
    panel = html[html.index('id="my-targeted-notices-title"') :]
    panel = panel[: panel.index("</section>")]
    assert panel.index("第一网格垃圾分类督导") < panel.index("3号楼电梯检修")  # newest first
    assert 'href="/notices/for-b3/"' in panel
    assert "和平苑停气通知" not in panel
    assert "全体居民议事会" not in panel

    for user in (
        resident("unverified", households["b3"][1], verified=False),
        resident("no-residency"),
    ):
        client.force_login(user)
        response = client.get("/accounts/me/")
        assert response.status_code == 200
        assert 'id="my-targeted-notices-title"' not in response.content.decode()


def test_my_portal_shows_the_translation_in_the_active_language(
    community_map, resident, targeted_notice
):
    buildings = community_map["buildings"]
    translated = targeted_notice("translated", title="3号楼停电", buildings=[buildings["b3"]])
    publish_translation(translated, {"3号楼停电": "Power off in building 3"})
    targeted_notice("chinese-only", title="3号楼楼道清理", buildings=[buildings["b3"]], days_ago=1)
    user = resident("reader", community_map["households"]["b3"][0])
    zh, en = Locale.objects.get(language_code="zh-hans"), Locale.objects.get(language_code="en")

    assert [notice.title for notice in resident_notices(user, zh)] == ["3号楼停电", "3号楼楼道清理"]
    in_english = resident_notices(user, en)
    assert [notice.title for notice in in_english] == ["Power off in building 3", "3号楼楼道清理"]
    with override("en"):
        assert in_english[0].url == "/en/notices/translated/"
        assert in_english[1].url == "/notices/chinese-only/"


def test_my_portal_shows_the_newest_ten_live_notices(community_map, resident, targeted_notice):
    b3 = community_map["buildings"]["b3"]
    for number in range(MY_PORTAL_NOTICES + 2):
        targeted_notice(f"n{number}", title=f"通知{number}", buildings=[b3], days_ago=number)
    NoticePage.objects.get(slug="n0").unpublish()
    user = resident("reader", community_map["households"]["b3"][0])
    zh = Locale.objects.get(language_code="zh-hans")

    titles = [notice.title for notice in resident_notices(user, zh)]
    assert titles == [f"通知{number}" for number in range(1, MY_PORTAL_NOTICES + 1)]


def test_my_portal_panel_runs_a_bounded_number_of_queries(
    community_map, resident, targeted_notice, django_assert_max_num_queries
):
    b3 = community_map["buildings"]["b3"]
    user = resident("reader", community_map["households"]["b3"][0])
    en = Locale.objects.get(language_code="en")
    for number in range(8):
        notice = targeted_notice(f"q{number}", title=f"通知{number}", buildings=[b3])
        if number % 2:
            publish_translation(notice, {f"通知{number}": f"Notice {number}"})
    # Two queries, and two for the view restrictions that Wagtail's public() reads.
    with django_assert_max_num_queries(4):
        notices = resident_notices(user, en)
        for notice in notices:
            str(notice.category)
    assert len(notices) == 8
