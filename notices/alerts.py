"""Urgent notices in the banner at the top of every page."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from wagtail.models import Locale

from notices.models import URGENT_BANNER_FOR, NoticePage, Urgency
from portal.alerts import Alert

MAX_ALERTS = 3


def urgent_notice_alerts(request) -> list[Alert]:
    """Live urgent notices of the active language: for a week after publication, or while pinned.

    Wagtail's expiry (``expire_at``) ends them earlier: an expired notice is no longer live.
    """
    now = timezone.now()
    notices = (
        NoticePage.objects.live()
        .public()
        .filter(locale=Locale.get_active(), urgency=Urgency.URGENT)
        .filter(Q(first_published_at__gte=now - URGENT_BANNER_FOR) | Q(pinned_until__gt=now))
        .order_by("-first_published_at")[:MAX_ALERTS]
    )
    label = gettext("Urgent")
    return [
        Alert(title=notice.title, label=label, url=notice.get_url(request) or "")
        for notice in notices
    ]
