"""The complaints box on the home page (raise a problem, follow one already raised), and the
links to the complaints section in the main menu and the footer."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def raise_a_problem(request, page=None) -> dict[str, Any]:
    return {"template": "complaints/includes/home_complaints.html", "context": {}}


def menu_link(request) -> dict[str, Any]:
    """The "Complaints" link of the main menu, current on every complaints page."""
    url = reverse("complaints:submit")
    return {"title": _("Complaints"), "url": url, "current": request.path.startswith(url)}


def answers_link(request) -> dict[str, Any]:
    """Footer: the published answers (领导信箱)."""
    return {"title": _("Published answers"), "url": reverse("complaints:answers")}


def statistics_link(request) -> dict[str, Any]:
    """Footer: how well and how fast the committee answers."""
    return {"title": _("Complaint statistics"), "url": reverse("complaints:statistics")}
