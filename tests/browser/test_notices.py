"""Notice pages in the browser: axe-core in both languages and in large type, and a resident's
subscription journey."""

from django.test import Client

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from accounts.models import User

pytestmark = [
    pytest.mark.browser,
    # axe is injected as an inline script, which the site's Content-Security-Policy refuses.
    pytest.mark.browser_context_args(bypass_csp=True),
]

WIDTHS = (1280, 320)


def sign_in(page, site) -> User:
    """Sign a verified resident in by giving the browser a session made by Django's client."""
    user = User.objects.create_user("zhao", "zhao@example.com", "Correct-horse-battery-9")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    return user


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
def test_notice_pages_have_no_axe_violations(page, site, axe_violations, elderly):
    paths = [
        "/notices/",
        "/en/notices/",
        "/notices/?category=water-power",
        "/notices/water-cut-building-3/",
        "/en/notices/water-cut-building-3/",
        "/notices/public-fund-projects-2027/",
    ]
    problems = []
    for path in paths:
        problems += check(page, site, axe_violations, path, elderly=elderly)
    assert not problems, "\n".join(problems)


def test_subscription_pages_have_no_axe_violations(page, site, axe_violations):
    sign_in(page, site)
    problems = []
    for path in ["/notice-subscriptions/", "/en/notice-subscriptions/", "/accounts/me/"]:
        problems += check(page, site, axe_violations, path)
        problems += check(page, site, axe_violations, path, elderly=True)
    assert not problems, "\n".join(problems)


def test_resident_subscribes_to_water_cuts(page, site):
    from notices.models import Subscription

    user = sign_in(page, site)
    page.goto(site + "/notices/")
    page.get_by_role("link", name="有新通知时发邮件给我").click()
    page.get_by_label("停水停电").check()
    page.get_by_role("button", name="订阅", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("已保存")
    subscription = Subscription.objects.get(user=user)
    assert [c.slug for c in subscription.categories.all()] == ["water-power"]
    assert subscription.language == "zh-hans"


def test_urgent_banner_leads_to_the_notice(page, site):
    page.goto(site + "/about/")
    page.locator(".site-alerts").get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text("停水")
