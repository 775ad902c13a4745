"""Emails to residents about their courses, in the language they enrolled in.

Kinds: ``enrolled`` (a place), ``waiting`` (on the waiting list), ``promoted`` (moved up from
the waiting list to a place) and ``reminder`` (a session tomorrow).
"""

import logging
import smtplib

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from wagtail.models import Locale

from education.models import CoursePage, CourseSession, Enrolment
from portal.links import absolute

logger = logging.getLogger(__name__)

KINDS = ("enrolled", "waiting", "promoted", "reminder")


def course_in(course: CoursePage, language: str) -> CoursePage:
    """The course's page in ``language`` when it is translated and live, else the source."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or course.locale_id == locale.pk:
        return course
    translated = (
        CoursePage.objects.live()
        .filter(translation_key=course.translation_key, locale=locale)
        .first()
    )
    return translated or course


def send_enrolment_email(enrolment_id: int, kind: str, session_id: int | None = None) -> bool:
    """Email one resident about one change; ``False`` when there is no address or it failed."""
    if kind not in KINDS:
        raise ValueError(kind)
    enrolment = Enrolment.objects.select_related("user", "course").get(pk=enrolment_id)
    if not enrolment.user.email:
        return False
    with translation.override(enrolment.language):
        course = course_in(enrolment.course, enrolment.language)
        context = {
            "enrolment": enrolment,
            "course": course,
            "name": enrolment.user.get_short_name(),
            "url": absolute(course.get_url()),
            "sessions": list(course.sessions.all()),
            "session": CourseSession.objects.get(pk=session_id) if session_id else None,
        }
        subject = " ".join(render_to_string(f"education/email/{kind}_subject.txt", context).split())
        body = render_to_string(f"education/email/{kind}_body.txt", context)
    try:
        send_mail(subject, body, None, [enrolment.user.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not email enrolment %s (%s)", enrolment_id, kind)
        return False
    return True
