"""The "My complaints" box in "my portal"."""

from typing import Any

from complaints.models import Complaint


def my_complaints(request, page=None) -> dict[str, Any] | None:
    """Slot "my_portal": complaints the signed-in resident sent from their account."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    complaints = Complaint.objects.of_resident(user).order_by("-submitted_at")[:20]
    return {"template": "complaints/includes/my_portal.html", "context": {"complaints": complaints}}
