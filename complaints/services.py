"""Every change to a complaint: submission and each step of the workflow.

Each function is atomic, checks the actor's role, writes a ``ComplaintEvent`` and, once the
transaction commits, tells the resident (``complaints.notify``). The states (DESIGN.md):

    submitted -> accepted | rejected | transferred
    transferred -> accepted | rejected | transferred   (the receiving department decides)
    accepted -> assigned -> in progress -> answered -> closed
    answered -> reopened (resident dissatisfied) -> in progress (or assigned again)

Views and forms validate input and call these; nothing else writes a complaint's status.
"""

import datetime
import hashlib
import hmac
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import services as audit
from community.models import Building, Grid
from complaints import notify
from complaints.images import CleanPhoto
from complaints.models import (
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintPhoto,
    ComplaintReply,
    Owner,
    Rating,
    RatingValue,
    ReplyChannel,
    Status,
    TrackingCounter,
    tracking_number,
)
from complaints.permissions import can_handle, is_official
from complaints.storage import private_storage
from complaints.workdays import TZ, deadline_for

logger = logging.getLogger(__name__)

SOURCE_LANGUAGE = "zh-hans"


class TransitionError(Exception):
    """The complaint is not in a state that allows this step."""


# -- secrets ------------------------------------------------------------------------------------


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_submission_key() -> str:
    """The hidden idempotency token of one complaint form."""
    return secrets.token_urlsafe(24)


def secret_for(submission_key: str) -> str:
    """The tracking secret of the complaint submitted with this key.

    Derived with the site's secret key so a retried submission can show the same confirmation
    page again; only hashes of the key and of the secret are stored.
    """
    from django.utils.crypto import salted_hmac

    digest = salted_hmac("complaints.secret", submission_key, algorithm="sha256").digest()
    number = int.from_bytes(digest, "big")
    characters = []
    for _ in range(SECRET_LENGTH):
        number, index = divmod(number, len(SECRET_ALPHABET))
        characters.append(SECRET_ALPHABET[index])
    return "".join(characters)


# Eight characters a resident can read aloud over the phone and type on a phone keypad: capital
# letters and digits without the ones that look or sound alike (0/O/D/Q, 1/I/L, 2/Z, 5/S, 8/B,
# U/V): 21 characters, 8 of them, about 3.8 x 10^10 secrets against the few guesses an hour the
# tracking form allows (``complaints.ratelimit``).
SECRET_ALPHABET = "34679ACEFGHJKMNPRTWXY"  # noqa: S105 - an alphabet, not a secret
SECRET_LENGTH = 8


def normalize_secret(secret: str) -> str:
    """What the resident typed, as stored: spaces and dashes dropped, capitals."""
    return "".join(secret.split()).replace("-", "").upper()


def display_secret(secret: str) -> str:
    """The secret in two groups of four (``K7MX 4PQR``) for reading aloud; old secrets unchanged."""
    if len(secret) == SECRET_LENGTH:
        return f"{secret[:4]} {secret[4:]}"
    return secret


def check_secret(complaint: Complaint, secret: str) -> bool:
    """Whether ``secret`` opens the complaint: typed with spaces or in small letters, or an older
    24-character secret exactly as it was handed out."""
    secret = secret or ""
    matches = hmac.compare_digest(complaint.secret_hash, _digest(normalize_secret(secret)))
    older = hmac.compare_digest(complaint.secret_hash, _digest(secret.strip()))
    return matches or older


def find_by_submission_key(submission_key: str) -> Complaint | None:
    return Complaint.objects.filter(submission_key_hash=_digest(submission_key)).first()


def find_tracked(number: str, secret: str) -> Complaint | None:
    """The complaint with this number when the secret matches; ``None`` whichever was wrong."""
    complaint = Complaint.objects.filter(number=(number or "").strip().upper()).first()
    if complaint is None:
        _digest(secret or "")  # about the same work whether or not the number exists
        return None
    return complaint if check_secret(complaint, secret) else None


# -- helpers ------------------------------------------------------------------------------------


def _next_number(year: int) -> str:
    TrackingCounter.objects.get_or_create(year=year)
    counter = TrackingCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return tracking_number(year, counter.last)


def _source_category(category: ComplaintCategory) -> ComplaintCategory:
    """Complaints keep the category in the source language; pages show its translation."""
    if category.locale.language_code == SOURCE_LANGUAGE:
        return category
    return (
        ComplaintCategory.objects.filter(
            translation_key=category.translation_key, locale__language_code=SOURCE_LANGUAGE
        ).first()
        or category
    )


def _lock(complaint: Complaint) -> Complaint:
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("category", "grid")
        .get(pk=complaint.pk)
    )
    return locked


def _require_role(actor, complaint: Complaint) -> None:
    if not can_handle(actor, complaint):
        raise PermissionDenied("No role on this complaint")


def _require_status(complaint: Complaint, *allowed: str) -> None:
    if complaint.status not in allowed:
        raise TransitionError(f"{complaint.number} is {complaint.status}, not one of {allowed}")


def _move(
    complaint: Complaint,
    actor,
    action: str,
    to_status: str,
    *,
    note: str = "",
    public: bool = True,
    notify_resident: bool = True,
    extra_fields: Sequence[str] = (),
) -> ComplaintEvent:
    from_status = complaint.status
    complaint.status = to_status
    complaint.save(update_fields=["status", "updated_at", *extra_fields])
    event = ComplaintEvent.objects.create(
        complaint=complaint,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        public=public,
    )
    _audit_status(complaint, actor, action, from_status, to_status)
    if public and notify_resident:
        transaction.on_commit(lambda: notify.status_changed(event.pk))
    return event


def _audit_status(complaint: Complaint, actor, action: str, from_status: str, to_status: str):
    """The audit log's copy of a state change (the event table is the complaint's own story)."""
    audit.record(
        audit.Action.COMPLAINT_STATUS,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        obj=complaint,
        object_repr=complaint.number,
        detail={"step": action, "from": from_status, "to": to_status},
    )


# -- submission ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    complaint: Complaint
    secret: str
    created: bool


def submit(
    *,
    submission_key: str,
    category: ComplaintCategory,
    subject: str,
    description: str,
    grid: Grid | None = None,
    building: Building | None = None,
    address: str = "",
    channel: str = Channel.WEB,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    anonymous: bool = False,
    consent_to_publish: bool = False,
    reply_channel: str = ReplyChannel.ONLINE,
    language: str = SOURCE_LANGUAGE,
    user=None,
    entered_by=None,
    photos: Sequence[CleanPhoto] = (),
) -> Submission:
    """Record a complaint once per ``submission_key``; a repeat returns the first one.

    Residents submit on the web, partner systems through Open311 (``Channel.OPEN311``); officials
    enter hotline, mailbox and window complaints through this same function (``entered_by``,
    with that channel). Photo files are written inside the transaction and removed again if it
    does not commit, so a failure leaves nothing behind.
    """
    if entered_by is not None:
        if not is_official(entered_by):
            raise PermissionDenied("Only officials enter complaints for residents")
    elif channel not in (Channel.WEB, Channel.OPEN311):
        raise PermissionDenied("Residents submit on the web or through a partner system")
    secret = secret_for(submission_key)
    existing = find_by_submission_key(submission_key)
    if existing is not None:
        return Submission(existing, secret, created=False)
    if building is not None:
        grid = building.grid
    if anonymous:
        contact_name = ""
        user = None if entered_by is None else user
    written: list[str] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            category = _source_category(category)
            complaint = Complaint.objects.create(
                number=_next_number(now.astimezone(TZ).year),
                secret_hash=_digest(secret),
                submission_key_hash=_digest(submission_key),
                category=category,
                subject=subject,
                description=description,
                grid=grid,
                building=building,
                address=address,
                channel=channel,
                user=user if user is not None and user.is_authenticated else None,
                entered_by=entered_by,
                contact_name=contact_name,
                contact_phone=contact_phone,
                contact_email=contact_email,
                anonymous=anonymous,
                consent_to_publish=consent_to_publish,
                reply_channel=reply_channel,
                language=language,
                deadline=deadline_for(now, category.deadline_days),
                submitted_at=now,
            )
            for photo in photos:
                record = ComplaintPhoto(
                    complaint=complaint,
                    content_type=photo.content_type,
                    width=photo.width,
                    height=photo.height,
                )
                record.file.save(f"photo.{photo.extension}", ContentFile(photo.content), save=False)
                written.append(record.file.name)
                record.save()
            ComplaintEvent.objects.create(
                complaint=complaint,
                actor=entered_by or (user if user is not None and user.is_authenticated else None),
                action="submit",
                to_status=Status.SUBMITTED,
                note="",
                public=True,
                created_at=now,
            )
            _audit_status(
                complaint,
                None if anonymous and entered_by is None else (entered_by or user),
                "submit",
                "",
                Status.SUBMITTED,
            )
            transaction.on_commit(lambda: notify.submitted(complaint.pk, secret))
    except IntegrityError:
        _remove(written)
        existing = find_by_submission_key(submission_key)
        if existing is None:
            raise
        return Submission(existing, secret, created=False)
    except BaseException:
        _remove(written)
        raise
    return Submission(complaint, secret, created=True)


def _remove(names: list[str]) -> None:
    for name in names:
        try:
            private_storage.delete(name)
        except OSError:
            logger.exception("Could not remove photo %s of a failed submission", name)


# -- the workflow -------------------------------------------------------------------------------


@transaction.atomic
def accept(complaint: Complaint, actor, *, note: str = "") -> Complaint:
    """Accept the complaint and route it: to the grid worker of its location, else to the
    department of its category (or the department it was transferred to)."""
    complaint = _lock(complaint)
    _require_role(actor, complaint)
    _require_status(complaint, Status.SUBMITTED, Status.TRANSFERRED)
    category = complaint.category
    if complaint.status == Status.SUBMITTED:
        complaint.department = category.department
    _move(complaint, actor, "accept", Status.ACCEPTED, note=note, extra_fields=["department"])
    worker = complaint.grid.responsible_worker if complaint.grid else None
    if (
        category.owner == Owner.GRID
        and complaint.department_id == category.department_id
        and worker is not None
        and worker.is_active
    ):
        complaint.assignee = worker
        _move(complaint, actor, "assign", Status.ASSIGNED, extra_fields=["assignee"])
    return complaint


@transaction.atomic
def reject(complaint: Complaint, actor, *, reason: str) -> Complaint:
    if not reason.strip():
        raise ValueError("A rejection needs a reason for the resident")
    complaint = _lock(complaint)
    _require_role(actor, complaint)
    _require_status(complaint, Status.SUBMITTED, Status.TRANSFERRED)
    complaint.closed_at = timezone.now()
    _move(complaint, actor, "reject", Status.REJECTED, note=reason, extra_fields=["closed_at"])
    return complaint


@transaction.atomic
def transfer(complaint: Complaint, actor, *, department: Group, note: str = "") -> Complaint:
    """Send the complaint to another department, which accepts or rejects it in turn."""
    complaint = _lock(complaint)
    _require_role(actor, complaint)
    _require_status(
        complaint, Status.SUBMITTED, Status.TRANSFERRED, Status.ACCEPTED, Status.ASSIGNED
    )
    complaint.department = department
    complaint.assignee = None
    _move(
        complaint,
        actor,
        "transfer",
        Status.TRANSFERRED,
        note=note,
        extra_fields=["department", "assignee"],
    )
    return complaint


@transaction.atomic
def assign(complaint: Complaint, actor, *, assignee, note: str = "") -> Complaint:
    """Give the complaint to an official (also to reassign it)."""
    complaint = _lock(complaint)
    _require_role(actor, complaint)
    _require_status(
        complaint, Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED
    )
    if not is_official(assignee):
        raise PermissionDenied("Complaints are assigned to officials only")
    complaint.assignee = assignee
    _move(complaint, actor, "assign", Status.ASSIGNED, note=note, extra_fields=["assignee"])
    return complaint


@transaction.atomic
def start(complaint: Complaint, actor, *, note: str = "") -> Complaint:
    complaint = _lock(complaint)
    _require_role(actor, complaint)
    _require_status(complaint, Status.ASSIGNED, Status.REOPENED)
    if complaint.assignee_id is None:
        complaint.assignee = actor
    _move(complaint, actor, "start", Status.IN_PROGRESS, note=note, extra_fields=["assignee"])
    return complaint


@transaction.atomic
def answer(complaint: Complaint, actor, *, body: str) -> ComplaintReply:
    """The answer to the resident; they may then rate it."""
    if not body.strip():
        raise ValueError("An answer needs text")
    complaint = _lock(complaint)
    _require_role(actor, complaint)
    _require_status(complaint, Status.IN_PROGRESS)
    reply = ComplaintReply.objects.create(complaint=complaint, author=actor, body=body, public=True)
    complaint.answered_at = reply.created_at
    _move(complaint, actor, "answer", Status.ANSWERED, extra_fields=["answered_at"])
    return reply


@transaction.atomic
def add_note(complaint: Complaint, actor, *, body: str, public: bool = False) -> ComplaintReply:
    """An officials' internal note, or (public) a progress message to the resident."""
    complaint = _lock(complaint)
    _require_role(actor, complaint)
    reply = ComplaintReply.objects.create(
        complaint=complaint, author=actor, body=body, public=public
    )
    ComplaintEvent.objects.create(
        complaint=complaint,
        actor=actor,
        action="reply" if public else "note",
        from_status=complaint.status,
        to_status=complaint.status,
        public=public,
    )
    return reply


def _reopen(complaint: Complaint, actor, note: str) -> None:
    now = timezone.now()
    complaint.deadline = deadline_for(now, complaint.category.deadline_days)
    complaint.closed_at = None
    _move(
        complaint,
        actor,
        "reopen",
        Status.REOPENED,
        note=note,
        extra_fields=["deadline", "closed_at"],
    )


@transaction.atomic
def reopen(complaint: Complaint, actor, *, note: str = "") -> Complaint:
    """An official reopens an answered complaint (the resident does it by rating)."""
    complaint = _lock(complaint)
    _require_role(actor, complaint)
    _require_status(complaint, Status.ANSWERED)
    _reopen(complaint, actor, note)
    return complaint


@transaction.atomic
def close(complaint: Complaint, actor, *, note: str = "") -> Complaint:
    complaint = _lock(complaint)
    _require_role(actor, complaint)
    _require_status(complaint, Status.ANSWERED)
    complaint.closed_at = timezone.now()
    _move(complaint, actor, "close", Status.CLOSED, note=note, extra_fields=["closed_at"])
    return complaint


@transaction.atomic
def rate(complaint: Complaint, *, value: str, comment: str = "", user=None) -> Rating:
    """The resident's rating of the answer (the caller has checked they are the complainant).

    Satisfied or basically satisfied closes the complaint; dissatisfied reopens it for its owner
    with a new deadline.
    """
    complaint = _lock(complaint)
    _require_status(complaint, Status.ANSWERED)
    rating = Rating.objects.create(complaint=complaint, value=value, comment=comment)
    actor = user if user is not None and user.is_authenticated else None
    if complaint.anonymous:
        actor = None  # the timeline must not name the resident who rated an anonymous complaint
    if value == RatingValue.DISSATISFIED:
        _reopen(complaint, actor, comment)
    else:
        complaint.closed_at = timezone.now()
        _move(complaint, actor, "rate", Status.CLOSED, note="", extra_fields=["closed_at"])
    return rating


# -- overdue complaints -------------------------------------------------------------------------

ESCALATE = "escalate"


def escalation_due(complaint: Complaint, now: datetime.datetime | None = None) -> bool:
    """Open, and overdue by more than its category's "escalate after" days (calendar days)."""
    now = now or timezone.now()
    limit = datetime.timedelta(days=complaint.category.escalate_after_days)
    return complaint.is_open and now - complaint.deadline > limit


def already_escalated(complaint: Complaint) -> bool:
    """Escalated since its current deadline passed (a reopened complaint gets a new deadline
    and may be escalated again when that one passes too)."""
    return complaint.events.filter(action=ESCALATE, created_at__gte=complaint.deadline).exists()


def escalate(complaint: Complaint, now: datetime.datetime | None = None) -> ComplaintEvent | None:
    """Record that the complaint went to the supervisors; ``None`` when it is not due or was
    escalated already. The status does not change and the resident is not told."""
    now = now or timezone.now()
    with transaction.atomic():
        complaint = _lock(complaint)
        if not escalation_due(complaint, now) or already_escalated(complaint):
            return None
        return ComplaintEvent.objects.create(
            complaint=complaint,
            actor=None,
            action=ESCALATE,
            from_status=complaint.status,
            to_status=complaint.status,
            note="",
            public=False,
            created_at=now,
        )


# -- retention ----------------------------------------------------------------------------------

ANONYMISED_FIELDS = {
    "subject": "",
    "description": "",
    "address": "",
    "contact_name": "",
    "contact_phone": "",
    "contact_email": "",
    "user": None,
}


def anonymise(complaint: Complaint, *, now: datetime.datetime | None = None) -> bool:
    """Remove a finished complaint's personal data; keep what statistics count.

    Gone: the resident's words (subject, description, replies, notes, rating comments), name,
    phone, email, address, account link and photos (files deleted after the commit). Kept:
    number, category, grid and building, channel, dates, status, deadline, the workflow steps
    and the rating values. ``False`` when the complaint is not due (still open, anonymised
    already, or closed within the retention period).
    """
    from complaints.models import FINISHED_STATUSES, retention_cutoff

    now = now or timezone.now()
    with transaction.atomic():
        complaint = _lock(complaint)
        if (
            complaint.anonymised_at is not None
            or complaint.status not in FINISHED_STATUSES
            or complaint.closed_at is None
            or complaint.closed_at >= retention_cutoff(now)
        ):
            return False
        photos = list(complaint.photos.values_list("file", flat=True))
        for field, value in ANONYMISED_FIELDS.items():
            setattr(complaint, field, value)
        complaint.anonymised_at = now
        complaint.save(update_fields=[*ANONYMISED_FIELDS, "anonymised_at", "updated_at"])
        complaint.photos.all().delete()
        complaint.replies.update(body="")
        complaint.events.update(note="")
        complaint.ratings.update(comment="")
        audit.record(
            audit.Action.COMPLAINT_ANONYMISED,
            actor=None,
            actor_label="retention",
            obj=complaint,
            object_repr=complaint.number,
            detail={
                "closed_at": complaint.closed_at.isoformat(),
                "retention_months": _retention_months(),
                "photos_deleted": len(photos),
            },
            at=now,
        )
        transaction.on_commit(lambda: _remove(photos))
    return True


def _retention_months() -> int:
    from django.conf import settings

    return settings.COMPLAINTS_RETENTION_MONTHS


def anonymise_expired(now: datetime.datetime | None = None, limit: int | None = None) -> int:
    """Anonymise every complaint finished more than ``COMPLAINTS_RETENTION_MONTHS`` ago; the
    number anonymised. Safe to run twice, and to stop halfway: each complaint is one
    transaction."""
    now = now or timezone.now()
    due = Complaint.objects.due_for_anonymisation(now).order_by("closed_at", "pk")
    if limit is not None:
        due = due[:limit]
    return sum(anonymise(complaint, now=now) for complaint in list(due))
