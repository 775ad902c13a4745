"""Every change to course enrolments: enrol, join the waiting list, cancel, move up, remind.

Each function is atomic, locks the course row (``select_for_update``, where the database has it)
before counting places, writes an ``EnrolmentEvent`` and sends its email once the transaction has
committed, in the language the resident used. So two residents asking for the last place at the
same moment never both get it: the second waits for the first, then counts again.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from education import emails, tasks
from education.models import (
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    SessionReminder,
)
from portal.queue import people_waiting

logger = logging.getLogger(__name__)

LANGUAGES = {code for code, _name in settings.LANGUAGES}


class EnrolmentError(Exception):
    """A resident's request that cannot be done; ``str()`` is a translated explanation."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code


def _locked_course(course: CoursePage) -> CoursePage:
    """The source-language course, its row locked until the transaction ends."""
    source = course.source
    return CoursePage.objects.select_for_update(of=("self",)).get(pk=source.pk)


def _event(enrolment: Enrolment, action: str, actor) -> None:
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
    )


def _send_after_commit(enrolment_id: int, kind: str) -> None:
    transaction.on_commit(
        lambda: people_waiting(tasks.send_enrolment_email).enqueue(enrolment_id, kind)
    )


@transaction.atomic
def enrol(
    user: AbstractBaseUser,
    course: CoursePage,
    *,
    join_waiting_list: bool = False,
    language: str = "zh-hans",
    now: datetime.datetime | None = None,
) -> Enrolment:
    """Give ``user`` a place on ``course``, or a place on its waiting list when it is full and
    they asked for one. Raises ``EnrolmentError`` with a message for the resident otherwise."""
    if user is None or not user.is_authenticated:
        raise EnrolmentError(_("Please sign in to enrol."), code="anonymous")
    now = now or timezone.now()
    locked = _locked_course(course)
    if not locked.live:
        raise EnrolmentError(_("This course is not open for enrolment."), code="not_live")
    state = locked.enrolment_state(now)
    if state == "upcoming":
        raise EnrolmentError(
            _("Enrolment opens on %(date)s. Please come back then.")
            % {"date": timezone.localtime(locked.enrolment_opens).strftime("%Y-%m-%d %H:%M")},
            code="not_open",
        )
    if state == "closed":
        raise EnrolmentError(
            _("Enrolment for this course closed on %(date)s.")
            % {"date": timezone.localtime(locked.enrolment_closes).strftime("%Y-%m-%d %H:%M")},
            code="closed",
        )
    existing = Enrolment.objects.active().filter(course=locked, user=user).first()
    if existing is not None:
        if existing.is_waiting:
            raise EnrolmentError(
                _("You are already on the waiting list of this course."), code="already_waiting"
            )
        raise EnrolmentError(_("You are already enrolled in this course."), code="already")
    full = Enrolment.objects.enrolled().filter(course=locked).count() >= locked.capacity
    if full and not join_waiting_list:
        raise EnrolmentError(
            _(
                "This course is full. You can join the waiting list: you get a place "
                "automatically, and an email, as soon as someone cancels."
            ),
            code="full",
        )
    status = EnrolmentStatus.WAITING if full else EnrolmentStatus.ENROLLED
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                course=locked,
                user=user,
                status=status,
                language=language if language in LANGUAGES else "zh-hans",
                created_at=now,
            )
    except IntegrityError as error:  # only without row locks: a simultaneous second request
        raise EnrolmentError(
            _("You are already enrolled in this course."), code="already"
        ) from error
    _event(enrolment, "waitlisted" if full else "enrolled", user)
    _send_after_commit(enrolment.pk, "waiting" if full else "enrolled")
    return enrolment


@transaction.atomic
def cancel(
    user: AbstractBaseUser, course: CoursePage, *, now: datetime.datetime | None = None
) -> Enrolment:
    """Cancel ``user``'s place (or waiting-list place) on ``course``; a freed place goes to the
    first person on the waiting list, who is emailed."""
    if user is None or not user.is_authenticated:
        raise EnrolmentError(_("Please sign in to enrol."), code="anonymous")
    now = now or timezone.now()
    locked = _locked_course(course)
    enrolment = Enrolment.objects.active().filter(course=locked, user=user).first()
    if enrolment is None:
        raise EnrolmentError(
            _("You are not enrolled in this course, so there is nothing to cancel."),
            code="not_enrolled",
        )
    had_place = enrolment.status == EnrolmentStatus.ENROLLED
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.cancelled_at = now
    enrolment.save(update_fields=["status", "cancelled_at"])
    _event(enrolment, "cancelled", user)
    if had_place:
        fill_places(locked, now=now)
    return enrolment


def fill_places(course: CoursePage, *, now: datetime.datetime | None = None) -> list[Enrolment]:
    """Move people up from the waiting list while there are places (after a cancellation, or
    when officials raise the capacity). Call inside a transaction holding the course lock."""
    now = now or timezone.now()
    free = course.capacity - Enrolment.objects.enrolled().filter(course=course).count()
    promoted = []
    if free <= 0:
        return promoted
    for enrolment in Enrolment.objects.waiting().filter(course=course)[:free]:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.promoted_at = now
        enrolment.save(update_fields=["status", "promoted_at"])
        _event(enrolment, "promoted", None)
        _send_after_commit(enrolment.pk, "promoted")
        promoted.append(enrolment)
    return promoted


@transaction.atomic
def promote_waiting(course: CoursePage) -> list[Enrolment]:
    """Fill free places from the waiting list (e.g. after the capacity was raised)."""
    return fill_places(_locked_course(course))


def send_session_reminders(today: datetime.date | None = None) -> int:
    """Email every participant of every session taking place tomorrow, once per session and
    person; running it again the same day sends nothing new. Returns the number sent."""
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    sessions = CourseSession.objects.filter(
        date=tomorrow, page__live=True, page__locale__language_code="zh-hans"
    ).select_related("page")
    sent = 0
    for session in sessions:
        enrolments = Enrolment.objects.enrolled().filter(course_id=session.page_id)
        for enrolment in enrolments.exclude(reminders__session=session):
            try:
                with transaction.atomic():
                    SessionReminder.objects.create(enrolment=enrolment, session=session)
            except IntegrityError:  # another run reminded this person of this session just now
                continue
            emails.send_enrolment_email(enrolment.pk, "reminder", session_id=session.pk)
            sent += 1
    return sent
