"""Background work for complaints (django-tasks): news to the resident, the overdue digest."""

from django_tasks import task


@task()
def send_status_notice(event_id: int) -> None:
    """Email (or text) the resident about one public step of their complaint."""
    from complaints.notify import send_status_notice_now

    send_status_notice_now(event_id)


@task()
def send_overdue_digest() -> int:
    """Escalate overdue complaints and email the digests (as ``manage.py complaints_digest``);
    the number of complaints escalated."""
    from complaints.digest import run

    return len(run().escalated)


@task()
def anonymise_expired() -> int:
    """The retention rule, for a scheduler to run once a day (as ``manage.py
    anonymise_complaints``): remove the personal data of complaints finished more than
    ``COMPLAINTS_RETENTION_MONTHS`` ago; the number anonymised."""
    from complaints import services

    return services.anonymise_expired()
