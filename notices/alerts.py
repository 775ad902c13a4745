"""Urgent notices in the banner at the top of every page."""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from wagtail.models import Locale

from notices.models import URGENT_BANNER_FOR, NoticePage, Urgency
from portal.alerts import Alert
from portal.fragments import shared

MAX_ALERTS = 3


def urgent_notice_alerts(request) -> list[Alert]:
    """The banner's notices, the same for every visitor: kept between requests until a publish
    (portal.fragments), and at most PORTAL_FRAGMENT_CACHE_SECONDS once a week has passed."""
    return shared(request, "urgent_notices", lambda: _urgent_notice_alerts(request))


def _urgent_notice_alerts(request) -> list[Alert]:
    """Live urgent notices: for a week after publication, or while pinned.

    Each in the active language when translated; otherwise in the language it was written in
    (marked with ``lang``), because a burst main must reach English readers before anyone has
    had time to translate it. Wagtail's expiry (``expire_at``) ends them earlier: an expired
    notice is no longer live.
    """
    now = timezone.now()
    active = Locale.get_active()
    candidates = (
        NoticePage.objects.live()
        .public()
        .filter(urgency=Urgency.URGENT)
        .filter(Q(first_published_at__gte=now - URGENT_BANNER_FOR) | Q(pinned_until__gt=now))
        .select_related("locale")
        .order_by("-first_published_at")[: MAX_ALERTS * len(settings.WAGTAIL_CONTENT_LANGUAGES)]
    )
    chosen: dict = {}
    for notice in candidates:
        current = chosen.get(notice.translation_key)
        if current is None or notice.locale_id == active.pk:
            chosen[notice.translation_key] = notice
    notices = sorted(chosen.values(), key=lambda notice: notice.first_published_at, reverse=True)
    label = gettext("Urgent")
    return [
        Alert(
            title=notice.title,
            label=label,
            url=notice.get_url(request) or "",
            lang="" if notice.locale_id == active.pk else notice.locale.language_code,
        )
        for notice in notices[:MAX_ALERTS]
    ]
