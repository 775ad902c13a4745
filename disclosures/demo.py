"""Demo fund disclosures: two funds, twelve months of entries, one correction, three projects.

The public-service fund (monthly) runs from November 2025: its months up to September 2026 are
published through the oversight sign-off, October 2026 waits for sign-off (and shows as overdue
on the dashboard), November 2026 is open. The donations fund (quarterly) has Q4 2025 to Q3 2026
published. One May entry was keyed wrongly and is corrected in June. Three projects, one
chosen by residents in a poll (linked to the option ``polls.demo`` approves, when it has run).
Idempotent: a second run changes nothing.
"""

import datetime
import random
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model

from wagtail.models import Locale

from disclosures import services
from disclosures.models import (
    Budget,
    Category,
    DisclosureIndexPage,
    Fund,
    Kind,
    LedgerEntry,
    LedgerText,
    Period,
    PeriodStatus,
    ProjectIndexPage,
    ProjectPage,
)

CLERK_EMAIL = "finance@demo.community"
OVERSIGHT_EMAIL = "oversight@demo.community"

CATEGORIES = [
    # slug, zh, en
    ("allocation", "财政拨款", "Government allocation"),
    ("donation", "社会捐赠收入", "Donations received"),
    ("interest", "利息收入", "Interest"),
    ("environment", "环境整治", "Environment and cleaning"),
    ("culture", "文体活动", "Culture and sports"),
    ("elderly", "为老服务", "Services for the elderly"),
    ("facilities", "设施维护", "Repairs and facilities"),
    ("safety", "安全防范", "Safety"),
    ("office", "办公用品", "Office supplies"),
]

FUNDS = [
    {
        "slug": "public-service",
        "zh": (
            "社区公共服务专项资金",
            "区财政每年拨付的社区公共服务和民生项目专项资金，由居民议事会议定用途。",
        ),
        "en": (
            "Community public-service fund",
            "The district's yearly allocation for public services and residents' projects; the "
            "residents' council decides what it pays for.",
        ),
        "cadence": "monthly",
        "opening": Decimal("86500.00"),
    },
    {
        "slug": "donations",
        "zh": ("社会捐赠", "辖区单位和居民的捐款，专款用于帮扶困难家庭和社区活动。"),
        "en": (
            "Donations",
            "Gifts from local businesses and residents, spent on families in need and community "
            "activities only.",
        ),
        "cadence": "quarterly",
        "opening": Decimal("12840.00"),
    },
]

BUDGET_2026 = {
    "environment": Decimal("60000"),
    "culture": Decimal("36000"),
    "elderly": Decimal("90000"),
    "facilities": Decimal("90000"),
    "safety": Decimal("24000"),
    "office": Decimal("6000"),
}

EXPENSES = [
    # category, description, counterparty, low, high
    ("environment", "楼道及公共区域保洁服务费", "洁美物业服务有限公司", 2800, 3600),
    ("environment", "绿化补种及修剪", "绿源园林工程队", 900, 2400),
    ("environment", "垃圾分类宣传物料", "印象广告制作部", 300, 900),
    ("culture", "广场舞队音响设备维修", "声华电器维修部", 200, 650),
    ("culture", "社区读书会图书采购", "新华书店", 500, 1500),
    ("culture", "邻里节活动物资", "万家福超市", 800, 2600),
    ("elderly", "老年食堂助餐补贴", "幸福里老年食堂", 4000, 6800),
    ("elderly", "高龄老人上门探访慰问品", "万家福超市", 600, 1800),
    ("facilities", "路灯更换", "光明电工服务部", 700, 2200),
    ("facilities", "单元门禁维修", "安居门窗维修部", 300, 1200),
    ("safety", "消防器材更换", "平安消防器材店", 800, 2400),
    ("office", "办公耗材", "文具批发部", 150, 600),
]

APPROVERS = ["社区两委会议", "社区主任审批", "居民议事会议定"]

PROJECTS = [
    {
        "slug": "stairwell-lights",
        "title": ("楼道声控LED灯改造", "Sound-activated LED lights in the stairwells"),
        "summary": (
            "幸福里、和平苑部分楼道照明老化。居民“一户一票”选定声控LED灯方案，更换两个小区全部楼道灯具。",
            "Some stairwell lights in Xingfuli and Heping Garden were old. Voting one household, "
            "one vote, residents chose sound-activated LED lights; every stairwell light of both "
            "estates is being replaced.",
        ),
        "source": "poll",
        "source_reference": ("楼道照明改造方案投票", "Stairwell lighting vote"),
        # The approved option of polls.demo's closed project poll.
        "poll": ("stairwell-lighting-2026", "声控LED灯（约3.2万元）"),
        "budget": Decimal("32000.00"),
        "status": "in_progress",
        "progress": 30,
        "milestones": [
            (
                "2026-11-10",
                ("开工", "Work starts"),
                (
                    "先更换幸福里1至3号楼的楼道灯具。",
                    "Buildings 1 to 3 of Xingfuli are done first.",
                ),
            ),
        ],
        "category": "facilities",
        "payments": [("2026-11", 9600)],
    },
    {
        "slug": "fitness-trail",
        "title": ("健身步道改造", "Renewing the fitness trail"),
        "summary": (
            "中心花园健身步道铺设塑胶面层，增设休息座椅和夜间照明。",
            "A rubber surface for the trail in the central garden, with benches and lights for "
            "the evening.",
        ),
        "source": "annual_plan",
        "source_reference": ("2026年度社区工作计划第5项", "Community work plan 2026, item 5"),
        "budget": Decimal("48000.00"),
        "status": "done",
        "progress": 100,
        "milestones": [
            ("2026-04-10", ("开工", "Work starts"), ("", "")),
            (
                "2026-05-28",
                ("验收", "Accepted"),
                ("居民代表参与验收。", "Residents' representatives took part in the acceptance."),
            ),
        ],
        "category": "facilities",
        "payments": [("2026-04", 20000), ("2026-05", 18200)],
    },
    {
        "slug": "elderly-canteen",
        "title": ("老年食堂助餐", "Meals at the seniors' canteen"),
        "summary": (
            "为辖区70岁以上老人提供每餐3元的助餐补贴。",
            "A 3-yuan subsidy per meal for residents over 70 at the seniors' canteen.",
        ),
        "source": "annual_plan",
        "source_reference": ("2026年度社区工作计划第2项", "Community work plan 2026, item 2"),
        "budget": Decimal("72000.00"),
        "status": "in_progress",
        "progress": 80,
        "milestones": [
            ("2026-01-05", ("开始助餐", "Subsidy starts"), ("", "")),
        ],
        "category": "elderly",
        "payments": [],
    },
]

FIRST_MONTH = datetime.date(2025, 11, 1)
MONTHS = 13  # November 2025 to November 2026


def _months():
    year, month = FIRST_MONTH.year, FIRST_MONTH.month
    for _n in range(MONTHS):
        yield datetime.date(year, month, 1)
        month += 1
        if month == 13:
            year, month = year + 1, 1


def _categories(zh, en) -> dict[str, Category]:
    found = {}
    for order, (slug, name, name_en) in enumerate(CATEGORIES):
        category = Category.objects.filter(slug=slug, locale=zh).first()
        if category is None:
            category = Category.objects.create(locale=zh, slug=slug, name=name, sort_order=order)
            Category.objects.create(
                locale=en,
                translation_key=category.translation_key,
                slug=slug,
                name=name_en,
                sort_order=order,
            )
        found[slug] = category
    return found


def _funds(zh, en) -> dict[str, Fund]:
    found = {}
    for item in FUNDS:
        fund = Fund.objects.filter(slug=item["slug"], locale=zh).first()
        if fund is None:
            key = uuid.uuid4()
            for locale, (name, description) in ((zh, item["zh"]), (en, item["en"])):
                created = Fund.objects.create(
                    locale=locale,
                    translation_key=key,
                    slug=item["slug"],
                    name=name,
                    description=description,
                    cadence=item["cadence"],
                    opening_balance=item["opening"],
                )
                if locale == zh:
                    fund = created
        found[item["slug"]] = fund
    return found


def _index(home, en):
    from home.models import HomePage
    from portal.demo_tools import publish_translation

    index = DisclosureIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = DisclosureIndexPage(
            title="财务公开",
            slug="caiwu",
            intro="社区每一笔公共资金的收支明细，经居民监督小组审核后按月（或按季度）公开。",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    if HomePage.objects.filter(locale=en).exists():
        publish_translation(
            index,
            {
                "财务公开": "Fund disclosures",
                index.intro: "Every income and expense of the community's public money, "
                "published monthly (or quarterly) after the residents' oversight group signs "
                "it off.",
            },
        )
    services.attach_workflow(index)
    english = index.get_translation_or_none(en)
    if english is not None:
        services.attach_workflow(english.specific)
    projects = ProjectIndexPage.objects.child_of(index).first()
    if projects is None:
        projects = ProjectIndexPage(
            title="民生项目",
            slug="xiangmu",
            intro="专项资金支持的项目：从哪里来、花了多少、做到哪一步。",
        )
        index.add_child(instance=projects)
        projects.save_revision().publish()
    if english is not None:
        publish_translation(
            projects,
            {
                "民生项目": "Projects",
                projects.intro: "The projects the fund pays for: where they came from, what "
                "they cost so far and how far they are.",
            },
        )
    return index, projects


def _approved_option(item):
    """The approved poll option a demo project comes from, or None without the polls demo."""
    if "poll" not in item:
        return None
    from polls.services import approved_projects

    slug, label = item["poll"]
    return next(
        (
            option
            for option in approved_projects()
            if option.label == label and option.question.poll.slug == slug
        ),
        None,
    )


def _projects(projects_index) -> dict[str, ProjectPage]:
    from portal.demo_tools import publish_translation

    found = {}
    for item in PROJECTS:
        option = _approved_option(item)
        if item["source"] == "poll" and option is None:
            continue  # the polls demo has not run: no poll chose this project
        page = ProjectPage.objects.filter(slug=item["slug"], locale=projects_index.locale).first()
        if page is None:
            page = ProjectPage(
                title=item["title"][0],
                slug=item["slug"],
                summary=item["summary"][0],
                source=item["source"],
                source_option=option,
                source_reference=item["source_reference"][0],
                budget=item["budget"],
                status=item["status"],
                progress=item["progress"],
                milestones=[
                    (
                        "milestone",
                        {"date": datetime.date.fromisoformat(day), "title": t[0], "text": x[0]},
                    )
                    for day, t, x in item["milestones"]
                ],
            )
            projects_index.add_child(instance=page)
            page.save_revision().publish()
        elif option is not None and page.source_option_id is None:
            ProjectPage.objects.filter(translation_key=page.translation_key).update(
                source_option=option
            )
        strings = {
            item["title"][0]: item["title"][1],
            item["summary"][0]: item["summary"][1],
            item["source_reference"][0]: item["source_reference"][1],
        }
        for _day, title, text in item["milestones"]:
            strings[title[0]] = title[1]
            if text[0]:
                strings[text[0]] = text[1]
        publish_translation(page, strings)
        found[item["slug"]] = page
    return found


def _entries(fund, categories, projects, clerk) -> None:
    rng = random.Random(f"demo-{fund.slug}")  # noqa: S311 - demo figures, not secrets
    payments = {}
    for item in PROJECTS:
        for month, amount in item["payments"]:
            payments.setdefault(month, []).append((item, amount))
    for first in _months():
        month = f"{first:%Y-%m}"
        count = 0

        def add(day, kind, category, description, amount, counterparty, project=None, first=first):
            nonlocal count
            count += 1
            services.add_entry(
                fund,
                services.EntryData(
                    date=first.replace(day=day),
                    kind=kind,
                    category=categories[category],
                    description=description,
                    amount=Decimal(amount).quantize(Decimal("0.01")),
                    counterparty=counterparty,
                    voucher_number=f"记-{first:%Y-%m}-{count:03d}",
                    approved_by=rng.choice(APPROVERS),
                    project=project,
                ),
                actor=clerk,
            )

        if fund.slug == "public-service":
            add(3, Kind.INCOME, "allocation", "区财政拨付社区公共服务专项资金", 45000, "区财政局")
            for _n in range(rng.randint(6, 9)):
                category, text, who, low, high = rng.choice(EXPENSES)
                add(rng.randint(5, 27), Kind.EXPENSE, category, text, rng.randint(low, high), who)
            add(
                28,
                Kind.EXPENSE,
                "elderly",
                "老年食堂助餐补贴",
                6000,
                "幸福里老年食堂",
                projects["elderly-canteen"],
            )
            for item, amount in payments.get(month, []):
                description = f"{item['title'][0]}工程款"
                if month == "2026-05" and item["slug"] == "fitness-trail":
                    amount = 18200  # keyed wrongly: the voucher says 12,800 (corrected in June)
                add(
                    20,
                    Kind.EXPENSE,
                    item["category"],
                    description,
                    amount,
                    "城建工程有限公司",
                    projects.get(item["slug"]),
                )
            if first.month in (3, 6, 9, 12):
                add(21, Kind.INCOME, "interest", "银行存款利息", rng.randint(40, 90), "农商银行")
        else:
            if first.month in (1, 4, 7, 10, 12):
                add(
                    8,
                    Kind.INCOME,
                    "donation",
                    "辖区企业爱心捐款",
                    rng.choice([5000, 8000, 10000]),
                    "幸福里商户联合会",
                )
            if first.month in (2, 6, 9, 11):
                add(
                    15,
                    Kind.EXPENSE,
                    "elderly",
                    "困难家庭节日慰问金",
                    rng.choice([3000, 4000]),
                    "困难家庭（名单见居委会公示栏）",
                )
            if first.month in (5, 8):
                add(
                    18,
                    Kind.EXPENSE,
                    "culture",
                    "青少年暑期课堂物资",
                    rng.randint(800, 1600),
                    "文具批发部",
                )


def _correction(fund, clerk) -> None:
    wrong = LedgerEntry.objects.filter(
        period__fund=fund, date__year=2026, date__month=5, amount=Decimal("18200.00")
    ).first()
    if wrong is None or wrong.corrections.exists():
        return
    services.correct_entry(
        wrong,
        services.EntryData(
            date=datetime.date(2026, 6, 3),
            kind=Kind.INCOME,
            category=wrong.category,
            description="冲回5月健身步道工程款多记金额",
            amount=Decimal("5400.00"),
            counterparty=wrong.counterparty,
            voucher_number="记-2026-06-900",
            approved_by="社区两委会议",
            project=wrong.project,
        ),
        reason="凭证金额为12,800.00元，录入时误记为18,200.00元，冲回多记的5,400.00元。",
        actor=clerk,
    )


def _publish_until(fund, last_start, clerk, reviewer, *, prepare_next=False) -> int:
    published = 0
    for period in Period.objects.filter(fund=fund).order_by("start"):
        if period.start > last_start:
            if prepare_next and period.status == PeriodStatus.OPEN:
                services.prepare_period(period, actor=clerk)
            break
        if period.status == PeriodStatus.PUBLISHED:
            continue
        if period.status == PeriodStatus.OPEN:
            services.prepare_period(period, actor=clerk)
        page = period.pages.filter(locale__language_code="zh-hans").first()
        page.refresh_from_db()
        page.current_workflow_task.on_action(page.current_workflow_task_state, reviewer, "approve")
        published += 1
        if period.start.month == 5 and fund.slug == "public-service":
            # The June period holds the correction of a May entry: enter it once May is public.
            _correction(fund, clerk)
    return published


def load_question_category() -> None:
    """The "finance question" complaint category of migration 0003, when it is missing (after a
    test database was flushed, for example)."""
    import importlib

    from django.apps import apps as django_apps
    from django.db import connection

    migration = importlib.import_module("disclosures.migrations.0003_roles_and_finance_questions")
    migration.forwards(django_apps, connection.schema_editor())


# The English of every text the demo ledgers use: descriptions, payees, approvals, corrections.
LEDGER_TEXTS_EN = {
    "万家福超市": "Wanjiafu Supermarket",
    "健身步道改造工程款": "Fitness trail renovation: contractor payment",
    "光明电工服务部": "Guangming Electrical Services",
    "农商银行": "Rural Commercial Bank",
    "冲回5月健身步道工程款多记金额": "Reversal of the overstated May fitness trail payment",
    "凭证金额为12,800.00元，录入时误记为18,200.00元，冲回多记的5,400.00元。": (
        "The voucher reads 12,800.00 yuan but 18,200.00 yuan was entered; "
        "the excess 5,400.00 yuan is reversed."
    ),
    "办公耗材": "Office supplies",
    "区财政局": "District Finance Bureau",
    "区财政拨付社区公共服务专项资金": "District allocation to the community public service fund",
    "单元门禁维修": "Repair of stairwell entrance locks",
    "印象广告制作部": "Yinxiang Print and Signs",
    "困难家庭节日慰问金": "Holiday support payments to households in hardship",
    "困难家庭（名单见居委会公示栏）": (
        "Households in hardship (list on the committee's notice board)"
    ),
    "垃圾分类宣传物料": "Waste sorting information materials",
    "城建工程有限公司": "Chengjian Engineering Co., Ltd.",
    "声华电器维修部": "Shenghua Appliance Repairs",
    "安居门窗维修部": "Anju Door and Window Repairs",
    "居民议事会议定": "Decided by the residents' council",
    "平安消防器材店": "Ping'an Fire Equipment Shop",
    "幸福里商户联合会": "Xingfuli Shopkeepers' Association",
    "幸福里老年食堂": "Xingfuli Seniors' Canteen",
    "广场舞队音响设备维修": "Repair of the square dance team's sound equipment",
    "文具批发部": "Stationery wholesaler",
    "新华书店": "Xinhua Bookstore",
    "楼道及公共区域保洁服务费": "Cleaning of stairwells and common areas",
    "楼道声控LED灯改造工程款": "Stairwell LED motion lights: contractor payment",
    "洁美物业服务有限公司": "Jiemei Property Services Co., Ltd.",
    "消防器材更换": "Replacement of fire equipment",
    "社区两委会议": "Joint meeting of the Party branch and the residents' committee",
    "社区主任审批": "Approved by the committee director",
    "社区读书会图书采购": "Books for the community reading club",
    "绿化补种及修剪": "Replanting and pruning of green areas",
    "绿源园林工程队": "Lüyuan Landscaping Team",
    "老年食堂助餐补贴": "Meal subsidy for the seniors' canteen",
    "路灯更换": "Replacement of street lamps",
    "辖区企业爱心捐款": "Donations from local businesses",
    "邻里节活动物资": "Supplies for the neighbourhood festival",
    "银行存款利息": "Interest on bank deposits",
    "青少年暑期课堂物资": "Supplies for the youth summer classes",
    "高龄老人上门探访慰问品": "Gifts for home visits to residents over 80",
}


def _ledger_texts() -> None:
    for source, text in LEDGER_TEXTS_EN.items():
        LedgerText.objects.update_or_create(source=source, language="en", defaults={"text": text})


def load(stdout) -> None:
    from home.models import HomePage

    zh = Locale.objects.filter(language_code="zh-hans").first()
    en = Locale.objects.filter(language_code="en").first()
    home = HomePage.objects.filter(locale=zh).first()
    User = get_user_model()
    clerk = User.objects.filter(email__iexact=CLERK_EMAIL).first()
    reviewer = User.objects.filter(email__iexact=OVERSIGHT_EMAIL).first()
    if zh is None or en is None or home is None or clerk is None or reviewer is None:
        stdout.write("Disclosures: home page or demo accounts missing, no demo disclosures.")
        return
    categories = _categories(zh, en)
    funds = _funds(zh, en)
    _index_page, projects_index = _index(home, en)
    projects = _projects(projects_index)
    for slug, amount in BUDGET_2026.items():
        Budget.objects.get_or_create(
            fund=funds["public-service"],
            year=2026,
            category=categories[slug],
            defaults={"amount": amount},
        )
    published = 0
    for fund in funds.values():
        if not LedgerEntry.objects.filter(period__fund=fund).exists():
            _entries(fund, categories, projects, clerk)
    published += _publish_until(
        funds["public-service"], datetime.date(2026, 9, 1), clerk, reviewer, prepare_next=True
    )
    published += _publish_until(funds["donations"], datetime.date(2026, 7, 1), clerk, reviewer)
    _ledger_texts()
    stdout.write(
        f"Disclosures: {len(funds)} funds, {LedgerEntry.objects.count()} entries, "
        f"{published} periods published now, {len(projects)} projects."
    )
