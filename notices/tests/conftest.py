"""Fixtures for the notices tests: an index in both languages, categories, a notice maker."""

import datetime

from django.utils import timezone

from wagtail.models import Locale

import pytest

from notices.models import NoticeCategory, NoticeIndexPage, NoticePage
from portal.demo_tools import publish_translation


@pytest.fixture
def locales(db):
    return Locale.objects.get(language_code="zh-hans"), Locale.objects.get(language_code="en")


@pytest.fixture
def categories(locales):
    zh, en = locales
    made = {}
    for order, (slug, name, name_en) in enumerate(
        [("water-power", "停水停电", "Water and power"), ("events", "社区活动", "Events")]
    ):
        category = NoticeCategory.objects.create(slug=slug, name=name, locale=zh, sort_order=order)
        translated = category.copy_for_translation(en)
        translated.name = name_en
        translated.save()
        made[slug] = category
    return made


@pytest.fixture
def notice_index(home_page, categories):
    index = NoticeIndexPage(title="通知公告", slug="notices", show_in_menus=True)
    home_page.add_child(instance=index)
    index.save_revision().publish()
    publish_translation(index, {"通知公告": "Notices"})
    return index


@pytest.fixture
def make_notice(notice_index, categories):
    def make(slug, *, days_ago=0, category="water-power", publish=True, **fields):
        notice = NoticePage(
            title=fields.pop("title", f"通知 {slug}"),
            slug=slug,
            summary=fields.pop("summary", "摘要"),
            category=categories[category],
            live=publish,
            **fields,
        )
        notice_index.add_child(instance=notice)
        if publish:
            notice.save_revision().publish()
            when = timezone.now() - datetime.timedelta(days=days_ago, minutes=1)
            NoticePage.objects.filter(pk=notice.pk).update(
                first_published_at=when, last_published_at=when
            )
            notice.refresh_from_db()
        return notice

    return make
