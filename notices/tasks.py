"""Background work for notices (django-tasks): emails to subscribers, in batches."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from django_tasks import task

from portal.queue import people_waiting

logger = logging.getLogger(__name__)

# A round that nothing has moved on for this long lost its task: it is started again.
STALLED_AFTER = datetime.timedelta(minutes=15)


@task()
def send_notice_emails(notice_key: str, round_number: int) -> dict[str, int]:
    """Send one batch of a round's emails, then queue the next batch: at once while the mail
    server takes them, after a growing wait when it fails or only refused emails are left."""
    from notices.emails import send_batch, wait_before_retry

    batch = send_batch(notice_key, round_number, settings.NOTICE_EMAIL_BATCH_SIZE)
    if batch.remaining:
        if batch.error or not batch.sent:
            delay = wait_before_retry(notice_key, round_number, batch.error)
            queue_batch(notice_key, round_number, delay)
        else:
            queue_batch(notice_key, round_number, 0)
    return {"sent": batch.sent, "refused": batch.refused, "remaining": batch.remaining}


def queue_batch(notice_key: str, round_number: int, delay: int) -> None:
    if delay and not send_notice_emails.get_backend().supports_defer:
        # Tasks run at once (no worker): the round waits for the next `resume_notice_rounds`.
        logger.warning(
            "Notice %s round %s waits: no worker to try again in %s s",
            notice_key,
            round_number,
            delay,
        )
        return
    run_after = timezone.now() + datetime.timedelta(seconds=delay) if delay else None
    people_waiting(send_notice_emails).using(run_after=run_after).enqueue(notice_key, round_number)


def start_round(notice_key: str, round_number: int) -> None:
    """Queue a round's first batch; called when the publication commits. A queue that cannot be
    reached is logged and never fails the publication: ``resume_notice_rounds`` starts the round
    later."""
    try:
        people_waiting(send_notice_emails).enqueue(notice_key, round_number)
    except Exception:  # noqa: BLE001 - whatever the queue's error, the publish stands
        logger.exception("Notice %s round %s could not be queued yet", notice_key, round_number)


@task()
def resume_notice_rounds() -> int:
    """Start again the rounds whose task was lost (a queue outage at publication, a worker
    stopped halfway); the number started."""
    from notices.models import NotificationRound

    stalled = NotificationRound.objects.stalled(timezone.now() - STALLED_AFTER)
    count = 0
    for notice_key, number in stalled.values_list("notice_key", "number"):
        NotificationRound.objects.filter(notice_key=notice_key, number=number).update(
            updated_at=timezone.now()
        )
        people_waiting(send_notice_emails).enqueue(str(notice_key), number)
        count += 1
    return count
