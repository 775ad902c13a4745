"""The demo notices: every kind the issue asks for, idempotent, and usable end to end."""

import io

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from wagtail.models import Page, Revision

import pytest
from wagtail_localize.models import StringTranslation, Translation

from accounts.models import User
from community.demo import RESIDENT_EMAIL
from notices import demo
from notices.models import NoticeCategory, NoticePage, NoticeRead
from notices.services import read_counts

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "notices": NoticePage.objects.count(),
        "live notices": NoticePage.objects.live().count(),
        "categories": NoticeCategory.objects.count(),
        "revisions": Revision.objects.count(),
        "translations": Translation.objects.count(),
        "string translations": StringTranslation.objects.count(),
    }


@pytest.fixture
def demo_loaded(settings, tmp_path):
    """accounts (writes its password file to VAR_DIR), community, then notices."""
    settings.VAR_DIR = tmp_path
    from accounts import demo as accounts_demo
    from community import demo as community_demo

    accounts_demo.load(io.StringIO())
    community_demo.load(io.StringIO())
    output = io.StringIO()
    demo.load(output)
    return {"output": output.getvalue()}


def zh_notices():
    return NoticePage.objects.filter(locale__language_code="zh-hans")


def test_demo_has_thirty_notices_of_every_required_kind(demo_loaded):
    assert "30 new" in demo_loaded["output"]
    assert zh_notices().count() == len(demo.NOTICES) == 30
    per_category = dict(
        zh_notices().values_list("category__slug").annotate(n=Count("pk")).order_by()
    )
    assert set(per_category) == {slug for slug, *_rest in demo.CATEGORIES}
    assert min(per_category.values()) >= 5
    english = NoticePage.objects.filter(locale__language_code="en")
    assert english.count() == 30  # every notice has its English
    assert english.live().count() == zh_notices().live().count()
    for notice in english.select_related("category__locale"):
        assert notice.category.locale.language_code == "en"
        assert notice.title != zh_notices().get(translation_key=notice.translation_key).title

    # The kinds the issue asks for.
    now = timezone.now()
    live = zh_notices().live()
    assert live.filter(urgency="urgent").count() == 1
    assert live.filter(pinned_until__gt=now).count() == 2
    public_display = zh_notices().filter(display_start__isnull=False)
    assert public_display.count() == 1
    assert public_display.get().category.slug == "public"
    assert public_display.get().public_display_state == "ongoing"
    expired = zh_notices().filter(expired=True)
    assert expired.count() == 1
    assert not expired.get().live
    assert expired.get().expire_at < now
    targeted = live.filter(audience="targeted")
    assert targeted.filter(grids__isnull=False).distinct().count() >= 2
    assert targeted.filter(buildings__isnull=False).distinct().count() >= 2
    for notice in targeted:
        assert read_counts(notice)[1] > 0

    # Four months of notices, for the archive.
    months = (
        zh_notices()
        .annotate(month=TruncMonth("first_published_at"))
        .values_list("month", flat=True)
        .distinct()
    )
    assert len(set(months)) >= 4
    oldest = zh_notices().order_by("first_published_at").first().first_published_at
    assert 90 <= (timezone.now() - oldest).days <= 130
    # Translations are dated like their originals, not "new" on the day the demo is loaded.
    for notice in NoticePage.objects.filter(locale__language_code="en"):
        original = zh_notices().get(translation_key=notice.translation_key)
        assert notice.first_published_at == original.first_published_at


def test_demo_pages_and_the_expired_notice_in_the_archive(client, demo_loaded):
    for url in ["/notices/", "/en/notices/", "/notices/water-cut-building-3/"]:
        assert client.get(url).status_code == 200, url
    english = client.get("/en/notices/").content.decode()
    assert "Water off in building 3" in english
    assert "Annual lift inspection" in english

    expired = zh_notices().get(expired=True)
    response = client.get(f"/notices/{expired.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert expired.title in html
    assert "badge--muted" in html
    assert 'class="notice-box notice-box--warn"' in html  # "This notice has expired ..."
    assert expired.title not in client.get("/notices/").content.decode()
    published = timezone.localtime(expired.first_published_at)
    archive = client.get(f"/notices/?year={published.year}&month={published.month}")
    assert expired.title in archive.content.decode()


def test_demo_resident_sees_and_counts_the_targeted_notices(client, demo_loaded):
    resident = User.objects.get(email=RESIDENT_EMAIL)
    client.force_login(resident)
    html = client.get("/accounts/me/").content.decode()
    assert "3号楼今日14:00—18:00临时停水" in html
    assert "幸福里垃圾分类定时定点投放开始实行" in html
    assert "和平苑小区计划停电通知" not in html  # grid G02, the resident lives in G01
    client.get("/notices/water-cut-building-3/")
    assert NoticeRead.objects.count() == 1
    notice = zh_notices().get(slug="water-cut-building-3")
    assert read_counts(notice) == (1, 24)  # 3号楼 of G01: 2 units, 6 floors, 2 flats a landing


def test_loading_the_demo_again_changes_nothing(demo_loaded):
    before = counts()
    output = io.StringIO()
    demo.load(output)
    assert counts() == before
    assert "0 new" in output.getvalue()
    assert "0 new translations" in output.getvalue()
