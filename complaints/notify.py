"""Telling the resident what happened to their complaint, in their language.

Email when they gave an address; a text message when they asked for replies by text. There is
no SMS gateway here: ``LogOnlySmsSender`` (the only ``SmsSender``) writes the message to the
log. A real gateway is a class with ``send(phone, text)`` named in ``COMPLAINTS_SMS_SENDER``.

The confirmation with the secret tracking link is sent at once after the submission commits and
never passes through the task queue, so the secret is not stored in a queue table. Later news
goes through ``complaints.tasks.send_status_notice`` and carries no secret.
"""

import logging
import smtplib
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string

from portal.links import base_url
from portal.queue import people_waiting

logger = logging.getLogger(__name__)


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LogOnlySmsSender:
    """Stand-in until a gateway exists: logs the text message instead of sending it."""

    def send(self, phone: str, text: str) -> None:
        masked = f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"
        logger.info("SMS not sent (no gateway configured) to %s: %s", masked, text)


def sms_sender() -> SmsSender:
    return import_string(settings.COMPLAINTS_SMS_SENDER)()


def tracking_url(complaint, secret: str | None = None) -> str:
    with translation.override(complaint.language):
        if secret:
            path = reverse("complaints:secret_link", args=[complaint.number, secret])
        else:
            path = reverse("complaints:track")
    return f"{base_url()}{path}"


def _deliver(complaint, template: str, context: dict) -> None:
    with translation.override(complaint.language):
        context = {"complaint": complaint, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
        sms = " ".join(render_to_string(f"{template}_sms.txt", context).split())
    if complaint.contact_email:
        try:
            send_mail(subject, body, None, [complaint.contact_email])
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not email complaint %s", complaint.number)
    if complaint.contact_phone and complaint.reply_channel == "sms":
        sms_sender().send(complaint.contact_phone, sms)


def submitted(complaint_id: int, secret: str) -> None:
    """The confirmation: tracking number, the secret and the secret link."""
    from complaints.models import Complaint
    from complaints.services import display_secret

    complaint = Complaint.objects.select_related("category").get(pk=complaint_id)
    _deliver(
        complaint,
        "complaints/email/submitted",
        {
            "url": tracking_url(complaint, secret),
            "secret": display_secret(secret),
            "category": translated(complaint.category, complaint.language),
        },
    )


def status_changed(event_id: int) -> None:
    from complaints.tasks import send_status_notice

    people_waiting(send_status_notice).enqueue(event_id)


def send_status_notice_now(event_id: int) -> None:
    from complaints.models import ComplaintEvent

    event = ComplaintEvent.objects.select_related("complaint__department").get(pk=event_id)
    complaint = event.complaint
    answer = None
    if event.to_status == "answered":
        answer = complaint.replies.filter(public=True).order_by("-created_at", "-pk").first()
    _deliver(
        complaint,
        "complaints/email/status",
        {"event": event, "answer": answer, "url": tracking_url(complaint)},
    )


def translated(category, language: str):
    """The category in ``language`` when it has that translation."""
    found = (
        type(category)
        .objects.filter(translation_key=category.translation_key, locale__language_code=language)
        .first()
    )
    return found or category
