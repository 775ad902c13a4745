"""Household verification: a resident asks to join a household, an official of its grid decides.

Each function is atomic, checks the actor's role and writes a ``ResidencyEvent``. Views and
forms validate input and call these; nothing else verifies a residency (the admin's residency
form records who verified, for corrections by hand).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from community.models import Grid, Household, Residency, ResidencyEvent

# A resident may ask this many times a day, with this many requests waiting at once.
REQUESTS_PER_DAY = 5
PENDING_AT_ONCE = 2


class VerificationError(Exception):
    """A request or decision that cannot be made; the message is translated for the person."""


def can_verify(user, grid: Grid) -> bool:
    """Officials verify the households of the grid they are responsible for; a few, of every grid."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.has_perm("community.verify_any_household"):
        return True
    return user.has_perm("community.change_residency") and grid.responsible_worker_id == user.pk


def grids_verified_by(user):
    """The grids whose requests ``user`` may decide."""
    if not user.is_authenticated or not user.is_active:
        return Grid.objects.none()
    if user.is_superuser or user.has_perm("community.verify_any_household"):
        return Grid.objects.all()
    if not user.has_perm("community.change_residency"):
        return Grid.objects.none()
    return Grid.objects.filter(responsible_worker=user)


def _event(residency: Residency, actor, action: str, reason: str = "") -> None:
    ResidencyEvent.objects.create(
        residency=residency,
        household_id=residency.household_id,
        actor=actor,
        action=action,
        reason=reason,
    )
    audit.record(
        audit.Action.HOUSEHOLD_VERIFICATION,
        actor=actor,
        obj=residency,
        detail={"step": action, "household": residency.household_id, "user": residency.user_id},
    )


def find_household(building_id: int, unit: int, room: str) -> Household | None:
    room = (room or "").strip().upper()
    return Household.objects.filter(building_id=building_id, unit=unit, room__iexact=room).first()


@transaction.atomic
def request_residency(user, household: Household, note: str = "") -> Residency:
    """The signed-in ``user`` asks to be recorded as living in ``household``."""
    if not user.is_authenticated:
        raise VerificationError(_("Please sign in first."))
    since = timezone.now() - datetime.timedelta(days=1)
    asked_today = ResidencyEvent.objects.filter(
        actor=user, action=ResidencyEvent.Action.REQUESTED, at__gte=since
    ).count()
    if asked_today >= REQUESTS_PER_DAY:
        raise VerificationError(
            _("You have sent too many requests today. Please try again tomorrow.")
        )
    if Residency.objects.filter(user=user).pending().count() >= PENDING_AT_ONCE:
        raise VerificationError(
            _("Please wait until the committee has decided on your earlier requests.")
        )
    existing = Residency.objects.filter(user=user, household=household).first()
    if existing is not None:
        if existing.verified:
            raise VerificationError(_("You are already a verified member of this household."))
        if existing.rejected_at is None:
            raise VerificationError(_("You have already asked to join this household."))
        # Asking again after a rejection: the same record goes back to the committee.
        existing.rejected_at = None
        existing.rejected_by = None
        existing.rejection_reason = ""
        existing.note = note
        existing.save(update_fields=["rejected_at", "rejected_by", "rejection_reason", "note"])
        _event(existing, user, ResidencyEvent.Action.REQUESTED, note)
        return existing
    try:
        with transaction.atomic():
            residency = Residency.objects.create(user=user, household=household, note=note)
    except IntegrityError as exc:  # the same request sent twice at once
        raise VerificationError(_("You have already asked to join this household.")) from exc
    _event(residency, user, ResidencyEvent.Action.REQUESTED, note)
    return residency


def _lock(residency: Residency) -> Residency:
    return (
        Residency.objects.select_for_update()
        .select_related("household__building__grid")
        .get(pk=residency.pk)
    )


@transaction.atomic
def verify_residency(official, residency: Residency, *, representative: bool = False) -> Residency:
    """An official confirms that the requester lives in the household."""
    residency = _lock(residency)
    if not can_verify(official, residency.household.building.grid):
        raise VerificationError(_("Only an official of this grid can verify its households."))
    if not residency.verified:
        residency.verified = True
        residency.verified_by = official
        residency.verified_at = timezone.now()
        residency.rejected_at = None
        residency.rejected_by = None
        residency.rejection_reason = ""
        residency.save()
        _event(residency, official, ResidencyEvent.Action.VERIFIED)
    if representative:
        residency = make_representative(official, residency)
    return residency


@transaction.atomic
def make_representative(official, residency: Residency) -> Residency:
    """The household's one representative (户代表), who casts its ballot where a poll asks."""
    residency = _lock(residency)
    if not can_verify(official, residency.household.building.grid):
        raise VerificationError(_("Only an official of this grid can verify its households."))
    if not residency.verified:
        raise VerificationError(_("Only a verified member can represent the household."))
    if residency.is_representative:
        return residency
    Residency.objects.filter(household_id=residency.household_id, is_representative=True).update(
        is_representative=False
    )
    residency.is_representative = True
    residency.save(update_fields=["is_representative"])
    _event(residency, official, ResidencyEvent.Action.REPRESENTATIVE)
    return residency


@transaction.atomic
def reject_residency(official, residency: Residency, reason: str) -> Residency:
    """An official turns a request down, or withdraws a verification, with a reason."""
    residency = _lock(residency)
    if not can_verify(official, residency.household.building.grid):
        raise VerificationError(_("Only an official of this grid can verify its households."))
    reason = (reason or "").strip()
    if not reason:
        raise VerificationError(_("Please give the resident a reason."))
    action = ResidencyEvent.Action.REVOKED if residency.verified else ResidencyEvent.Action.REJECTED
    residency.verified = False
    residency.verified_by = None
    residency.verified_at = None
    residency.is_representative = False
    residency.rejected_at = timezone.now()
    residency.rejected_by = official
    residency.rejection_reason = reason
    residency.save()
    _event(residency, official, action, reason)
    return residency
