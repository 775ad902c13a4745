"""Poll opening and closing in the audit log.

A poll opens and closes by its schedule; what officials do is publish it with that schedule,
change the schedule (closing it early), or withdraw it. Each of those is an audit entry with the
schedule it set. Connected in ``PollsConfig.ready``.
"""

from django.utils import timezone

from wagtail.signals import page_published, page_unpublished

from audit import services as audit


def _schedule(poll) -> dict[str, str]:
    return {"opens_at": poll.opens_at.isoformat(), "closes_at": poll.closes_at.isoformat()}


def poll_published(sender, instance, revision=None, **kwargs):
    actor = getattr(revision, "user", None) if revision is not None else None
    now = timezone.now()
    if instance.has_closed(now):
        action, state = audit.Action.POLL_CLOSED, "closed"
    else:
        action = audit.Action.POLL_OPENED
        state = "open" if instance.has_opened(now) else "scheduled"
    audit.record(action, actor=actor, obj=instance, detail={**_schedule(instance), "state": state})


def poll_unpublished(sender, instance, **kwargs):
    from audit.context import get_request

    request = get_request()
    audit.record(
        audit.Action.POLL_CLOSED,
        request=request,
        obj=instance,
        detail={**_schedule(instance), "state": "withdrawn"},
    )


def connect() -> None:
    from polls.models import PollPage

    page_published.connect(poll_published, sender=PollPage, dispatch_uid="polls_audit_published")
    page_unpublished.connect(
        poll_unpublished, sender=PollPage, dispatch_uid="polls_audit_unpublished"
    )
