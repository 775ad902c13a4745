"""Finding a page's counterpart in another language, for the switcher and hreflang links."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils import translation

from wagtail.models import Locale, Page, Site

from portal.fragments import shared


def localized_field(obj, field: str) -> str:
    """``obj.<field>_<language>`` for the active language when filled in, else ``obj.<field>``.

    For structural records that stay one row in every language (a grid, a building: other rows
    point at them) and carry their English text in a second field instead of being copied per
    locale the way translatable snippets are.
    """
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language != settings.LANGUAGE_CODE.split("-")[0]:
        translated = getattr(obj, f"{field}_{language}", "")
        if translated:
            return translated
    return getattr(obj, field)


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

    The same for every reader: one query per page until the next publish (``portal.fragments``),
    shared by the language switcher and the hreflang links.
    """
    cache = request.__dict__.setdefault("_portal_translations", {})
    if page.pk not in cache:
        cache[page.pk] = shared(
            request, f"translations:{page.pk}", lambda: _find_live_translations(page)
        )
    return cache[page.pk]


def _find_live_translations(page: Page) -> dict[str, Page]:
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    return {found.locale.language_code: found for found in translations}


def translation_url(request: HttpRequest, page: Page | None, language: str) -> str:
    """Where the switcher sends a reader of this page who wants ``language``.

    The live translation of the page when there is one; for a live page without one, a page in
    that language saying that this page exists only in its own language, with a link back to it
    (never a silent jump to the other home page); for a non-page view (sign-in, my portal...) the
    same view in that language; otherwise that language's home page.
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
            if page.live:
                with translation.override(language):
                    return reverse("untranslated_page", args=[page.pk])
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


def nearest_translated_ancestor(request: HttpRequest, page: Page, language: str) -> Page | None:
    """The closest live ancestor of ``page`` that has a live translation in ``language``.

    What a reader of that language can turn to instead of an untranslated page: the English
    services index for an untranslated guide, say. None when not even the home page is there.
    """
    locale = _locales(request).get(language)
    if locale is None:
        return None
    ancestors = list(page.get_ancestors().filter(depth__gt=1).order_by("-depth"))
    keys = [ancestor.translation_key for ancestor in ancestors]
    found = {
        candidate.translation_key: candidate
        for candidate in Page.objects.filter(translation_key__in=keys, locale=locale).live()
    }
    for ancestor in ancestors:
        if ancestor.translation_key in found:
            return found[ancestor.translation_key]
    return None
