"""Demo notices: categories, the notice index in both languages, and notices of every kind."""

import datetime

from django.utils import timezone

from wagtail.models import Locale

from community.models import Building, Grid
from home.models import HomePage
from notices.models import NoticeCategory, NoticeIndexPage, NoticePage
from portal.demo_tools import publish_translation

CATEGORIES = [
    # slug, zh, en, zh description, en description
    (
        "water-power",
        "停水停电",
        "Water and power cuts",
        "计划停水、停电、停气和抢修",
        "Planned and emergency cuts",
    ),
    (
        "events",
        "社区活动",
        "Community events",
        "文体活动、志愿服务、议事会",
        "Activities, volunteering, council meetings",
    ),
    (
        "policy",
        "政策通知",
        "Policy",
        "与居民有关的政策和办事变化",
        "Changes to policies and services",
    ),
    (
        "safety",
        "安全提示",
        "Safety",
        "防火、防诈骗、极端天气提醒",
        "Fire, fraud and weather warnings",
    ),
    (
        "public",
        "公示公告",
        "Public announcements",
        "需公示的事项和公示期",
        "Matters on public display",
    ),
]

INDEX = {
    "title": "通知公告",
    "slug": "notices",
    "intro": "社区的停水停电、活动、政策和公示，都在这里第一时间发布。",
}
INDEX_EN = {
    "通知公告": "Notices",
    "notices": "notices",
    INDEX[
        "intro"
    ]: "Water and power cuts, events, policy changes and public announcements, as soon as they are decided.",
}

# Each notice: slug, category slug, days ago, fields, English (or None).
NOTICES = [
    {
        "slug": "water-cut-building-3",
        "category": "water-power",
        "days_ago": 0,
        "urgency": "urgent",
        "title": "3号楼今日14:00—18:00临时停水",
        "summary": "因3号楼供水管道爆裂抢修，今天14:00至18:00停水，请提前储水。",
        "body": [
            (
                "paragraph",
                "今天上午，3号楼地下供水主管道发生破裂，自来水公司正在抢修。为保证施工安全，3号楼全楼14:00至18:00停止供水。",
            ),
            (
                "paragraph",
                "社区服务站一楼提供饮用水，行动不便的老人可拨打服务热线，网格员会送水上门。",
            ),
        ],
        "targeted_buildings": [("G01", "3号楼")],
        "en": {
            "3号楼今日14:00—18:00临时停水": "Water off in building 3 today, 14:00–18:00",
            "因3号楼供水管道爆裂抢修，今天14:00至18:00停水，请提前储水。": "A burst main is being repaired: building 3 has no water from 14:00 to 18:00 today. Please store some water now.",
            "今天上午，3号楼地下供水主管道发生破裂，自来水公司正在抢修。为保证施工安全，3号楼全楼14:00至18:00停止供水。": "This morning the main water pipe under building 3 burst and the water company is repairing it. For the work to be safe, the whole building has no water from 14:00 to 18:00.",
            "社区服务站一楼提供饮用水，行动不便的老人可拨打服务热线，网格员会送水上门。": "Drinking water is available on the ground floor of the service station; older residents who cannot come can call the hotline and a grid worker will bring water to their door.",
        },
    },
    {
        "slug": "council-meeting-december",
        "category": "events",
        "days_ago": 1,
        "pinned_days": 20,
        "title": "12月居民议事会：讨论小区停车管理方案",
        "summary": "12月6日（周六）上午9:30在党群服务中心二楼召开居民议事会，欢迎每户派代表参加。",
        "event": (13, 9, 30, 11, 30, "党群服务中心二楼会议室"),
        "body": [
            (
                "paragraph",
                "议事会将讨论小区停车管理方案（草案），包括夜间临时停车、充电桩位置和收费标准。",
            ),
            ("paragraph", "不能到场的居民，可在议事会前把意见交给楼门长，或拨打服务热线留言。"),
        ],
        "en": {
            "12月居民议事会：讨论小区停车管理方案": "December residents' council: the parking plan",
            "12月6日（周六）上午9:30在党群服务中心二楼召开居民议事会，欢迎每户派代表参加。": "The residents' council meets on Saturday 6 December at 9:30 on the first floor of the service centre. Every household is welcome to send someone.",
            "议事会将讨论小区停车管理方案（草案），包括夜间临时停车、充电桩位置和收费标准。": "The council will discuss the draft parking plan: overnight parking, where charging points go and what parking costs.",
            "不能到场的居民，可在议事会前把意见交给楼门长，或拨打服务热线留言。": "If you cannot come, give your views to your building leader beforehand or leave a message on the hotline.",
            "党群服务中心二楼会议室": "Meeting room, first floor, community service centre",
        },
    },
    {
        "slug": "public-fund-projects-2027",
        "category": "public",
        "days_ago": 2,
        "pinned_days": 10,
        "display": (-2, 5),
        "title": "关于2027年社区公益金拟支持项目的公示",
        "summary": "经居民议事会推荐，拟用社区公益金支持以下3个项目，现予公示，公示期7天。",
        "body": [
            (
                "paragraph",
                "拟支持项目：一、老旧楼道照明改造（5.2万元）；二、“银龄课堂”智能手机培训（1.8万元）；三、儿童游乐区地面翻新（3.6万元）。",
            ),
            ("paragraph", "公示期内如有异议，请以书面形式或拨打服务热线向居委会反映。"),
        ],
        "en": None,
    },
]


def _body(items):
    return [(kind, f"<p>{text}</p>") for kind, text in items]


def ensure_categories(zh: Locale, en: Locale) -> dict[str, NoticeCategory]:
    categories = {}
    for order, (slug, name, name_en, description, description_en) in enumerate(CATEGORIES):
        category, _created = NoticeCategory.objects.get_or_create(
            slug=slug,
            locale=zh,
            defaults={"name": name, "description": description, "sort_order": order},
        )
        if category.get_translation_or_none(en) is None:
            translated = category.copy_for_translation(en)
            translated.name = name_en
            translated.description = description_en
            translated.save()
        categories[slug] = category
    return categories


def ensure_index(home: HomePage) -> NoticeIndexPage:
    index = NoticeIndexPage.objects.child_of(home).first()
    if index is None:
        index = NoticeIndexPage(
            title=INDEX["title"], slug=INDEX["slug"], intro=INDEX["intro"], show_in_menus=True
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    publish_translation(index, INDEX_EN)
    return index


def load(stdout) -> None:
    zh = Locale.objects.get(language_code="zh-hans")
    en = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale=zh)
    categories = ensure_categories(zh, en)
    index = ensure_index(home)
    now = timezone.now()
    created = 0
    for spec in NOTICES:
        notice = NoticePage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if notice is None:
            notice = NoticePage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                body=_body(spec["body"]),
                category=categories[spec["category"]],
                urgency=spec.get("urgency", "normal"),
            )
            if "pinned_days" in spec:
                notice.pinned_until = now + datetime.timedelta(days=spec["pinned_days"])
            if "event" in spec:
                days, start_h, start_m, end_h, end_m, place = spec["event"]
                day = timezone.localtime(now + datetime.timedelta(days=days))
                notice.event_start = day.replace(
                    hour=start_h, minute=start_m, second=0, microsecond=0
                )
                notice.event_end = day.replace(hour=end_h, minute=end_m, second=0, microsecond=0)
                notice.event_place = place
            if "display" in spec:
                start, end = spec["display"]
                today = timezone.localdate()
                notice.display_start = today + datetime.timedelta(days=start)
                notice.display_end = today + datetime.timedelta(days=end)
            index.add_child(instance=notice)
            if spec.get("targeted_buildings"):
                notice.audience = "targeted"
                notice.buildings.set(
                    [
                        Building.objects.get(grid__code=g, name=b)
                        for g, b in spec["targeted_buildings"]
                    ]
                )
            if spec.get("targeted_grids"):
                notice.audience = "targeted"
                notice.grids.set(Grid.objects.filter(code__in=spec["targeted_grids"]))
            revision = notice.save_revision()
            revision.publish()
            published = now - datetime.timedelta(days=spec["days_ago"], hours=1)
            NoticePage.objects.filter(pk=notice.pk).update(
                first_published_at=published, last_published_at=published
            )
            created += 1
        if spec.get("en"):
            publish_translation(notice, spec["en"])
    stdout.write(f"Notices: {len(CATEGORIES)} categories, {len(NOTICES)} notices ({created} new).")
