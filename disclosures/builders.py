"""Builders of disclosures for tests and volume data: funds, categories, entries, index pages."""

import datetime
import uuid
from decimal import Decimal

from wagtail.models import Locale

from disclosures import services
from disclosures.models import Category, DisclosureIndexPage, Fund, Kind, LedgerEntry, Period


def fund(slug: str = "public-service", name: str = "社区公共服务专项资金", **fields) -> Fund:
    zh = Locale.objects.get(language_code="zh-hans")
    found = Fund.objects.filter(slug=slug, locale=zh).first()
    if found is not None:
        return found
    return Fund.objects.create(locale=zh, slug=slug, name=name, **fields)


def category(slug: str = "environment", name: str = "环境整治", en: str = "") -> Category:
    zh = Locale.objects.get(language_code="zh-hans")
    found = Category.objects.filter(slug=slug, locale=zh).first()
    if found is not None:
        return found
    found = Category.objects.create(locale=zh, slug=slug, name=name)
    if en:
        Category.objects.create(
            locale=Locale.objects.get(language_code="en"),
            translation_key=found.translation_key,
            slug=slug,
            name=en,
        )
    return found


def entry_data(**fields) -> services.EntryData:
    defaults = {
        "date": datetime.date(2026, 3, 5),
        "kind": Kind.EXPENSE,
        "category": category(),
        "description": "3号楼楼道粉刷",
        "amount": Decimal("1200.00"),
        "counterparty": "某某装饰工程有限公司",
        "voucher_number": "记-2026-03-001",
        "approved_by": "社区两委会议",
    }
    defaults.update(fields)
    return services.EntryData(**defaults)


def bulk_entries(period: Period, count: int, *, start_pk: int | None = None) -> None:
    """``count`` entries in one period, written with bulk_create (volume tests and benchmarks)."""
    cat = category()
    days = (period.end - period.start).days + 1
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                period=period,
                date=period.start + datetime.timedelta(days=n % days),
                kind=Kind.INCOME if n % 10 == 0 else Kind.EXPENSE,
                category=cat,
                description=f"批量明细 {n}",
                amount=Decimal("10.00") + n % 100,
                counterparty="供应商",
                voucher_number=f"V{n:06d}",
            )
            for n in range(count)
        ],
        batch_size=1000,
    )


def index_pages(home_page) -> DisclosureIndexPage:
    """The disclosures index under the Chinese home page, with its English translation."""
    index = DisclosureIndexPage.objects.filter(locale=home_page.locale).first()
    if index is not None:
        return index
    index = DisclosureIndexPage(title="财务公开", slug="caiwu", intro="每一笔钱的去向。")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    english_home = home_page.get_translation_or_none(Locale.objects.get(language_code="en"))
    if english_home is not None:
        english = index.copy_for_translation(Locale.objects.get(language_code="en"))
        english.title = "Fund disclosures"
        english.slug = "disclosures"
        english.intro = "Where every yuan went."
        english.save_revision().publish()
    services.attach_workflow(index)
    return index


def unique_slug() -> str:
    return uuid.uuid4().hex[:8]


def projects_index(index):
    """The projects listing under the disclosures index, with its English translation."""
    from disclosures.models import ProjectIndexPage

    found = ProjectIndexPage.objects.child_of(index).first()
    if found is not None:
        return found
    projects = ProjectIndexPage(title="民生项目", slug="xiangmu", intro="资金用在了哪些项目上。")
    index.add_child(instance=projects)
    projects.save_revision().publish()
    english_index = index.get_translation_or_none(Locale.objects.get(language_code="en"))
    if english_index is not None:
        english = projects.copy_for_translation(Locale.objects.get(language_code="en"))
        english.title = "Projects"
        english.slug = "projects"
        english.intro = "What the money pays for."
        english.save_revision().publish()
    return projects


def project(parent, title: str = "3号楼加装电梯", **fields):
    from disclosures.models import ProjectPage

    defaults = {
        "title": title,
        "slug": unique_slug(),
        "summary": "为3号楼加装一部电梯。",
        "budget": Decimal("300000.00"),
        "status": "in_progress",
        "progress": 40,
        "source": "annual_plan",
        "source_reference": "2026年度社区工作计划第1项",
    }
    defaults.update(fields)
    page = ProjectPage(**defaults)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def publish(period: Period, clerk, reviewer):
    """Prepare the period and approve its page's sign-off task, as in the admin."""
    page = services.prepare_period(period, actor=clerk)
    page.refresh_from_db()
    page.current_workflow_task.on_action(page.current_workflow_task_state, reviewer, "approve")
    page.refresh_from_db()
    period.refresh_from_db()
    return page
