"""Issuing and revoking partner API keys, and filing a complaint for a partner.

Filing goes through ``complaints.services.submit``, the one intake of the portal; this module only
records which key filed it and the token that finds it again.
"""

import logging
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from complaints import services as complaint_services
from complaints.open311.models import ApiKey, PartnerSubmission, digest

logger = logging.getLogger("complaints.open311.audit")

KEY_BYTES = 32


@dataclass(frozen=True)
class IssuedKey:
    api_key: ApiKey
    key: str  # shown once; only its digest is stored


def issue_key(name: str, *, actor=None, hourly_limit: int | None = None) -> IssuedKey:
    """A new key for the partner system ``name`` (unique among keys, revoked ones included)."""
    name = name.strip()
    if not name:
        raise ValueError("A key needs the name of the partner system")
    key = secrets.token_urlsafe(KEY_BYTES)
    with transaction.atomic():
        api_key = ApiKey(
            name=name,
            prefix=key[:8],
            key_hash=digest(key),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if hourly_limit is not None:
            api_key.hourly_limit = hourly_limit
        api_key.save()
    logger.info(
        "Open311 key %s… issued to %r by %s",
        api_key.prefix,
        api_key.name,
        getattr(actor, "pk", None) or "a management command",
    )
    return IssuedKey(api_key, key)


def revoke_key(api_key: ApiKey, *, actor=None) -> ApiKey:
    """The key stops working at once; it stays listed with the complaints it filed."""
    with transaction.atomic():
        api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
        if api_key.revoked_at is None:
            api_key.revoked_at = timezone.now()
            api_key.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
            api_key.save(update_fields=["revoked_at", "revoked_by"])
            logger.info(
                "Open311 key %s… of %r revoked by %s",
                api_key.prefix,
                api_key.name,
                getattr(actor, "pk", None) or "a management command",
            )
    return api_key


def authenticate(key: str) -> ApiKey | None:
    """The active key with this value, or ``None``."""
    if not key:
        return None
    api_key = ApiKey.objects.active().filter(key_hash=digest(key)).first()
    if api_key is not None:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
    return api_key


def submission_key(api_key: ApiKey, idempotency_key: str) -> str:
    """The complaint form's idempotency token for a partner's request.

    Keys of different partners never meet: the partner's own key is namespaced by the API key
    and hashed to the token's length. Without one, every POST is a new complaint.
    """
    if not idempotency_key:
        return complaint_services.new_submission_key()
    return "open311-" + digest(f"{api_key.pk}:{idempotency_key}")[:48]


def record(complaint, api_key: ApiKey) -> PartnerSubmission:
    """The partner record of a complaint, made once (a repeat finds the first)."""
    existing = PartnerSubmission.objects.filter(complaint=complaint).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return PartnerSubmission.objects.create(
                complaint=complaint, api_key=api_key, token=secrets.token_urlsafe(18)
            )
    except IntegrityError:
        return PartnerSubmission.objects.get(complaint=complaint)
