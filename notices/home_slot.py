"""The notices box on the home page: pinned notices first, then the latest."""

from django.template.loader import render_to_string

from wagtail.models import Locale

from notices.models import NoticeIndexPage
from portal.fragments import shared

HOME_NOTICES = 6


def latest_notices(request, page=None):
    # The same for every visitor: the box is rendered once and kept between requests until a
    # publish (portal.fragments); "new" badges are at most PORTAL_FRAGMENT_CACHE_SECONDS late.
    html = shared(request, "home_notices_html", lambda: _render(request))
    return {"html": html} if html else None


def _render(request) -> str:
    found = shared(request, "home_notices", _latest_notices)
    if found is None:
        return ""
    index, notices = found
    return render_to_string(
        "notices/includes/home_notices.html",
        {"index": index, "notices": notices, "request": request},
        request,
    )


def _latest_notices():
    index = NoticeIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    if index is None:
        return None
    notices = index.latest_notices(HOME_NOTICES)
    return (index, notices) if notices else None
