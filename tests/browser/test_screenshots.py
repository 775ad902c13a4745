"""Screenshots of the home pages for review, and no request to any host but the site's own."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HOMES = [
    # file name, path, elderly mode
    ("home-zh", "/", False),
    ("home-en", "/en/", False),
    ("home-zh-elderly", "/", True),
]
WIDTHS = (1280, 375)


@pytest.fixture
def screenshot_dir(pytestconfig) -> Path:
    # pytest-playwright empties test-results/ at the start of a session, so this is fresh.
    path = pytestconfig.rootpath / "test-results" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_home_page_screenshots(page, site, screenshot_dir):
    for name, path, elderly in HOMES:
        page.context.clear_cookies()
        if elderly:
            page.context.add_cookies([{"name": "portal_display", "value": "elderly", "url": site}])
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        page.goto(site + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            target = screenshot_dir / f"{name}-{width}.png"
            page.screenshot(path=target, full_page=True)
            assert target.stat().st_size > 10_000, f"{target.name} looks empty"


def test_pages_request_nothing_from_other_hosts(page, site, host):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/", "/en/", "/accounts/login/", "/en/accounts/login/"):
        page.goto(site + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_load_state("networkidle")

    fetched = [url for url in requested if urlsplit(url).scheme in ("http", "https")]
    # The stylesheet at least, so a listener that saw nothing would not pass.
    assert any(urlsplit(url).path.endswith(".css") for url in fetched), requested
    elsewhere = [url for url in fetched if urlsplit(url).netloc != host]
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
    # data: and blob: URLs stay in the page; anything else (ws:, ftp:) would leave it.
    others = [
        url for url in requested if urlsplit(url).scheme not in ("http", "https", "data", "blob")
    ]
    assert not others, others
