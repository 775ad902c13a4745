"""The complaints box on the home page: raise a problem, or follow one already raised."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _


def raise_a_problem(request, page=None) -> dict[str, Any]:
    return {"template": "complaints/includes/home_complaints.html", "context": {}}


def menu_link(request) -> dict[str, Any]:
    """The "Complaints" link of the main menu, current on every complaints page."""
    url = reverse("complaints:submit")
    return {"title": _("Complaints"), "url": url, "current": request.path.startswith(url)}
