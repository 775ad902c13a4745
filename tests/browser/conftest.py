"""Browser tests: Debian's Chromium through Playwright against pytest-django's live server.

Each test gets a live server on a transactional database that is flushed after the test, so the
demo content loaded once per session is gone after the first browser test. The ``site`` fixture
puts back what the migrations created (locales, root page and collection) and the demo pages.
"""

import io
import json
import os

# The live server runs in a thread while the test drives the browser synchronously; the ORM calls
# made by fixtures would otherwise be refused as "called from an async context".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402

import pytest  # noqa: E402

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Chinese first, as a resident's browser here would send; the site must not depend on it.
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 800}}


def _restore_content() -> None:
    """Recreate what the flush removed: the migrations' rows, then the demo pages."""
    from wagtail.models import Collection, Locale, Page

    from community import demo as community_demo
    from complaints import demo as complaints_demo
    from home import demo
    from notices import demo as notices_demo
    from services import demo as services_demo

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root", slug="root", locale=Locale.objects.get(language_code="zh-hans")
            )
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    demo.load(io.StringIO())
    community_demo.load(io.StringIO())
    notices_demo.load(io.StringIO())
    services_demo.load(io.StringIO())
    complaints_demo.load_categories()


@pytest.fixture(scope="session")
def _content_snapshot() -> dict[str, str]:
    """The database as the first browser test found it, serialized once for the later ones."""
    return {}


def _content_types_first(data: str) -> str:
    """The serialized copy with the content types at the start.

    Building a page subclass (``HomePage(**fields)``) while loading the copy asks for its content
    type; when that type is not cached and not loaded yet, Django creates it with a new id, and
    loading the copied row with the same name then fails on the unique constraint.
    """
    objects = json.loads(data)
    objects.sort(key=lambda obj: obj["model"] != "contenttypes.contenttype")
    return json.dumps(objects)


@pytest.fixture
def site(live_server, _content_snapshot, migrated_state) -> str:
    """The live server's base URL, with the demo pages (home, community map, notices, service
    guides) in both languages and the default complaint categories.

    The first test loads the demo content (a no-op when the session already did) and keeps a
    serialized copy; later tests empty the database and load that copy (about 0.3 s, against 2 s
    for building the pages and their translations again).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    if "data" in _content_snapshot:
        # The flush after the previous test ran post_migrate, which made new content types and
        # permissions with new ids: empty everything, then load the copy, ids and all.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(_content_snapshot["data"])
    else:
        # Transactional tests that ran before emptied the database, data migrations' rows
        # (groups and their permissions) included: start again from the migrated state.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(_content_types_first(migrated_state))
        ContentType.objects.clear_cache()
        _restore_content()
        _content_snapshot["data"] = _content_types_first(
            connection.creation.serialize_db_to_string()
        )
    ContentType.objects.clear_cache()
    cache.clear()  # Wagtail caches the site root paths.
    return live_server.url


@pytest.fixture
def host(site) -> str:
    return urlsplit(site).netloc


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"][:3]]
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']}; "
            f"{len(violation['nodes'])} node(s), first: {targets}"
        )
    return "\n".join(lines)


@pytest.fixture
def axe_violations():
    """``axe_violations(page)``: axe-core's WCAG 2.x A/AA violations on the page, described.

    Returns one line per violation (id, impact, help, the first nodes), empty when there are none.
    """

    def run(page) -> str:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_PATH))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        return _describe(result["violations"])

    return run


@pytest.fixture
def sideways():
    """``sideways(page)``: empty when the page fits its viewport's width; else what sticks out
    (the innermost elements whose right edge passes the viewport), to name the cause."""

    def run(page) -> str:
        return page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth <= width) return "";
                const clipped = element => {
                    for (let up = element.parentElement; up && up !== document.body;
                         up = up.parentElement) {
                        if (getComputedStyle(up).overflowX !== "visible") return true;
                    }
                    return false;
                };
                const out = [...document.body.querySelectorAll("*")].filter(element => {
                    if (clipped(element)) return false;
                    const box = element.getBoundingClientRect();
                    return box.right > width + 0.5 && box.width > 0 && ![...element.children]
                        .some(child => child.getBoundingClientRect().right > width + 0.5);
                });
                return `scrollWidth ${document.documentElement.scrollWidth} > ${width}: ` + out
                    .slice(0, 5).map(element => element.tagName.toLowerCase()
                        + (element.className ? "." + String(element.className).split(" ").join(".") : "")
                        + ` (right ${Math.round(element.getBoundingClientRect().right)})`)
                    .join(", ");
            }"""
        )

    return run


@pytest.fixture
def body_type():
    """``body_type(page)``: the body's computed font size and line height in CSS pixels."""

    def measure(page) -> tuple[float, float]:
        font_size, line_height = page.evaluate(
            """() => {
                const style = getComputedStyle(document.body);
                return [style.fontSize, style.lineHeight];
            }"""
        )
        size = float(font_size.removesuffix("px"))
        if line_height.endswith("px"):
            return size, float(line_height.removesuffix("px"))
        if line_height == "normal":
            return size, size * 1.2
        return size, size * float(line_height)

    return measure


@pytest.fixture
def journey(browser, site):
    """``journey(profile, budget=N, name="...")``: a ``tests.browser.journey.Journey`` in a
    browser context of its own (the profile's language, viewport and display preference).

    The context bypasses the Content-Security-Policy only so that axe-core can be injected.
    """
    from tests.browser.journey import Journey

    contexts = []

    def start(profile, *, budget: int, name: str, check_elderly: bool = True) -> Journey:
        context = browser.new_context(
            locale="zh-CN" if profile.language == "zh-hans" else "en-US",
            viewport={"width": profile.width, "height": profile.height},
            bypass_csp=True,
        )
        contexts.append(context)
        return Journey(
            page=context.new_page(),
            site=site,
            profile=profile,
            budget=budget,
            name=name,
            check_elderly=check_elderly,
        )

    yield start
    for context in contexts:
        context.close()
