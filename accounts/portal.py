"""Panels on "my portal": each app contributes its own through ``register_panel``.

A panel is a callable taking the request and returning ``None`` (nothing to show) or a dict with
``template`` and ``context``. Apps register in ``AppConfig.ready``; accounts imports no content app.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Panel = Callable[[HttpRequest], dict[str, Any] | None]
_panels: list[tuple[int, Panel]] = []


def register_panel(panel: Panel, order: int = 100) -> Panel:
    if all(existing is not panel for _, existing in _panels):
        _panels.append((order, panel))
        _panels.sort(key=lambda item: item[0])
    return panel


def my_portal_panels(request: HttpRequest) -> list[dict[str, Any]]:
    rendered = []
    for _order, panel in _panels:
        result = panel(request)
        if result is not None:
            rendered.append(result)
    return rendered
