"""Background work for notices (django-tasks): emails to subscribers."""

from django_tasks import task


@task()
def send_notice_emails(notice_key: str, round_number: int) -> int:
    """Email every subscriber who wants this notice, once per round. Returns the number sent."""
    from notices.emails import send_round

    return send_round(notice_key, round_number)
