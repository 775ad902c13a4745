from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext_noop, pgettext

from wagtail.models import Page

from portal.alerts import alerts_for
from portal.localization import link_path, live_translations, localized_home_url, translation_url

register = template.Library()


@register.tag("kept_for_page")
def kept_for_page(parser, token):
    """``{% kept_for_page page "name" %}...{% end_kept_for_page %}``: render once per page and
    language, keep until the next publish (``portal.fragments.page_part``). Only for what every
    reader of the page sees alike."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a page and a name")
    nodelist = parser.parse(("end_kept_for_page",))
    parser.delete_first_token()
    return KeptForPageNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)


class KeptForPageNode(template.Node):
    def __init__(self, page, name, nodelist):
        self.page, self.name, self.nodelist = page, name, nodelist

    def render(self, context):
        from django.utils.safestring import mark_safe

        from portal.fragments import page_part

        page, name = self.page.resolve(context), str(self.name.resolve(context))
        html = page_part(context.get("request"), page, name, lambda: self.nodelist.render(context))
        return mark_safe(html)  # noqa: S308 - the template's own output, escaped when rendered


# Django's forms append ``gettext(":")`` to a label unless it ends in one of ``gettext(":?.!")``.
# Translated in this app's catalog (full-width in Chinese), so no Chinese label ends in an ASCII
# colon ("答复您？:"): listed here so that extracting messages keeps them.
LABEL_PUNCTUATION = (gettext_noop(":"), gettext_noop(":?.!"))


@register.simple_tag
def colon() -> str:
    """The separator between a label and its value in text: "：" in Chinese, ": " in English."""
    return pgettext("between a label and its value", ": ")


def _other_languages():
    current = translation.get_language()
    return [(code, name) for code, name in settings.LANGUAGES if code != current]


@register.simple_tag(takes_context=True, name="localized_home_url")
def localized_home_url_tag(context) -> str:
    return localized_home_url(context["request"])


@register.inclusion_tag("portal/includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    page = context.get("page")
    links = [
        {"code": code, "name": name, "url": translation_url(request, page, code)}
        for code, name in _other_languages()
    ]
    return {"links": links}


@register.inclusion_tag("portal/includes/language_alternates.html", takes_context=True)
def language_alternates(context):
    """``<link rel="alternate" hreflang>`` for each live translation of the current page.

    A view that is not a page (search, sign-in, the complaint form...) exists in every language
    at its translated address, so it lists them all.
    """
    request = context["request"]
    page = context.get("page")
    links = []
    if isinstance(page, Page) and page.pk:
        for code, translated in sorted(live_translations(request, page).items()):
            url = translated.get_url(request)
            if url:
                links.append({"code": code, "url": request.build_absolute_uri(url)})
    else:
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name not in (None, "wagtail_serve"):
            path = link_path(request)
            for code, _name in sorted(settings.LANGUAGES):
                url = translate_url(path, code)
                if url != path or code == translation.get_language():
                    links.append({"code": code, "url": request.build_absolute_uri(url)})
    return {"links": links if len(links) > 1 else []}


@register.inclusion_tag("portal/includes/display_mode_control.html", takes_context=True)
def display_mode_control(context):
    request = context["request"]
    return {
        "display_mode": context.get("display_mode", "standard"),
        "next": link_path(request),
    }


@register.inclusion_tag("portal/includes/site_alerts.html", takes_context=True)
def site_alerts(context):
    return {"alerts": alerts_for(context["request"])}


@register.simple_tag(takes_context=True)
def slot(context, name: str):
    """Render what the content apps put in slot ``name`` (see portal.slots)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from portal.slots import fill_slot

    request = context["request"]
    parts = [
        item["html"]
        if "html" in item
        else render_to_string(
            item["template"], {**item.get("context", {}), "request": request}, request
        )
        for item in fill_slot(name, request, page=context.get("page"))
    ]
    return mark_safe("".join(parts))  # noqa: S308 - rendered templates, escaped by Django


@register.simple_tag(takes_context=True)
def localized_title(context, page) -> str:
    """The title of ``page`` in the active language when it is translated, else its own title.

    For links to pages kept in the source language by other records (a ledger entry's project):
    one query per page and request, however many rows link to it.
    """
    if not isinstance(page, Page):
        return ""
    request = context.get("request")
    if request is None:
        return page.title
    translated = live_translations(request, page).get(translation.get_language())
    return translated.title if translated is not None else page.title


@register.inclusion_tag("portal/includes/retention_periods.html")
def retention_periods():
    """How long the portal keeps personal data, from the settings that enforce it (shown on
    the page whose slug is ``privacy``)."""
    return {"complaint_months": settings.COMPLAINTS_RETENTION_MONTHS}
