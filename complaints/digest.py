"""The daily round of overdue complaints: escalation to the supervisors, then the digests.

``run()`` is called by ``manage.py complaints_digest`` (from cron, once a day) and by the task
``complaints.tasks.send_overdue_digest``. It can run any number of times: a complaint is
escalated once per overdue period (``services.escalate``), and a digest is only a reminder.

- Each complaint overdue by more than its category's *escalate after* days gets an internal
  ``escalate`` event, and the members of the **Supervisors** group get one email listing the
  complaints escalated in this run.
- Each official gets one email listing *their* overdue complaints (``Complaint.objects
  .responsible``), in the language of their admin account (Account settings → Language), or the
  site's default language.
"""

import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.users.models import UserProfile

from complaints import services
from complaints.models import Complaint
from complaints.notify import translated
from portal.links import base_url

logger = logging.getLogger(__name__)

SUPERVISORS = "Supervisors"


@dataclass
class Round:
    escalated: list[Complaint] = field(default_factory=list)
    digests: int = 0
    supervisors_told: int = 0


def language_of(user) -> str:
    return UserProfile.get_for_user(user).get_preferred_language() or settings.LANGUAGE_CODE


def _admin_url(complaint: Complaint) -> str:
    return f"{base_url()}{reverse('complaints_admin:inspect', args=[complaint.pk])}"


def _send(user, template: str, context: dict) -> bool:
    language = language_of(user)
    with translation.override(language):
        rows = [
            {
                "complaint": complaint,
                "category": translated(complaint.category, language),
                "url": _admin_url(complaint),
            }
            for complaint in context["complaints"]
        ]
        context = {**context, "user": user, "rows": rows}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send %s to user %s", template, user.pk)
        return False
    return True


def escalate_overdue(now=None) -> list[Complaint]:
    """Escalate every complaint that is due for it; the ones escalated now."""
    now = now or timezone.now()
    escalated = []
    candidates = Complaint.objects.overdue(now).select_related("category").order_by("deadline")
    for complaint in candidates:
        if services.escalation_due(complaint, now) and services.escalate(complaint, now):
            escalated.append(complaint)
    return escalated


def supervisors():
    return (
        get_user_model()
        .objects.filter(groups__name=SUPERVISORS, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def officials():
    from complaints.admin_forms import officials as all_officials

    return all_officials().exclude(email="")


def run(now=None) -> Round:
    now = now or timezone.now()
    result = Round(escalated=escalate_overdue(now))
    if result.escalated:
        for user in supervisors():
            if _send(
                user,
                "complaints/email/escalation",
                {"complaints": result.escalated, "now": now},
            ):
                result.supervisors_told += 1
    for user in officials():
        mine = list(
            Complaint.objects.responsible(user)
            .overdue(now)
            .select_related("category")
            .order_by("deadline")
        )
        if mine and _send(user, "complaints/email/digest", {"complaints": mine, "now": now}):
            result.digests += 1
    return result
