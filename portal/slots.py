"""Places on shared pages that content apps fill without those pages knowing them.

    from portal.slots import register_slot
    register_slot("home", latest_notices, order=10)      # in NoticesConfig.ready()

A provider takes the request (and the page, on Wagtail pages) and returns ``None`` when it has
nothing to show, or ``{"template": ..., "context": {...}}``, or ``{"html": ...}``: what it rendered
itself (escaped by Django's templates), for a part the same for everyone and kept between
requests (``portal.fragments``). ``{% slot "home" %}`` renders every
provider of a slot in order. Slots in use: ``home`` (the home page) and ``my_portal``; and
``main_menu``, whose providers return a link, ``{"title": ..., "url": ..., "current": bool}``,
for sections that are not pages; ``footer`` likewise (``{"title": ..., "url": ...}``).
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Provider = Callable[..., dict[str, Any] | None]
_slots: dict[str, list[tuple[int, Provider]]] = {}


def register_slot(slot: str, provider: Provider, order: int = 100) -> Provider:
    providers = _slots.setdefault(slot, [])
    if all(existing is not provider for _order, existing in providers):
        providers.append((order, provider))
        providers.sort(key=lambda item: item[0])
    return provider


def fill_slot(slot: str, request: HttpRequest, **kwargs: Any) -> list[dict[str, Any]]:
    filled = []
    for _order, provider in _slots.get(slot, []):
        result = provider(request, **kwargs)
        if result is not None:
            filled.append(result)
    return filled
