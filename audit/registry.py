"""Where content apps tell the audit log which of their fields point at the account that acted.

    from audit.registry import register_actor_field
    register_actor_field("complaints.ComplaintEvent", "actor")

``audit.services.has_acted`` looks through them; an account named there is deactivated instead
of deleted.
"""

from django.apps import apps

_ACTOR_FIELDS: list[tuple[str, str]] = []


def register_actor_field(model_label: str, field: str) -> None:
    if (model_label, field) not in _ACTOR_FIELDS:
        _ACTOR_FIELDS.append((model_label, field))


def actor_fields():
    for label, field in _ACTOR_FIELDS:
        yield apps.get_model(label), field
