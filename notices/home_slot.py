"""The notices box on the home page: pinned notices first, then the latest."""

from wagtail.models import Locale

from notices.models import NoticeIndexPage

HOME_NOTICES = 6


def latest_notices(request, page=None):
    index = NoticeIndexPage.objects.live().filter(locale=Locale.get_active()).first()
    if index is None:
        return None
    notices = list(index.current_notices()[:HOME_NOTICES])
    if not notices:
        return None
    return {
        "template": "notices/includes/home_notices.html",
        "context": {"index": index, "notices": notices},
    }
