"""Starting a complaint from another page: "ask about this guide", "ask about this entry".

The registry of the complaints intake (``complaints.intake``). An app registers, in its
``AppConfig.ready``, what a name means::

    register_prefill("service", guide_prefill)

A provider takes a value and returns what the complaint starts with, ``{"subject": ...,
"about_title": ..., "about_url": ...}``, or ``None`` when the value names nothing. Two ways in
use it:

- the complaint form, linked as ``/complaints/?<name>=<value>``: it starts with that subject and
  says what it is about (and starts empty when the provider answers ``None``);
- a short question page on the app's own address (``complaints.intake.question_view``): the
  provider also names the ``category`` (its slug) that answers and may add an ``intro``.

Complaints knows nothing of the apps that link to it.
"""

from collections.abc import Callable
from typing import TypedDict

from complaints.models import Complaint


class Prefill(TypedDict, total=False):
    subject: str
    about_title: str
    about_url: str
    category: str
    intro: str


Provider = Callable[[str], Prefill | None]
_providers: dict[str, Provider] = {}
SUBJECT_MAX = Complaint._meta.get_field("subject").max_length


def register_prefill(name: str, provider: Provider) -> Provider:
    _providers[name] = provider
    return provider


def prefill_from(query) -> Prefill:
    """What the registered providers make of a request's query string (the first that answers)."""
    for name, provider in _providers.items():
        value = query.get(name, "").strip()[:100]
        if not value:
            continue
        found = provider(value)
        if found:
            found = Prefill(**found)
            if "subject" in found:
                found["subject"] = found["subject"][:SUBJECT_MAX]
            return found
    return Prefill()


def provided(name: str, value: str) -> Prefill | None:
    """What the provider registered as ``name`` makes of ``value``."""
    provider = _providers.get(name)
    return provider(value) if provider is not None else None
