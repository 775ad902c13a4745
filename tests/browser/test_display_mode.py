"""The "Large type" toggle: a plain POST form that sets a cookie, so it works without JavaScript."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COOKIE = "portal_display"
LARGE_TYPE_MIN_PX = 20
# Small print (badges, dates, footnotes) may stay smaller than body text, but not below this.
LARGE_TYPE_SMALLEST_PX = 18

SMALLEST_TEXT = """() => {
    let smallest = null;
    for (const element of document.body.querySelectorAll("*")) {
        const ownText = [...element.childNodes].some(
            node => node.nodeType === Node.TEXT_NODE && node.textContent.trim()
        );
        if (!ownText || !element.checkVisibility() || element.closest(".visually-hidden")) continue;
        const size = parseFloat(getComputedStyle(element).fontSize);
        if (smallest === null || size < smallest.size) {
            smallest = {size, element: element.outerHTML.slice(0, 120)};
        }
    }
    return smallest;
}"""


def toggle(page):
    return page.locator("form.display-mode button")


def display_cookie(context):
    return next((c for c in context.cookies() if c["name"] == COOKIE), None)


def check_large_type_round_trip(page, site, body_type):
    context = page.context
    page.goto(site + "/")
    size, _line_height = body_type(page)
    assert size < LARGE_TYPE_MIN_PX
    expect(toggle(page)).to_have_attribute("aria-pressed", "false")
    assert display_cookie(context) is None

    with page.expect_navigation():
        toggle(page).click()
    # Redirected back to the page the toggle was on.
    assert page.url == site + "/"
    expect(toggle(page)).to_have_attribute("aria-pressed", "true")
    size, line_height = body_type(page)
    assert size >= LARGE_TYPE_MIN_PX
    assert line_height >= 1.5 * size
    smallest = page.evaluate(SMALLEST_TEXT)
    assert smallest["size"] >= LARGE_TYPE_SMALLEST_PX, smallest
    cookie = display_cookie(context)
    assert cookie is not None
    assert cookie["value"] == "elderly"

    # The choice persists on other pages.
    page.goto(site + "/about/")
    expect(toggle(page)).to_have_attribute("aria-pressed", "true")
    assert body_type(page)[0] >= LARGE_TYPE_MIN_PX
    smallest = page.evaluate(SMALLEST_TEXT)
    assert smallest["size"] >= LARGE_TYPE_SMALLEST_PX, smallest

    # Toggling again returns to the standard display, here on /about/.
    with page.expect_navigation():
        toggle(page).click()
    assert page.url == site + "/about/"
    expect(toggle(page)).to_have_attribute("aria-pressed", "false")
    assert body_type(page)[0] < LARGE_TYPE_MIN_PX
    assert display_cookie(context) is None


def test_large_type_toggle(page, site, body_type):
    check_large_type_round_trip(page, site, body_type)


def test_large_type_toggle_works_without_javascript(browser, browser_context_args, site, body_type):
    context = browser.new_context(**{**browser_context_args, "java_script_enabled": False})
    try:
        page = context.new_page()
        page.set_content('<title>before</title><script>document.title = "ran"</script>')
        assert page.title() == "before", "JavaScript is not disabled in this context"
        check_large_type_round_trip(page, site, body_type)
    finally:
        context.close()
