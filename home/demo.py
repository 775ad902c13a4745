"""Demo home page, general pages and contact settings, in Chinese with English translations."""

from django.db import transaction

from wagtail.models import Locale, Page, Site

from home.models import HomePage, PortalSettings, StandardPage
from portal.demo_tools import publish_translation

HOME = {
    "title": "幸福里社区",
    "intro": "幸福里社区居民委员会为辖区居民提供通知公告、办事指南、诉求办理、民主议事和社区教育服务。",
}
HOME_EN = {
    "home": "home-en",
    "幸福里社区": "Xingfuli Community",
    HOME["intro"]: (
        "The Xingfuli Community Residents' Committee brings residents notices, service guides, "
        "help with complaints, community decisions and community classes."
    ),
}

SETTINGS = {
    "community_name": "幸福里社区居民委员会",
    "community_name_en": "Xingfuli Community Residents' Committee",
    "hotline": "010-6512 3456",
    "office_hours": "周一至周五 8:30–12:00，13:30–17:30；周六 9:00–12:00 值班",
    "office_hours_en": "Mon–Fri 8:30–12:00 and 13:30–17:30; Sat 9:00–12:00 (duty staff)",
    "address": "幸福路 88 号社区党群服务中心一层",
    "address_en": "Ground floor, Community Service Centre, 88 Xingfu Road",
    "email": "service@xingfuli.community.example",
}

# slug, in menu, title, intro, body paragraphs (heading, text) and their English.
PAGES = [
    {
        "slug": "about",
        "in_menu": True,
        "title": "关于居委会",
        "intro": "幸福里社区居民委员会是居民自我管理、自我教育、自我服务的基层群众性自治组织。",
        "body": [
            ("heading", "我们的工作"),
            (
                "paragraph",
                "社区共有 3 个网格、20 栋楼、约 600 户居民。每个网格有一名专职网格员，"
                "每栋楼有一名楼门长，负责收集居民意见、传达通知、走访困难家庭。",
            ),
            (
                "paragraph",
                "居委会每月召开一次居民议事会，重大事项实行“一户一票”表决，"
                "社区公益金的每一笔收支都会在网站和公告栏同步公示。",
            ),
            ("heading", "网格与联系人"),
            (
                "paragraph",
                "第一网格：1–7 号楼；第二网格：8–14 号楼；第三网格：15–20 号楼。"
                "不清楚自己属于哪个网格时，请拨打社区服务热线。",
            ),
        ],
        "en": {
            "关于居委会": "About the committee",
            "幸福里社区居民委员会是居民自我管理、自我教育、自我服务的基层群众性自治组织。": (
                "The Xingfuli Community Residents' Committee is the residents' own "
                "self-governing body for managing, educating and serving themselves."
            ),
            "我们的工作": "What we do",
            "网格与联系人": "Grids and contacts",
        },
    },
    {
        "slug": "contact",
        "in_menu": True,
        "title": "联系我们",
        "intro": "您可以来社区服务站当面办理，也可以打电话、写邮件或在网上提交诉求。",
        "body": [
            ("contact", "社区服务站"),
            ("heading", "紧急情况"),
            (
                "paragraph",
                "遇到火灾、急病、燃气泄漏等紧急情况，请先拨打 119、120 或 110，再联系社区。",
            ),
        ],
        "en": {
            "联系我们": "Contact us",
            "您可以来社区服务站当面办理，也可以打电话、写邮件或在网上提交诉求。": (
                "Visit the community service station in person, call us, write an email or "
                "raise a request online."
            ),
            "社区服务站": "Community service station",
            "紧急情况": "Emergencies",
        },
    },
    {
        "slug": "accessibility",
        "in_menu": False,
        "title": "无障碍说明",
        "intro": "本网站按照 WCAG 2.2 AA 标准设计，方便老年人和残障人士使用。",
        "body": [
            ("heading", "大字模式"),
            (
                "paragraph",
                "每个页面顶部都有“大字模式”按钮：正文放大到 20 像素以上，行距加大，对比度更强，"
                "按钮更大更好点。您的选择会保存在本机浏览器中。",
            ),
            ("heading", "遇到困难怎么办"),
            (
                "paragraph",
                "如果您在使用网站时遇到困难，请拨打社区服务热线，工作人员会在电话里帮您办理。",
            ),
        ],
        "en": {
            "无障碍说明": "Accessibility statement",
            "本网站按照 WCAG 2.2 AA 标准设计，方便老年人和残障人士使用。": (
                "This site is built to WCAG 2.2 AA so that older residents and people with "
                "disabilities can use it."
            ),
            "大字模式": "Large type",
            "遇到困难怎么办": "If you have trouble",
        },
    },
    {
        "slug": "privacy",
        "in_menu": False,
        "title": "隐私说明",
        "intro": "我们只收集办理事务所必需的个人信息，并依照《个人信息保护法》保护它们。",
        "body": [
            ("heading", "我们收集什么"),
            (
                "paragraph",
                "注册时的电子邮箱；您自愿填写的称呼和电话；申请房屋核验时的楼栋、单元和房号。"
                "我们不使用任何第三方统计或广告服务。",
            ),
            ("heading", "谁能看到"),
            (
                "paragraph",
                "只有负责您所在网格或事项的工作人员能看到您的个人信息。公开页面只显示您同意公开的内容。",
            ),
        ],
        "en": {
            "隐私说明": "Privacy notice",
            "我们只收集办理事务所必需的个人信息，并依照《个人信息保护法》保护它们。": (
                "We collect only the personal data a service needs, and protect it as the "
                "Personal Information Protection Law requires."
            ),
            "我们收集什么": "What we collect",
            "谁能看到": "Who can see it",
        },
    },
]

PARAGRAPHS_EN = {
    "社区共有 3 个网格、20 栋楼、约 600 户居民。每个网格有一名专职网格员，"
    "每栋楼有一名楼门长，负责收集居民意见、传达通知、走访困难家庭。": (
        "The community has 3 grids, 20 buildings and about 600 households. Each grid has a "
        "full-time grid worker and each building a building leader, who gather residents' views, "
        "pass on notices and visit families in difficulty."
    ),
    "居委会每月召开一次居民议事会，重大事项实行“一户一票”表决，"
    "社区公益金的每一笔收支都会在网站和公告栏同步公示。": (
        "The committee holds a residents' council every month. Major decisions are taken "
        "“one household, one vote”, and every yuan of the community fund is published here "
        "and on the notice board."
    ),
    "第一网格：1–7 号楼；第二网格：8–14 号楼；第三网格：15–20 号楼。"
    "不清楚自己属于哪个网格时，请拨打社区服务热线。": (
        "Grid 1: buildings 1–7; grid 2: buildings 8–14; grid 3: buildings 15–20. If you are not "
        "sure which grid you belong to, call the community hotline."
    ),
    "遇到火灾、急病、燃气泄漏等紧急情况，请先拨打 119、120 或 110，再联系社区。": (
        "In an emergency such as a fire, sudden illness or a gas leak, call 119, 120 or 110 "
        "first, then let the community know."
    ),
    "每个页面顶部都有“大字模式”按钮：正文放大到 20 像素以上，行距加大，对比度更强，"
    "按钮更大更好点。您的选择会保存在本机浏览器中。": (
        "Every page has a “Large type” button at the top: text grows to over 20 pixels, lines "
        "are spaced further apart, contrast is stronger and buttons are bigger. Your choice is "
        "remembered by this browser."
    ),
    "如果您在使用网站时遇到困难，请拨打社区服务热线，工作人员会在电话里帮您办理。": (
        "If you have trouble using the site, call the community hotline and our staff will help "
        "you over the phone."
    ),
    "注册时的电子邮箱；您自愿填写的称呼和电话；申请房屋核验时的楼栋、单元和房号。"
    "我们不使用任何第三方统计或广告服务。": (
        "The email address you sign up with; the name and phone number you choose to give; the "
        "building, unit and room when you ask us to verify your household. We use no "
        "third-party analytics or advertising."
    ),
    "只有负责您所在网格或事项的工作人员能看到您的个人信息。公开页面只显示您同意公开的内容。": (
        "Only the staff responsible for your grid or your matter can see your personal data. "
        "Public pages show only what you agreed to publish."
    ),
}

CONTACT_BLOCK = {
    "name": "社区服务站",
    "phone": "010-6512 3456",
    "hours": "周一至周五 8:30–17:30",
    "address": "幸福路 88 号社区党群服务中心一层",
}
CONTACT_EN = {
    "周一至周五 8:30–17:30": "Mon–Fri 8:30–17:30",
    "幸福路 88 号社区党群服务中心一层": "Ground floor, Community Service Centre, 88 Xingfu Road",
}


def _body(items):
    body = []
    for kind, text in items:
        if kind == "heading":
            body.append(("heading", {"text": text, "level": "h2"}))
        elif kind == "paragraph":
            body.append(("paragraph", f"<p>{text}</p>"))
        elif kind == "contact":
            body.append(("contact", CONTACT_BLOCK))
    return body


def ensure_home_page() -> HomePage:
    """Make a HomePage the default site's root, replacing Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    root = Page.get_first_root_node()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    home = HomePage.objects.filter(locale__language_code="zh-hans").first()
    if home is None:
        for welcome in root.get_children().filter(slug="home"):
            if not isinstance(welcome.specific, HomePage):
                welcome.delete()
        home = HomePage(
            title=HOME["title"],
            slug="home",
            intro=HOME["intro"],
            locale=Locale.objects.get(language_code="zh-hans"),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    if site is None:
        site = Site(is_default_site=True)
    # The address `make run` serves: absolute links (emails, feeds) point there.
    site.hostname, site.port = "127.0.0.1", 8000
    site.root_page = home
    site.site_name = SETTINGS["community_name"]
    site.save()
    return home


@transaction.atomic
def load(stdout) -> None:
    home = ensure_home_page()
    site = Site.objects.get(is_default_site=True)
    portal_settings = PortalSettings.for_site(site)
    if not portal_settings.community_name:
        for field, value in SETTINGS.items():
            setattr(portal_settings, field, value)
        portal_settings.save()

    publish_translation(home, HOME_EN)
    created = 0
    for spec in PAGES:
        page = home.get_children().filter(slug=spec["slug"]).first()
        if page is None:
            page = StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                body=_body(spec["body"]),
                show_in_menus=spec["in_menu"],
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            created += 1
        publish_translation(page, {**spec["en"], **PARAGRAPHS_EN, **CONTACT_EN})
    stdout.write(f"Home: home page and {len(PAGES)} pages in zh-hans and en ({created} new).")
