"""The complaints box on the home page: raise a problem, or follow one already raised."""

from typing import Any


def raise_a_problem(request, page=None) -> dict[str, Any]:
    return {"template": "complaints/includes/home_complaints.html", "context": {}}
