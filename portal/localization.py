"""Finding a page's counterpart in another language, for the switcher and hreflang links."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Locale, Page, Site

from portal.fragments import shared


def _locales(request: HttpRequest) -> dict[str, Locale]:
    cached = getattr(request, "_portal_locales", None)
    if cached is None:
        cached = shared(
            request,
            "locales",
            lambda: {locale.language_code: locale for locale in Locale.objects.all()},
        )
        request._portal_locales = cached
    return cached


def localized_home(request: HttpRequest, language: str | None = None) -> Page | None:
    """The live home page of ``language`` (default: the active language), else the site root."""
    language = language or translation.get_language()
    cache = request.__dict__.setdefault("_portal_homes", {})
    if language not in cache:
        cache[language] = shared(
            request, f"home:{language}", lambda: _find_localized_home(request, language)
        )
    return cache[language]


def _find_localized_home(request: HttpRequest, language: str) -> Page | None:
    site = Site.find_for_request(request)
    home = None
    if site is not None:
        root = site.root_page
        locale = _locales(request).get(language)
        home = root
        if locale is not None and root.locale_id != locale.pk:
            translated = root.get_translation_or_none(locale)
            if translated is not None and translated.live:
                home = translated
    return home


def localized_home_url(request: HttpRequest, language: str | None = None) -> str:
    home = localized_home(request, language)
    url = home.get_url(request) if home is not None else None
    if url:
        return url
    with translation.override(language or translation.get_language()):
        return translate_url("/", language or translation.get_language())


def live_translations(request: HttpRequest, page: Page) -> dict[str, Page]:
    """The live versions of ``page`` in every language (itself included when live), by code.

    One query per page and request, shared by the language switcher and the hreflang links.
    """
    cache = request.__dict__.setdefault("_portal_translations", {})
    if page.pk not in cache:
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        cache[page.pk] = {found.locale.language_code: found for found in translations}
    return cache[page.pk]


def translation_url(request: HttpRequest, page: Page | None, language: str) -> str:
    """Where the switcher sends a reader of this page who wants ``language``.

    The live translation of the page when there is one; for a non-page view (sign-in, my
    portal...) the same view in that language; otherwise that language's home page.
    """
    if isinstance(page, Page) and page.pk:
        locale = _locales(request).get(language)
        if locale is not None:
            if page.locale_id == locale.pk:
                return page.get_url(request) or localized_home_url(request, language)
            translated = live_translations(request, page).get(language)
            if translated is not None:
                url = translated.get_url(request)
                if url:
                    return url
        return localized_home_url(request, language)
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name not in (None, "wagtail_serve"):
        path = link_path(request)
        translated = translate_url(path, language)
        if translated != path or language == settings.LANGUAGE_CODE:
            return translated
    return localized_home_url(request, language)


# A link back to the current page never carries more of its query than this: a 10,000-character
# search must not grow the language switcher (and every form's "next") into tens of kilobytes.
MAX_LINK_VALUE = 100
MAX_LINK_QUERY = 2000


def link_path(request: HttpRequest) -> str:
    """``request.get_full_path()`` with each query value cut to 100 characters and the whole query
    string to 2,000 (parameters beyond are dropped)."""
    from django.utils.encoding import escape_uri_path
    from django.utils.http import urlencode

    path = escape_uri_path(request.path)
    pairs = [
        (key[:MAX_LINK_VALUE], value[:MAX_LINK_VALUE])
        for key, values in request.GET.lists()
        for value in values
    ]
    encoded = urlencode(pairs)
    while len(encoded) > MAX_LINK_QUERY and pairs:
        pairs.pop()
        encoded = urlencode(pairs)
    return f"{path}?{encoded}" if encoded else path
