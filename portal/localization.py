"""Finding a page's counterpart in another language, for the switcher and hreflang links."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Locale, Page, Site


def _locales(request: HttpRequest) -> dict[str, Locale]:
    cached = getattr(request, "_portal_locales", None)
    if cached is None:
        cached = {locale.language_code: locale for locale in Locale.objects.all()}
        request._portal_locales = cached
    return cached


def localized_home(request: HttpRequest, language: str | None = None) -> Page | None:
    """The live home page of ``language`` (default: the active language), else the site root."""
    language = language or translation.get_language()
    cache = request.__dict__.setdefault("_portal_homes", {})
    if language in cache:
        return cache[language]
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
    cache[language] = home
    return home


def localized_home_url(request: HttpRequest, language: str | None = None) -> str:
    home = localized_home(request, language)
    url = home.get_url(request) if home is not None else None
    if url:
        return url
    with translation.override(language or translation.get_language()):
        return translate_url("/", language or translation.get_language())


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
            translated = page.get_translation_or_none(locale)
            if translated is not None and translated.live:
                url = translated.get_url(request)
                if url:
                    return url
        return localized_home_url(request, language)
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name not in (None, "wagtail_serve"):
        translated = translate_url(request.get_full_path(), language)
        if translated != request.get_full_path() or language == settings.LANGUAGE_CODE:
            return translated
    return localized_home_url(request, language)
