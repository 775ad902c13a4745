"""Fund disclosures in the browser: axe-core on the index, a disclosure page, the print version,
the projects and the question form, in both languages and in large type; a resident asks about
an entry."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # axe is injected as an inline script, which the site's Content-Security-Policy refuses.
    pytest.mark.browser_context_args(bypass_csp=True),
]

WIDTHS = (1280, 320)


def _problems(page, axe_violations, label: str) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        violations = axe_violations(page)
        if violations:
            problems.append(f"{label} at {width} px:\n{violations}")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{label} at {width} px scrolls sideways")
    return problems


def _published_disclosure() -> dict:
    """A fund with a published month (one corrected entry), a project, both languages."""
    from django.contrib.auth.models import Group

    from wagtail.models import Locale

    from community.factories import UserFactory
    from disclosures import builders, demo, services
    from disclosures.models import Budget, Fund, Kind
    from home.models import HomePage

    for name in ("Finance clerks", "Oversight group"):
        Group.objects.get_or_create(name=name)
    demo.load_question_category()
    clerk = UserFactory(username="clerk", groups=["Finance clerks"])
    reviewer = UserFactory(username="reviewer", groups=["Oversight group"])
    home = HomePage.objects.get(locale__language_code="zh-hans")
    index = builders.index_pages(home)
    projects = builders.projects_index(index)
    project = builders.project(projects)
    english_project = project.copy_for_translation(Locale.objects.get(language_code="en"))
    english_project.title = "A lift for building 3"
    english_project.save_revision().publish()
    fund = builders.fund()
    Fund.objects.create(
        locale=Locale.objects.get(language_code="en"),
        translation_key=fund.translation_key,
        slug=fund.slug,
        name="Community public-service fund",
    )
    environment = builders.category("environment", "环境整治", en="Environment")
    culture = builders.category("culture", "文体活动", en="Culture and sports")
    Budget.objects.create(fund=fund, year=2026, category=environment, amount=Decimal("20000"))
    Budget.objects.create(fund=fund, year=2026, category=culture, amount=Decimal("8000"))
    rows = [
        (2, Kind.INCOME, environment, "区财政拨付专项资金", "45000", None),
        (5, Kind.EXPENSE, environment, "楼道及公共区域保洁服务费", "3200", None),
        (12, Kind.EXPENSE, culture, "邻里节活动物资", "1860.50", None),
        (20, Kind.EXPENSE, environment, "3号楼加装电梯工程款", "84000", project),
    ]
    for day, kind, category, text, amount, linked in rows:
        services.add_entry(
            fund,
            builders.entry_data(
                date=datetime.date(2026, 3, day),
                kind=kind,
                category=category,
                description=text,
                amount=Decimal(amount),
                project=linked,
            ),
            actor=clerk,
        )
    march = services.period_for(fund, datetime.date(2026, 3, 1))
    page = builders.publish(march, clerk, reviewer)
    wrong = march.entries.get(description="邻里节活动物资")
    services.correct_entry(
        wrong,
        builders.entry_data(
            date=datetime.date(2026, 4, 2), kind=Kind.INCOME, amount=Decimal("60.50")
        ),
        reason="多付的货款已退回",
        actor=clerk,
    )
    april = services.period_for(fund, datetime.date(2026, 4, 1))
    builders.publish(april, clerk, reviewer)
    return {"page": page, "index": index, "projects": projects, "project": project, "entry": wrong}


@pytest.mark.parametrize("elderly", [False, True], ids=["standard", "elderly"])
def test_disclosure_pages_have_no_axe_violations(page, site, axe_violations, elderly):
    if elderly:
        page.context.add_cookies([{"name": "portal_display", "value": "elderly", "url": site}])
    made = _published_disclosure()
    paths = [
        made["index"].url,
        made["page"].url,
        made["page"].url + "print/",
        made["projects"].url,
        made["project"].url,
        f"/finance/ask/entry/{made['entry'].pk}/",
    ]
    problems = []
    for prefix in ("", "/en"):
        for path in paths:
            if prefix and path.startswith("/caiwu/"):
                path = path.replace("/caiwu/xiangmu/", "/caiwu/projects/")
                path = path.replace("/caiwu/", "/disclosures/")
            response = page.goto(site + prefix + path)
            assert response.status == 200, prefix + path
            problems += _problems(page, axe_violations, f"{prefix}{path} (elderly={elderly})")
    assert not problems, "\n".join(problems)


def test_resident_asks_about_an_entry(page, site):
    from complaints.models import Complaint

    made = _published_disclosure()
    page.goto(site + made["page"].url)
    expect(page.locator("h1")).to_contain_text("社区公共服务专项资金")
    expect(page.locator(".figures")).to_contain_text("¥45,000.00")
    expect(page.locator("#corrections-title + p + ul")).to_contain_text("多付的货款已退回")
    entry = made["entry"]
    page.locator(f"#entry-{entry.pk}").get_by_role("link", name=re.compile("提问")).click()
    expect(page.locator("h1")).to_have_text(f"关于第 {entry.pk} 号明细的疑问")
    page.get_by_label("您的问题").fill("活动物资买了哪些东西？")
    page.get_by_role("button", name="发送问题").click()
    expect(page.locator(".tracking-number")).to_have_text(re.compile(r"TS-\d{4}-\d{6}"))
    complaint = Complaint.objects.get()
    assert complaint.category.slug == "finance-question"
    assert f"#entry-{entry.pk}" in complaint.description
    # The link in the complaint opens the entry's row.
    link = re.search(r"https?://\S+", complaint.description).group(0)
    page.goto(link)
    expect(page.locator(f"#entry-{entry.pk}")).to_contain_text("邻里节活动物资")
