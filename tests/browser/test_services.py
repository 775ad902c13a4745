"""Service guide pages in the browser: axe-core in both languages and in large type."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # axe is injected as an inline script, which the site's Content-Security-Policy refuses.
    pytest.mark.browser_context_args(bypass_csp=True),
]

WIDTHS = (1280, 320)
PATHS = [
    "/services/",
    "/en/services/",
    "/services/?category=hu-ji-yu-zheng-jian",
    "/services/residence-permit/",
    "/en/services/residence-permit/",
    "/services/residence-permit/checklist/",
    "/en/services/residence-permit/checklist/",
]


def check(page, site, axe_violations, path, *, elderly=False):
    if elderly:
        page.context.add_cookies([{"name": "portal_display", "value": "elderly", "url": site}])
    response = page.goto(site + path)
    assert response.status == 200, path
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        violations = axe_violations(page)
        if violations:
            problems.append(f"{path} at {width} px (elderly={elderly}):\n{violations}")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{path} at {width} px scrolls sideways")
    return problems


@pytest.mark.parametrize("elderly", [False, True], ids=["standard", "elderly"])
def test_service_pages_have_no_axe_violations(page, site, axe_violations, elderly):
    problems = []
    for path in PATHS:
        problems += check(page, site, axe_violations, path, elderly=elderly)
    assert not problems, "\n".join(problems)


def test_resident_finds_a_guide_and_prints_its_checklist(page, site):
    page.goto(site + "/services/")
    page.get_by_role("link", name=re.compile(r"^户籍与证件")).first.click()
    expect(page.locator("h1")).to_contain_text("户籍与证件")
    page.get_by_role("link", name="新生儿出生登记（落户）", exact=True).click()
    expect(page.locator("h1")).to_have_text("新生儿出生登记（落户）")
    page.get_by_role("link", name="打印材料清单").first.click()
    expect(page.locator("h1")).to_contain_text("清单")
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    expect(page.get_by_role("rowheader", name="出生医学证明")).to_be_visible()
