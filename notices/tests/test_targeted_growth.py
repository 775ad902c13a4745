"""A resident's targeted notices in "my portal" cost the same however large the archive is.

Joining every notice to its targeted grids and buildings and filtering afterwards read the whole
archive (60 ms of a 95 ms "my portal" at 15,000 notices on SQLite); the notices are now found from
the small tables of targeted grids and buildings, by key.
"""

from django.db import connection

from wagtail.models import Locale

import pytest

from accounts.models import User
from community.models import Building, Grid, Household, Residency
from notices.models import NoticePage
from notices.my_portal_targeted import resident_notices
from portal.tests.growth import database_work

pytestmark = pytest.mark.django_db


def _archive(index, category, count: int, start: int) -> None:
    from bench.pages import bulk_add_children

    bulk_add_children(
        index,
        [
            NoticePage(title=f"通知 {n}", slug=f"bulk-{n}", summary="摘要", category=category)
            for n in range(start, start + count)
        ],
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def test_targeted_notices_read_the_same_at_100_and_3000_notices(
    notice_index, categories, make_notice
):
    grid = Grid.objects.create(code="G01", name="第一网格")
    building = Building.objects.create(grid=grid, name="3号楼")
    household = Household.objects.create(building=building, room="101", code="G01-3-101")
    user = User.objects.create_user("resident", "resident@example.com", "pw-123456789")
    Residency.objects.create(user=user, household=household, verified=True)
    for slug, field, value in [
        ("for-building", "buildings", building),
        ("for-grid", "grids", grid),
    ]:
        notice = make_notice(slug, publish=False, audience="targeted")
        getattr(notice, field).set([value])
        notice.save_revision().publish()
    zh = Locale.objects.get(language_code="zh-hans")
    category = categories["water-power"]

    _archive(notice_index, category, 100, 0)
    shown = [notice.slug for notice in resident_notices(user, zh)]
    assert sorted(shown) == ["for-building", "for-grid"]
    small = database_work(lambda: resident_notices(user, zh))
    _archive(notice_index, category, 2900, 100)
    assert [notice.slug for notice in resident_notices(user, zh)] == shown
    large = database_work(lambda: resident_notices(user, zh))
    # Not the archive: 2,900 more notices read (or step through) at most a fifth more.
    assert large <= small * 1.2 + 200, (small, large)
