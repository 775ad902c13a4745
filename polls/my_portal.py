"""The "Polls" box in "my portal": open polls and whether the resident's household has voted."""

from typing import Any

from django.utils import timezone

from wagtail.models import Locale

from polls import services
from polls.models import PollPage


def my_polls(request, page=None) -> dict[str, Any] | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    now = timezone.now()
    polls = (
        PollPage.objects.live()
        .filter(locale=Locale.get_active(), opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at")[:20]
    )
    items = []
    for poll in polls:
        source = poll.source
        items.append(
            {
                "poll": poll,
                "voted": services.has_voted(source, user),
                "can_vote": bool(services.voting_residencies(source, user)),
            }
        )
    return {"template": "polls/includes/my_portal.html", "context": {"polls": items}}
