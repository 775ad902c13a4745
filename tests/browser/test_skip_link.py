"""The skip link is the first thing a keyboard reaches and it moves focus to the main content."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_tab_reaches_skip_link_first_and_enter_moves_focus_to_main(page, site):
    page.goto(site + "/")
    skip_link = page.locator("a.skip-link")

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    # Hidden off-screen until focused, then shown inside the viewport.
    box = skip_link.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["height"] > 0

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    assert page.url.endswith("#main")
