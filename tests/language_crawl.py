"""Crawl the demo as a reader of one language and report text in the other.

Used by ``tests/test_language_crawl.py`` and runnable by hand against a database with the demo
(``manage.py shell -c "from tests.language_crawl import main; main()"``).

What counts as text: what a reader sees or hears (text nodes, ``alt``, ``title``,
``placeholder``, ``aria-label``, button values), outside ``<script>``/``<style>`` and outside any
element marked as another language with ``lang`` (the language switcher's "English"/"简体中文",
the link to an untranslated original, a voucher number kept as written): text marked that way
is correct in a page of the other language, and screen readers pronounce it accordingly. In the
admin, the values inside form fields are data being edited (the Chinese original of a
translation, say), not interface, and are left out.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.test import Client

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
URLISH = re.compile(
    r"\S+@\S+|https?://\S+|www\.\S+|\S+\.(?:cn|com|org|gov|example)\S*|/\S*"
    r"|\b[0-9a-f]{8,}\b|\b[a-z0-9]+(?:-[a-z0-9]+)+\b"  # digests, slugs and codes
    r"|\b(?=[A-Z0-9]*[0-9])(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3,}\b"  # letters and digits: K7MX 4PQR
)

# Proper names an English page may write in Chinese characters: only the names people gave
# themselves (an account's display name, "李阿姨"), which the portal shows as they wrote them; see
# ``people_names``. Every other name in the demo (grids, estates, buildings, companies, offices)
# has an English form. The native name of the Chinese language in the switcher is marked
# lang="zh-hans", and text residents wrote (a complaint, a comment) lang="" (language unknown).
CJK_ALLOWED: set[str] = set()


def people_names() -> set[str]:
    """Display names of the accounts: proper names, shown as their owners wrote them."""
    from accounts.models import User

    return {name for name in User.objects.values_list("display_name", flat=True) if name}


# Words a Chinese page may write in Latin letters: brands, formats, units and technical names
# that Chinese readers use as they are, plus the native name of English in the switcher.
LATIN_ALLOWED = {
    word.lower()
    for word in [
        "RSS",
        "Atom",
        "API",
        "JSON",
        "CSV",
        "TXT",
        "XLSX",
        "PDF",
        "ICS",
        "iCalendar",
        "Excel",
        "Word",
        "QR",
        "Wi-Fi",
        "WiFi",
        "WLAN",
        "APP",
        "App",
        "ID",
        "LED",
        "USB",
        "URL",
        "HTTP",
        "HTTPS",
        "CNY",
        "RMB",
        "SMS",
        "PM",
        "AM",
        "km",
        "kg",
        "Open",
        "Wagtail",
        "Django",
        "WeChat",
        "GeoReport",
        "CA",
        "UTC",
        "GMT",
        "SHA",
        "JPEG",
        "JPG",
        "PNG",
        "WebP",
        "GIF",
        "MB",
        "KB",
        "TS",  # complaint tracking numbers
        "dibao",  # the pinyin residents search with
        "WCAG",  # standards and marks, written so: WCAG 2.1 AA, CCC, GB 17761
        "AA",
        "CCC",
        "GB",
    ]
}

ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")

# English that Wagtail 8.0 writes into its Chinese admin and no catalog can translate: a hidden
# "Search" button written in the template, form labels made from field names without a
# verbose name (wagtail-localize's "Enabled", the workflow form's "Page"), Python's "None" where
# the aging pages report has no last editor.
ADMIN_ENGLISH_UPSTREAM = {"Search", "Enabled", "Page", "None"}

# Admin views that show text stored in the database in the language of the first migration:
# Django writes permission names ("Can add image") into the database once, when the tables are
# created, in the site's default language, and the group editor lists them as stored.
ADMIN_STORED_LABELS = ("/admin/groups/edit/",)

# The glossary of names lists each group, workflow and task name as stored beside its
# translation: names of both languages are its data ("编辑" is the name of the Editors group).
ADMIN_NAME_GLOSSARY = ("/admin/name-translations/",)
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class _TextParser(HTMLParser):
    def __init__(self, language: str, skip_form_values: bool):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.skip_form_values = skip_form_values
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from the check)
        self.texts: list[str] = []

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = self._hidden() or tag in ("script", "style", "template", "noscript")
        # Neither seen nor heard: hidden elements and those hidden from screen readers too.
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            hidden = True
        lang = attrs.get("lang")
        if lang is not None and not lang.lower().startswith(self.language.split("-")[0]):
            hidden = True
        if self.skip_form_values and tag in ("textarea", "option", "select"):
            hidden = True
        if not hidden:
            for name in ATTRIBUTES:
                if attrs.get(name):
                    self.texts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self._hidden() and data.strip():
            self.texts.append(data)


def visible_texts(html: str, language: str, *, skip_form_values: bool = False) -> list[str]:
    parser = _TextParser(language, skip_form_values)
    parser.feed(html)
    return parser.texts


def stray_chinese(texts: Iterable[str], allowed: set[str] = CJK_ALLOWED) -> list[str]:
    return [run for text in texts for run in CJK.findall(text) if run not in allowed]


def stray_english(texts: Iterable[str]) -> list[str]:
    found = []
    for text in texts:
        text = URLISH.sub(" ", text)
        for word in LATIN_WORD.findall(text):
            if word.lower() not in LATIN_ALLOWED:
                found.append(word)
    return found


@dataclass
class Report:
    language: str
    visited: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def summary(self, limit: int = 60) -> str:
        lines = [f"{len(self.visited)} addresses visited in {self.language}"]
        lines += [f"  HTTP {status}: {url}" for url, status in self.errors.items()]
        for url, words in list(self.problems.items())[:limit]:
            lines.append(f"  {url}: {sorted(set(words))[:12]}")
        return "\n".join(lines)


def check(
    client: Client,
    urls: Iterable[str],
    language: str,
    *,
    admin: bool = False,
    report: Report | None = None,
) -> Report:
    report = report or Report(language)
    strings = interface_strings() if admin else None
    content = content_runs() if admin else None
    as_written = names_as_written(language) if admin else set()
    names = CJK_ALLOWED | people_names()
    for url in urls:
        if url in report.visited:
            continue
        report.visited.append(url)
        response = client.get(url, follow=True)
        if response.status_code != 200:
            report.errors[url] = response.status_code
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if admin and url.startswith(ADMIN_STORED_LABELS + ADMIN_NAME_GLOSSARY):
            continue
        if admin:
            words = admin_interface_leaks(html, language, strings, content)
            texts = visible_texts(html, language, skip_form_values=True)
            words += names_shown_as_written(texts, as_written)
        elif language.startswith("zh"):
            words = stray_english(visible_texts(html, language))
        else:
            words = stray_chinese(visible_texts(html, language), names)
        if words:
            report.problems[url] = words
    return report


def links_matching(client: Client, url: str, pattern: str) -> Iterator[str]:
    response = client.get(url)
    if response.status_code == 200:
        yield from dict.fromkeys(re.findall(pattern, response.content.decode()))


def public_urls(language: str) -> list[str]:
    """Every live page of ``language``, the routes pages offer, and the views that are not pages."""
    from django.urls import reverse
    from django.utils import translation

    from wagtail.models import Page

    urls: list[str] = []
    pages = Page.objects.filter(locale__language_code=language).live().public().specific()
    for page in pages.order_by("path"):
        url = page.get_url()
        if not url:
            continue
        urls.append(url)
        kind = type(page).__name__
        if kind == "PollPage" and _results_public(page):
            urls.append(url + "results/")
        elif kind == "DisclosurePage":
            urls.append(url + "print/")
        elif kind == "ServiceGuidePage":
            urls.append(url + "checklist/")
    with translation.override(language):
        urls += [
            reverse("search:search") + ("?q=allowance" if language == "en" else "?q=低保"),
            reverse("complaints:submit"),
            reverse("complaints:track"),
            reverse("account_login"),
            reverse("account_signup"),
            reverse("account_reset_password"),
            reverse("notices:subscribe"),
        ]
    return urls


def _results_public(poll) -> bool:
    """Whether an anonymous reader may see the poll's results now (else the address is a 404)."""
    from django.contrib.auth.models import AnonymousUser

    from polls.services import results_visible

    return results_visible(poll, AnonymousUser())


def resident_urls(language: str) -> list[str]:
    """What a signed-in resident opens: "my portal", joining a household, subscriptions, email
    and password."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return [
            reverse("accounts:my_portal"),
            reverse("community:join"),
            reverse("notices:subscribe"),
            reverse("account_email"),
            reverse("account_change_password"),
        ]


def admin_urls(client: Client, user, language: str) -> list[str]:
    """The admin's menu items (submenus included), and from each listing the first edit view;
    for pages, the edit view of one page of each type in the user's language, and the history of
    a page that went through moderation (its entries name the workflow and its tasks)."""
    from django.test import RequestFactory

    from wagtail.admin.menu import admin_menu
    from wagtail.models import Page, PageLogEntry

    request = RequestFactory().get("/admin/")
    request.user = user
    urls = ["/admin/"]

    def walk(items):
        for item in items:
            submenu = getattr(item, "menu", None)
            if submenu is not None:
                walk(submenu.menu_items_for_request(request))
            elif getattr(item, "url", "").startswith("/admin/"):
                urls.append(item.url)

    walk(admin_menu.menu_items_for_request(request))
    for listing in list(urls):
        if listing == "/admin/":
            continue
        for link in links_matching(client, listing, r'href="(/admin/[^"]*?/edit/[^"/]+/)"'):
            urls.append(link)
            break
    seen_types = set()
    for page in Page.objects.filter(locale__language_code=language, depth__gt=1).order_by("path"):
        if page.content_type_id not in seen_types:
            seen_types.add(page.content_type_id)
            urls.append(f"/admin/pages/{page.pk}/edit/")
            urls.append(f"/admin/pages/{page.pk}/")
    moderated = (
        PageLogEntry.objects.filter(action__startswith="wagtail.workflow.")
        .order_by("page__path")
        .values_list("page_id", flat=True)
        .first()
    )
    if moderated:
        urls.append(f"/admin/pages/{moderated}/history/")
    return list(dict.fromkeys(urls))


def main(language: str = "en") -> None:  # pragma: no cover - a tool for people
    """Print what a crawl of the current database finds (the demo must be loaded)."""
    from wagtail.users.models import UserProfile

    from accounts.models import User

    anonymous = Client(HTTP_HOST="127.0.0.1")
    report = check(anonymous, public_urls(language), language)
    resident = Client(HTTP_HOST="127.0.0.1")
    resident.force_login(User.objects.get(email="resident@demo.community"))
    check(resident, resident_urls(language), language, report=report)
    admin = User.objects.get(email="admin@demo.community")
    profile = UserProfile.get_for_user(admin)
    kept = profile.preferred_language
    profile.preferred_language = language
    profile.save()
    try:
        staff = Client(HTTP_HOST="127.0.0.1")
        staff.force_login(admin)
        check(staff, admin_urls(staff, admin, language), language, admin=True, report=report)
    finally:
        # The crawl runs against someone's database: leave the admin's language as it was.
        profile.preferred_language = kept
        profile.save()
    print(report.summary(limit=200))  # noqa: T201


def _catalogs(language_dir: str):
    """The .po files of Django, Wagtail, wagtail-localize, allauth and the portal's apps."""
    import importlib
    from pathlib import Path

    from django.conf import settings

    roots = [Path(settings.BASE_DIR)]
    for package in ("django", "wagtail", "wagtail_localize", "allauth"):
        roots.append(Path(importlib.import_module(package).__file__).parent)
    for root in roots:
        yield from root.glob(f"**/locale/{language_dir}/LC_MESSAGES/*.po")


def interface_strings() -> tuple[set[str], set[str]]:
    """(Chinese runs of every zh-hans msgstr, every msgid) of the catalogs the admin uses."""
    import polib

    chinese: set[str] = set()
    english: set[str] = set()
    for path in _catalogs("zh_Hans"):
        for entry in polib.pofile(str(path)):
            english.add(" ".join(entry.msgid.split()))
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                chinese.update(run for run in CJK.findall(text) if len(run) > 1)
    return chinese, english


def content_runs() -> set[str]:
    """Chinese runs of what editors and people wrote: page titles, people's and places' names.

    The admin lists these as they are, whatever the reader's language; a catalog string that
    happens to be spelled the same (通知公告 is a page title and a menu label) is not a leak.
    """
    from wagtail.models import Page, Site

    from accounts.models import User
    from community.models import Building, Grid
    from search.models import LifeEvent, Synonym

    texts = [
        *Page.objects.values_list("title", flat=True),
        *Page.objects.values_list("slug", flat=True),
        *User.objects.values_list("display_name", flat=True),
        *User.objects.values_list("username", flat=True),
        *Site.objects.values_list("site_name", flat=True),
        *Grid.objects.values_list("name", flat=True),
        *Building.objects.values_list("name", flat=True),
        # The thesaurus is a list of Chinese words, whatever the editor's language.
        *LifeEvent.objects.values_list("name", flat=True),
        *Synonym.objects.values_list("term", flat=True),
    ]
    runs = {run for text in texts for run in CJK.findall(text or "")}
    return runs | {" ".join(text.split()) for text in texts if text}


def admin_interface_leaks(
    html: str, language: str, strings: tuple[set[str], set[str]], content: set[str]
):
    """Interface text of the other language on an admin page.

    The admin shows content in both languages by design (the Chinese original beside its English
    translation, Chinese names of people): only words that come from a message catalog are
    interface. In English, a Chinese run that is a translation from a zh-hans catalog; in Chinese,
    a whole text that is an English message id (an untranslated interface string).
    """
    chinese, english = strings
    texts = visible_texts(html, language, skip_form_values=True)
    if language.startswith("zh"):
        leaks = []
        for text in texts:
            normal = " ".join(text.split())
            if (
                normal in english
                and normal not in content
                and normal not in ADMIN_ENGLISH_UPSTREAM
                and LATIN_WORD.search(normal)
            ):
                leaks.append(normal)
        return leaks
    return [run for run in stray_chinese(texts) if run in chinese and run not in content]


def names_as_written(language: str) -> set[str]:
    """Names of groups, workflows and tasks that have a translation into ``language``.

    Shown as stored ("Moderators" in the Chinese admin, "通知公告审核" in the English one), they
    are text of the other language; names nobody has translated yet are shown as written.
    """
    from portal.admin_names import stored_names
    from portal.names import glossary

    translated = glossary(language)
    return {name for name in stored_names() if translated.get(name, name) != name}


def names_shown_as_written(texts: Iterable[str], names: set[str]) -> list[str]:
    found = []
    for text in texts:
        normal = " ".join(text.split())
        for name in names:
            # A Latin name as a whole word ("Editors", not "Editors'" nor "Co-Editors").
            pattern = re.escape(name)
            if LATIN_WORD.match(name):
                pattern = rf"(?<![\w'’-]){pattern}(?![\w'’-])"
            if re.search(pattern, normal):
                found.append(name)
    return found
