"""Polls in the browser: axe-core on the poll, results and consultation pages in both languages
(as a visitor, a resident and an official), and a resident's vote from the form to "my portal"."""

import io

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # axe is injected as an inline script, which the site's Content-Security-Policy refuses.
    pytest.mark.browser_context_args(bypass_csp=True),
]

WIDTHS = (1280, 320)
OPEN_POLL = "/polls/public-fund-projects-2027/"
PAGES = (
    "/polls/",
    OPEN_POLL,
    "/polls/stairwell-lighting-2026/results/",
    "/polls/committee-appraisal-2026/results/",
    "/polls/parking-rules-draft/",
)


@pytest.fixture
def demo_polls(site, settings, tmp_path) -> str:
    """The demo accounts and polls; returns the demo password."""
    import accounts.demo
    import community.demo
    import polls.demo

    settings.VAR_DIR = tmp_path
    accounts.demo.load(io.StringIO())
    community.demo.load(io.StringIO())  # again: the demo official now exists to run the grids
    polls.demo.load(io.StringIO())
    return (tmp_path / "demo_credentials.txt").read_text().split()[-1]


def _sign_in(page, site, email, password):
    page.goto(site + "/accounts/login/")
    page.locator("[name=login]").fill(email)
    page.locator("[name=password]").fill(password)
    page.locator("form button.button--primary[type=submit]").click()
    expect(page.locator(".main-menu")).to_contain_text("我的门户")


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


@pytest.mark.parametrize("who", ["visitor", "resident", "official"])
def test_poll_pages_have_no_axe_violations(page, site, demo_polls, axe_violations, who):
    if who != "visitor":
        _sign_in(page, site, f"{who}@demo.community", demo_polls)
    problems = []
    for prefix in ("", "/en"):
        for path in PAGES:
            response = page.goto(site + prefix + path)
            assert response.status == 200, prefix + path
            problems += _problems(page, axe_violations, f"{prefix}{path} ({who})")
    if who == "official":
        page.goto(site + OPEN_POLL + "record/")
        problems += _problems(page, axe_violations, "record off-line ballot")
    assert not problems, "\n".join(problems)


def test_charts_have_text_alternatives(page, site, demo_polls):
    page.goto(site + "/polls/stairwell-lighting-2026/results/")
    chart = page.locator("svg[role=img]").first
    labelled_by = chart.get_attribute("aria-labelledby").split()
    assert page.locator(f"#{labelled_by[0]}").text_content() == "您支持哪个改造方案？"
    assert "票" not in page.locator(f"#{labelled_by[1]}").text_content()
    assert "(" in page.locator(f"#{labelled_by[1]}").text_content()
    expect(page.locator("table").nth(1)).to_contain_text("声控LED灯")


def test_resident_votes_and_sees_it_in_my_portal(page, site, demo_polls, axe_violations):
    from polls.models import Ballot, PollPage

    poll = PollPage.objects.get(slug="public-fund-projects-2027", locale__language_code="zh-hans")
    _sign_in(page, site, "resident@demo.community", demo_polls)
    page.goto(site + "/accounts/me/")
    expect(page.locator("#my-polls-title + ul")).to_contain_text("您可以投票")

    page.goto(site + OPEN_POLL)
    page.get_by_label("和平苑屋顶防水修缮").check()
    page.get_by_label("楼道扶手加装").check()
    page.get_by_label("健身器材更新").check()
    page.get_by_label("社区食堂适老化改造").check()
    page.get_by_role("button", name="提交选票").click()
    # Three small projects are one too many: refused, and the choices are still there.
    expect(page.locator(".error-summary")).to_contain_text("最多选择 2 项")
    expect(page.get_by_label("和平苑屋顶防水修缮")).to_be_checked()
    assert not Ballot.objects.filter(poll=poll).exists()
    assert not _problems(page, axe_violations, "ballot refused")

    page.get_by_label("社区食堂适老化改造").uncheck()
    page.get_by_role("button", name="提交选票").click()
    expect(page.locator(".messages")).to_contain_text("您的选票已记录")
    expect(page.locator("main")).to_contain_text("您家已经在本次投票中投过票")
    assert Ballot.objects.filter(poll=poll).count() == 1

    page.goto(site + "/accounts/me/")
    expect(page.locator("#my-polls-title + ul")).to_contain_text("您家已投票")
    expect(page.locator("#my-household-title ~ ul")).to_contain_text("户代表")
