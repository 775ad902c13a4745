"""Starting the complaint form from another page: "ask about this guide".

An app links to ``/complaints/?<name>=<value>`` and registers, in its ``AppConfig.ready``, what
that means::

    register_prefill("service", guide_prefill)

A provider takes the value and returns what the form starts with, ``{"subject": ...,
"about_title": ..., "about_url": ...}``, or ``None`` when the value names nothing (the form then
starts empty). Complaints knows nothing of the apps that link to it.
"""

from collections.abc import Callable
from typing import TypedDict

from complaints.models import Complaint


class Prefill(TypedDict, total=False):
    subject: str
    about_title: str
    about_url: str


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
