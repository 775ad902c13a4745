"""axe-core's WCAG 2.0–2.2 A/AA rules on the main page types, wide and at 320 px (reflow)."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    # axe is injected as an inline script, which the site's Content-Security-Policy refuses.
    pytest.mark.browser_context_args(bypass_csp=True),
]

WIDTHS = (1280, 320)
HEIGHT = 800

PAGES = [
    # id, path, elderly mode, expected status
    ("zh-home", "/", False, 200),
    ("en-home", "/en/", False, 200),
    ("zh-home-elderly", "/", True, 200),
    ("en-home-elderly", "/en/", True, 200),
    ("zh-about", "/about/", False, 200),
    ("en-contact", "/en/contact/", False, 200),
    ("zh-login", "/accounts/login/", False, 200),
    ("zh-login-elderly", "/accounts/login/", True, 200),
    ("en-signup", "/en/accounts/signup/", False, 200),
    ("zh-search", "/search/?q=社区", False, 200),
    ("zh-search-facets", "/search/?q=停水&section=notices", False, 200),
    ("zh-search-typo-elderly", "/search/?q=停水通之", True, 200),
    ("zh-search-nothing", "/search/?q=宇宙飞船", False, 200),
    ("en-search", "/en/search/?q=water", False, 200),
    ("en-search-elderly", "/en/search/?q=water", True, 200),
    ("zh-404", "/no-such-page/", False, 404),
]


@pytest.mark.parametrize(
    ("path", "elderly", "status"),
    [pytest.param(path, elderly, status, id=id_) for id_, path, elderly, status in PAGES],
)
def test_no_axe_violations_and_no_horizontal_scrolling(
    page, site, axe_violations, path, elderly, status
):
    if elderly:
        page.context.add_cookies([{"name": "portal_display", "value": "elderly", "url": site}])
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    response = page.goto(site + path)
    assert response.status == status
    expect(page.locator("body")).to_contain_class(
        "display-elderly" if elderly else "display-standard"
    )

    problems = []
    for width in WIDTHS:
        # Media queries apply on resize; no need to load the page again.
        page.set_viewport_size({"width": width, "height": HEIGHT})
        violations = axe_violations(page)
        if violations:
            problems.append(f"at {width} px:\n{violations}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(f"at {width} px: scrolls horizontally, scrollWidth {scroll_width}")
    assert not problems, f"{path} (elderly={elderly}):\n" + "\n".join(problems)


def test_axe_reports_violations(page, axe_violations):
    """The check above is only worth something if it fails on a page with a known problem."""
    page.set_content(
        "<!DOCTYPE html><html><head><title>t</title></head><body><main>"
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#bbb;background:#fff">faint</p></main></body></html>'
    )
    violations = axe_violations(page)
    assert "image-alt" in violations
    assert "color-contrast" in violations
    assert "html-has-lang" in violations
