"""Benchmark data and requests for fund disclosures.

``manage.py make_volume_data --entries N`` makes sure a benchmark fund has a published period of
at least N ledger entries. The entries are inserted in bulk (10,000 in a few seconds) into an open
month of the fund; the month is then prepared by a finance clerk and signed off by a member of
the oversight group through the real services and workflow, so its page is public, sealed and
carries its digest, exactly like a period published in the admin. A published period never
changes, so a larger run publishes the next month with N entries instead of adding to it.

``period_requests`` is what ``make bench`` loads: the disclosure page of the period with the most
entries, and one of its later table pages.
"""

import datetime
import random
import uuid
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count

from bench.targets import Request
from disclosures import services
from disclosures.models import (
    Category,
    DisclosurePage,
    Fund,
    Kind,
    LedgerEntry,
    Period,
    PeriodStatus,
)
from disclosures.pages import ENTRIES_PER_PAGE

FUND_SLUG = "bench-volume"
FIRST_MONTH = datetime.date(2026, 1, 1)
SEED = 20261123
CLERK = "bench-finance-clerk"
REVIEWER = "bench-oversight"

CATEGORIES = [
    # slug, zh, en
    ("bench-environment", "环境整治", "Environment and cleaning"),
    ("bench-elderly", "为老服务", "Services for the elderly"),
    ("bench-facilities", "设施维护", "Repairs and facilities"),
    ("bench-culture", "文体活动", "Culture and sports"),
    ("bench-allocation", "财政拨款", "Government allocation"),
]

EXPENSES = [
    ("楼道及公共区域保洁服务费", "洁美物业服务有限公司", 800, 3600),
    ("绿化补种及修剪", "绿源园林工程队", 300, 2400),
    ("老年食堂助餐补贴", "幸福里老年食堂", 1000, 6800),
    ("高龄老人上门探访慰问品", "万家福超市", 100, 1800),
    ("路灯更换", "光明电工服务部", 200, 2200),
    ("单元门禁维修", "安居门窗维修部", 100, 1200),
    ("邻里节活动物资", "万家福超市", 200, 2600),
    ("社区读书会图书采购", "新华书店", 100, 1500),
]
APPROVERS = ["社区两委会议", "社区主任审批", "居民议事会议定"]


def _users():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    found = []
    for username, group in ((CLERK, services.FINANCE_CLERKS), (REVIEWER, services.OVERSIGHT)):
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@bench.invalid"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=group))
        found.append(user)
    return found


def _fund() -> Fund:
    from wagtail.models import Locale

    fund = Fund.objects.filter(slug=FUND_SLUG, locale__language_code="zh-hans").first()
    if fund is not None:
        return fund
    key = uuid.uuid4()
    names = {
        "zh-hans": ("社区公共服务专项资金（压力测试）", "用于性能测试的大量明细。"),
        "en": ("Community public-service fund (benchmark)", "Many entries for benchmarks."),
    }
    for locale in Locale.objects.filter(language_code__in=names):
        name, description = names[locale.language_code]
        created = Fund.objects.create(
            locale=locale,
            translation_key=key,
            slug=FUND_SLUG,
            name=name,
            description=description,
            cadence="monthly",
            opening_balance=Decimal("1000000.00"),
        )
        if locale.language_code == "zh-hans":
            fund = created
    return fund


def _categories() -> dict[str, Category]:
    from wagtail.models import Locale

    zh = Locale.objects.get(language_code="zh-hans")
    en = Locale.objects.filter(language_code="en").first()
    found = {}
    for order, (slug, name, name_en) in enumerate(CATEGORIES):
        category = Category.objects.filter(slug=slug, locale=zh).first()
        if category is None:
            category = Category.objects.create(
                locale=zh, slug=slug, name=name, sort_order=100 + order
            )
            if en is not None:
                Category.objects.create(
                    locale=en,
                    translation_key=category.translation_key,
                    slug=slug,
                    name=name_en,
                    sort_order=100 + order,
                )
        found[slug] = category
    return found


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _period_to_fill(fund: Fund) -> Period:
    """The fund's latest period when it can still take entries, else the month after it."""
    latest = Period.objects.filter(fund=fund).order_by("-start").first()
    if latest is not None and latest.status != PeriodStatus.PUBLISHED:
        return latest
    start = FIRST_MONTH if latest is None else _next_month(latest.start)
    return services.period_for(fund, start)


def _new_entries(period: Period, count: int, first_number: int, categories, clerk):
    rng = random.Random(SEED + first_number + period.start.toordinal())  # noqa: S311 - test data
    days = (period.end - period.start).days + 1
    expense_categories = [c for slug, c in categories.items() if slug != "bench-allocation"]
    entries = []
    for number in range(first_number, first_number + count):
        if number % 50 == 0:
            kind, category = Kind.INCOME, categories["bench-allocation"]
            description, counterparty = "区财政拨付社区公共服务专项资金", "区财政局"
            amount = Decimal(rng.randint(20000, 60000))
        else:
            kind, category = Kind.EXPENSE, rng.choice(expense_categories)
            description, counterparty, low, high = rng.choice(EXPENSES)
            amount = Decimal(rng.randint(low * 100, high * 100)) / 100
        entries.append(
            LedgerEntry(
                period=period,
                date=period.start
                + datetime.timedelta(days=number * days // (count + first_number)),
                kind=kind,
                category=category,
                description=description,
                amount=amount.quantize(Decimal("0.01")),
                counterparty=counterparty,
                voucher_number=f"记-{period.key}-{number + 1:05d}",
                approved_by=rng.choice(APPROVERS),
                created_by=clerk,
            )
        )
    return entries


def make_entries(count: int, options: dict[str, Any], stdout) -> int:
    """Top up the benchmark fund so one published period holds ``count`` entries."""
    fund = _fund()
    largest = (
        Period.objects.filter(fund=fund, status=PeriodStatus.PUBLISHED)
        .annotate(entry_count=Count("entries"))
        .order_by("-entry_count")
        .values_list("entry_count", flat=True)
        .first()
    )
    if largest is not None and largest >= count:
        stdout.write(f"entries: a published period already holds {largest:,}.")
        return 0
    clerk, reviewer = _users()
    categories = _categories()
    period = _period_to_fill(fund)
    added = 0
    if period.status == PeriodStatus.OPEN:
        existing = period.entries.count()
        if existing < count:
            with transaction.atomic():
                LedgerEntry.objects.bulk_create(
                    _new_entries(period, count - existing, existing, categories, clerk),
                    batch_size=1000,
                )
            added = count - existing
        services.prepare_period(period, actor=clerk)
    page = DisclosurePage.objects.get(period=period, locale__language_code="zh-hans")
    task_state = page.current_workflow_task_state
    if task_state is not None:
        page.current_workflow_task.on_action(task_state, reviewer, "approve")
    period.refresh_from_db()
    if period.status != PeriodStatus.PUBLISHED:
        raise RuntimeError(f"The benchmark period {period} was not signed off ({period.status}).")
    stdout.write(f"entries: {added:,} added; {period} published with {period.entries.count():,}.")
    return added


def period_requests() -> list[Request]:
    """The published page of the period with the most entries, and a later page of its table."""
    period = (
        Period.objects.filter(status=PeriodStatus.PUBLISHED)
        .annotate(entry_count=Count("entries"))
        .order_by("-entry_count", "-start")
        .first()
    )
    if period is None:
        return []
    page = (
        DisclosurePage.objects.live().filter(period=period, locale__language_code="zh-hans").first()
    )
    if page is None:
        return []
    url = page.get_url()
    last = max(1, -(-period.entry_count // ENTRIES_PER_PAGE))
    return [Request(url), Request(f"{url}?page={max(1, last * 3 // 4)}")]
