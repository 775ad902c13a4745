"""The "My courses" box in "my portal"."""

from typing import Any

from wagtail.models import Locale

from education.models import CoursePage, Enrolment


def my_courses(request, page=None) -> dict[str, Any] | None:
    """Slot "my_portal": the signed-in resident's courses and waiting-list places."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    enrolments = list(
        Enrolment.objects.active()
        .filter(user=user)
        .select_related("course")
        .prefetch_related("course__sessions")
        .order_by("-created_at")[:20]
    )
    # Show each course in the active language when it is translated (one query).
    locale = Locale.get_active()
    keys = [enrolment.course.translation_key for enrolment in enrolments]
    translated = {
        course.translation_key: course
        for course in CoursePage.objects.live().filter(translation_key__in=keys, locale=locale)
    }
    rows = [
        {
            "enrolment": enrolment,
            "course": translated.get(enrolment.course.translation_key, enrolment.course),
            "sessions": enrolment.course.sessions.all(),
        }
        for enrolment in enrolments
    ]
    return {"template": "education/includes/my_portal.html", "context": {"rows": rows}}
