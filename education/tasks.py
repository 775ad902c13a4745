"""Background work for courses (django-tasks): enrolment emails and session reminders."""

from django_tasks import task


@task()
def send_enrolment_email(enrolment_id: int, kind: str) -> bool:
    """Email a resident that they have a place, are waiting, or moved up from the list."""
    from education.emails import send_enrolment_email as send

    return send(enrolment_id, kind)


@task()
def send_session_reminders() -> int:
    """Remind every participant of tomorrow's sessions (as ``manage.py education_reminders``);
    idempotent. Returns the number of reminders sent."""
    from education.services import send_session_reminders as send

    return send()
