"""Residents' actions on a course page (served through the page's routes): enrol, cancel, .ics."""

import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from education import services
from education.models import CoursePage, Enrolment


def _back(course: CoursePage) -> HttpResponse:
    return redirect(course.url + "#enrolment")


def enrol(request: HttpRequest, course: CoursePage) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    join = request.POST.get("waiting_list") == "1"
    try:
        enrolment = services.enrol(
            request.user, course, join_waiting_list=join, language=get_language()
        )
    except services.EnrolmentError as error:
        messages.error(request, str(error))
        return _back(course)
    if enrolment.is_waiting:
        messages.success(
            request,
            _(
                "You are on the waiting list (number %(position)s). We will email you if a place "
                "comes free."
            )
            % {"position": enrolment.waiting_position()},
        )
    else:
        messages.success(request, _("You are enrolled. A confirmation email is on its way."))
    return _back(course)


def cancel(request: HttpRequest, course: CoursePage) -> HttpResponse:
    """GET: a page that asks first (no pop-up, nothing happens on one tap); POST: cancel."""
    if request.method not in {"GET", "POST"}:
        return HttpResponseNotAllowed(["GET", "POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    if request.method == "GET":
        enrolment = (
            Enrolment.objects.active().filter(course=course.source, user=request.user).first()
        )
        if enrolment is None:
            return _back(course)
        return render(
            request,
            "education/cancel_confirm.html",
            {"page": course, "course": course, "enrolment": enrolment},
        )
    try:
        services.cancel(request.user, course)
    except services.EnrolmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your enrolment is cancelled."))
    return _back(course)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: lines longer than 75 octets continue on the next line after a space."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > 75:
            out.append(current.decode())
            current = b" "
        current += encoded
    out.append(current.decode())
    return "\r\n".join(out)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_text(course: CoursePage, url: str) -> str:
    """The course's sessions as an iCalendar file (one event per session)."""
    stamp = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Community portal//Courses//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(course.title)}",
    ]
    for session in course.sessions.all():
        start, end = session.times()
        lines += [
            "BEGIN:VEVENT",
            f"UID:course-{course.translation_key}-{session.date:%Y%m%d}-{session.start:%H%M}"
            "@community-portal",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(start)}",
            f"DTEND:{_utc(end)}",
            f"SUMMARY:{_escape(course.title)}",
            f"LOCATION:{_escape(course.venue)}",
            f"DESCRIPTION:{_escape(course.summary or '')}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def calendar(request: HttpRequest, course: CoursePage) -> HttpResponse:
    response = HttpResponse(
        calendar_text(course, request.build_absolute_uri(course.url)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="course-{course.pk}.ics"'
    return response
