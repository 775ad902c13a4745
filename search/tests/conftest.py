"""A small portal to search: notices (a registered section with a category facet) in Chinese and
English, and plain pages that belong to no section."""

import socket

from wagtail.models import Locale

import pytest

from home.models import StandardPage
from notices.models import NoticeCategory, NoticeIndexPage, NoticePage
from portal.demo_tools import publish_translation

NOTICES = [
    # slug, category, title, summary
    (
        "dibao-review",
        "policy",
        "最低生活保障年度复核",
        "享受低保的家庭请在月底前到社区办理年度复核。",
    ),
    (
        "rental-housing",
        "policy",
        "公租房申请受理开始",
        "符合条件的住房困难家庭可以申请公共租赁住房。",
    ),
    ("water-cut", "water", "翠竹园小区计划停水通知", "因管道维修，翠竹园小区明天上午停水。"),
    (
        "bus-card",
        "policy",
        "老年人免费乘车卡办理",
        "年满65周岁的老人可以办理免费乘坐公交的乘车卡。",
    ),
    ("unemployment", "policy", "失业保险金申领指南", "失业人员可以申领失业保险金，请携带身份证。"),
]


@pytest.fixture
def zh(db):
    return Locale.objects.get(language_code="zh-hans")


@pytest.fixture
def portal_pages(home_page, zh):
    en = Locale.objects.get(language_code="en")
    categories = {}
    for slug, name, name_en in [("policy", "政策通知", "Policy"), ("water", "停水停电", "Water")]:
        category = NoticeCategory.objects.create(slug=slug, name=name, locale=zh)
        translated = category.copy_for_translation(en)
        translated.name = name_en
        translated.save()
        categories[slug] = category
    index = NoticeIndexPage(title="通知公告", slug="notices")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    publish_translation(index, {"通知公告": "Notices"})
    made = {}
    for slug, category, title, summary in NOTICES:
        notice = NoticePage(title=title, slug=slug, summary=summary, category=categories[category])
        index.add_child(instance=notice)
        notice.save_revision().publish()
        made[slug] = notice
    publish_translation(
        made["dibao-review"],
        {
            "最低生活保障年度复核": "Minimum living allowance: annual review",
            "享受低保的家庭请在月底前到社区办理年度复核。": (
                "Families receiving the allowance renew it at the committee before the month ends."
            ),
        },
    )
    page = StandardPage(
        title="居住证办理", slug="permit", intro="在本市居住半年以上可以办理居住证。"
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    made["permit"] = page
    return made


@pytest.fixture
def closed_port():
    """A local port nobody listens on: connections to it are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return port  # closed again: connections are refused
