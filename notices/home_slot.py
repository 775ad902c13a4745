"""The notices box on the home page: pinned notices first, then the latest."""

from wagtail.models import Locale

from notices.models import NoticeIndexPage
from portal.fragments import shared

HOME_NOTICES = 6


def latest_notices(request, page=None):
    # The same for every visitor: kept between requests until a publish (portal.fragments).
    found = shared(request, "home_notices", _latest_notices)
    if found is None:
        return None
    index, notices = found
    return {
        "template": "notices/includes/home_notices.html",
        "context": {"index": index, "notices": notices},
    }


def _latest_notices():
    index = NoticeIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    if index is None:
        return None
    notices = index.latest_notices(HOME_NOTICES)
    return (index, notices) if notices else None
