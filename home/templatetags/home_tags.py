from django import template
from django.conf import settings
from django.http import HttpRequest

from wagtail.models import Page

from home.models import PortalSettings
from portal.fragments import shared
from portal.localization import localized_home, localized_home_url
from portal.slots import fill_slot

register = template.Library()


def _portal_settings(request: HttpRequest) -> PortalSettings:
    return PortalSettings.for_request(request)


@register.simple_tag(takes_context=True)
def portal_name(context) -> str:
    return _portal_settings(context["request"]).display_name or str(settings.WAGTAIL_SITE_NAME)


def _child_links(request: HttpRequest, page, in_menu: bool) -> list[dict]:
    """Links to the live, public pages under the home page of the active language.

    In the menu: the sections editors put in menus. In the footer: the other pages (about,
    accessibility statement...). The links are the same for everyone and kept between requests
    (portal.fragments); which one is the current page is marked here.
    """
    name = "menu_links" if in_menu else "footer_links"
    links = shared(request, name, lambda: _build_child_links(request, in_menu))
    current_path = getattr(page, "path", "")
    return [
        {
            "title": link["title"],
            "url": link["url"],
            "current": current_path.startswith(link["path"]),
        }
        for link in links
    ]


def _build_child_links(request: HttpRequest, in_menu: bool) -> list[dict]:
    home = localized_home(request)
    if home is None:
        return []
    children = home.get_children().live().public().filter(show_in_menus=in_menu)
    links = []
    for child in children.order_by("path"):
        url = child.get_url(request)
        if url:
            links.append({"title": child.title, "url": url, "path": child.path})
    return links


@register.inclusion_tag("home/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    page = context.get("page")
    home = localized_home(request)
    match = getattr(request, "resolver_match", None)
    current = ""
    if isinstance(page, Page) and home is not None and page.pk == home.pk:
        current = "home"
    elif match is not None and match.view_name == "accounts:my_portal":
        current = "my_portal"
    # Sections that are not pages (complaints ...) add their link through the "main_menu" slot.
    return {
        "items": [*_child_links(request, page, in_menu=True), *fill_slot("main_menu", request)],
        "home_url": localized_home_url(request),
        "current": current,
        "user": context.get("user"),
        "request": request,
    }


@register.inclusion_tag("home/includes/site_footer.html", takes_context=True)
def site_footer(context):
    request = context["request"]
    return {
        # Sections that are not pages add links through the "footer" slot, like the main menu.
        "items": [
            *_child_links(request, context.get("page"), in_menu=False),
            *fill_slot("footer", request),
        ],
        "portal_settings": _portal_settings(request),
        "site_name": portal_name(context),
    }


@register.simple_tag(takes_context=True)
def page_ancestors(context, page) -> list[dict]:
    """The pages above ``page`` from the home page down, as ``{"title", "url"}``: the breadcrumbs
    and the link back to the parent (``{% page_ancestors page as ancestors %}``).

    The same for every reader: kept between requests until the next publish (portal.fragments).
    """
    if not isinstance(page, Page) or not page.pk:
        return []
    request = context["request"]
    return shared(request, f"ancestors:{page.path}", lambda: _build_ancestors(request, page))


def _build_ancestors(request: HttpRequest, page: Page) -> list[dict]:
    ancestors = page.get_ancestors().filter(depth__gt=1)
    return [{"title": ancestor.title, "url": ancestor.get_url(request)} for ancestor in ancestors]


@register.simple_tag(takes_context=True)
def portal_settings(context) -> PortalSettings:
    """The site's settings (hotline, office hours ...): ``{% portal_settings as portal %}``."""
    return _portal_settings(context["request"])
