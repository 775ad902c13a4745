"""The "My household" box in "my portal"."""

from typing import Any

from community.models import Residency


def my_household(request, page=None) -> dict[str, Any] | None:
    """Slot "my_portal": the resident's households and the state of each request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    residencies = Residency.objects.filter(user=user).select_related("household__building__grid")
    return {
        "template": "community/includes/my_portal.html",
        "context": {"residencies": list(residencies)},
    }
