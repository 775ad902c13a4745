"""The notice emails box in "my portal": what the resident receives, and a link to change it."""

from typing import Any

from django.conf import settings

from wagtail.models import Locale

from notices.models import NoticeCategory, Subscription


def subscription_state(subscription: Subscription | None) -> dict[str, Any]:
    """What a subscription sends, described in the active language."""
    active = subscription is not None and subscription.active
    categories: list[str] = []
    if active and not subscription.urgent_only:
        keys = subscription.categories.values("translation_key")
        categories = list(
            NoticeCategory.objects.filter(
                locale=Locale.get_active(), translation_key__in=keys
            ).values_list("name", flat=True)
        )
    languages = dict(settings.LANGUAGES)
    return {
        "subscription": subscription,
        "active": active,
        "urgent_only": active and subscription.urgent_only,
        "categories": categories,
        "language_name": languages.get(subscription.language, "") if subscription else "",
    }


def notice_subscription(request, page=None) -> dict[str, Any] | None:
    """Slot "my_portal": the signed-in resident's notice emails."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    subscription = Subscription.objects.filter(user=user).first()
    return {
        "template": "notices/includes/my_portal_subscription.html",
        "context": {"state": subscription_state(subscription)},
    }
