"""Emails to subscribers about a notice: one per subscriber and notification round.

The worker sends a round in batches (``notices.tasks.send_notice_emails``, ``send_batch``): the
first batch chooses the recipients (a ``NoticeEmail`` row each), and each batch sends up to
``NOTICE_EMAIL_BATCH_SIZE`` emails over one connection. It is safe to run again for the same
round: an email whose row is marked sent is never sent twice. An address the mail server refuses
is logged and tried again in a later batch, given up after ``NOTICE_EMAIL_MAX_ATTEMPTS``; a server
that is down stops the batch, and the round tries again later without repeating what was sent.
"""

import contextlib
import datetime
import logging
import smtplib
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale, Site

from notices.models import (
    NoticeCategory,
    NoticeEmail,
    NoticePage,
    NotificationRound,
    Subscription,
)
from notices.services import wants
from portal.links import absolute, base_url

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notices.unsubscribe"
SOURCE_LANGUAGE = "zh-hans"


# -- unsubscribe tokens -------------------------------------------------------------------------


def unsubscribe_token(subscription: Subscription) -> str:
    """A signed token naming the subscription (and its user); it does not expire."""
    return signing.dumps({"s": subscription.pk, "u": subscription.user_id}, salt=UNSUBSCRIBE_SALT)


def subscription_for_token(token: str) -> tuple[bool, Subscription | None]:
    """(token valid, its subscription). A valid token may name a subscription deleted since."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        subscription_id, user_id = int(data["s"]), int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return False, None
    subscription = (
        Subscription.objects.filter(pk=subscription_id, user_id=user_id)
        .select_related("user")
        .first()
    )
    return True, subscription


# -- addresses ----------------------------------------------------------------------------------


def default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).first()


def unsubscribe_url(subscription: Subscription, base: str | None = None) -> str:
    """The one-click unsubscribe address, in the subscriber's language."""
    with translation.override(subscription.language):
        path = reverse("notices:unsubscribe", args=[unsubscribe_token(subscription)])
    return absolute(path, base or base_url())


def site_name(site: Site | None) -> str:
    """The community's name in the active language, from the portal settings."""
    from home.models import PortalSettings

    name = PortalSettings.for_site(site).display_name if site is not None else ""
    return name or str(settings.WAGTAIL_SITE_NAME)


def translated_category_name(category: NoticeCategory) -> str:
    """The category's name in the active language (its own name when it has no translation)."""
    translated = category.get_translation_or_none(Locale.get_active())
    return (translated or category).name


# -- sending ------------------------------------------------------------------------------------


def _live_versions(notice_key: str | UUID) -> dict[str, NoticePage]:
    """The live, public versions of a notice, by language code."""
    notices = (
        NoticePage.objects.live()
        .public()
        .filter(translation_key=notice_key)
        .select_related("locale", "category")
    )
    return {notice.locale.language_code: notice for notice in notices}


def build_message(
    subscription: Subscription,
    notice: NoticePage,
    round_number: int,
    *,
    site: Site | None,
    category_name: str | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """The email about ``notice`` (already in the right language) to one subscriber."""
    base = base_url(site)
    with translation.override(subscription.language):
        if category_name is None:
            category_name = translated_category_name(notice.category)
        unsubscribe = unsubscribe_url(subscription, base)
        context = {
            "notice": notice,
            "category_name": category_name,
            "notice_url": absolute(notice.get_url() or "", base),
            "unsubscribe_url": unsubscribe,
            "manage_url": absolute(reverse("notices:subscribe"), base),
            "update": round_number > 1,
            "subscription": subscription,
            "site_name": site_name(site),
        }
        subject = " ".join(render_to_string("notices/email/notice_subject.txt", context).split())
        text = render_to_string("notices/email/notice_body.txt", context)
        html = render_to_string("notices/email/notice_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[subscription.user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


# Errors about one email (the server refuses the address or the message): that email is tried
# again in a later batch and given up after NOTICE_EMAIL_MAX_ATTEMPTS. ValueError: a bad address.
ADDRESS_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)
# Any other socket or SMTP error means the server is down or unreachable: the batch stops and the
# round waits and tries again later, however long the outage lasts; nothing is given up.
SERVER_ERRORS = (smtplib.SMTPException, OSError)


@dataclass
class Batch:
    """What one batch did: emails sent, refused (this time), still to send, and the server error
    that stopped it, if any."""

    sent: int = 0
    refused: int = 0
    remaining: int = 0
    error: str = ""


def round_emails(notice_key: str | UUID, round_number: int):
    return NoticeEmail.objects.filter(notice_key=notice_key, round=round_number)


def plan_round(notice_key: str | UUID, round_number: int) -> NotificationRound:
    """Choose the round's recipients once: a ``NoticeEmail`` row for each active subscriber who
    wants the notice (the rows are the round's to-do list and its record)."""
    notification_round, _created = NotificationRound.objects.get_or_create(
        notice_key=notice_key, number=round_number
    )
    if notification_round.planned_at is not None:
        return notification_round
    versions = _live_versions(notice_key)
    notice = versions.get(SOURCE_LANGUAGE) or next(iter(versions.values()), None)
    if notice is not None:
        subscriptions = (
            Subscription.objects.filter(active=True, user__is_active=True)
            .exclude(user__email="")
            .order_by("pk")
        )
        NoticeEmail.objects.bulk_create(
            [
                NoticeEmail(subscription=subscription, notice_key=notice_key, round=round_number)
                for subscription in subscriptions
                if wants(subscription, notice)
            ],
            batch_size=500,
            ignore_conflicts=True,
        )
    now = timezone.now()
    notification_round.total = round_emails(notice_key, round_number).count()
    notification_round.planned_at = now
    if notice is None:
        logger.info("Notice %s is no longer live: no emails for round %s", notice_key, round_number)
        notification_round.finished_at = now
    notification_round.save(update_fields=["total", "planned_at", "finished_at", "updated_at"])
    return notification_round


def send_batch(notice_key: str | UUID, round_number: int, size: int) -> Batch:
    """Send up to ``size`` of the round's unsent emails over one connection to the mail server.

    Safe to run twice for the same round: an email is locked while it is sent and never sent
    again once marked sent. Emails tried fewer times go first, so an address the server refuses
    does not hold up the others.
    """
    notification_round = plan_round(notice_key, round_number)
    batch = Batch()
    versions = _live_versions(notice_key)
    notice = versions.get(SOURCE_LANGUAGE) or next(iter(versions.values()), None)
    if notice is None or notification_round.finished_at is not None:
        _update_round(notification_round, batch)
        return batch
    site = default_site()
    unsent = round_emails(notice_key, round_number).filter(
        sent_at__isnull=True, failed_at__isnull=True
    )
    category_names: dict[str, str] = {}
    max_attempts = settings.NOTICE_EMAIL_MAX_ATTEMPTS
    connection = get_connection()
    try:
        for email in unsent.select_related("subscription__user").order_by("attempts", "pk")[:size]:
            subscription = email.subscription
            if not subscription.active or not subscription.user.is_active:
                # Unsubscribed since the round began.
                email.delete()
                NotificationRound.objects.filter(pk=notification_round.pk).update(
                    total=F("total") - 1
                )
                continue
            language = subscription.language
            version = versions.get(language) or notice
            if language not in category_names:
                with translation.override(language):
                    category_names[language] = translated_category_name(notice.category)
            try:
                with transaction.atomic():
                    # Locked while sending, so two runs of the same round cannot both send it.
                    locked = NoticeEmail.objects.select_for_update().get(pk=email.pk)
                    if locked.sent_at is not None:
                        continue
                    build_message(
                        subscription,
                        version,
                        round_number,
                        site=site,
                        category_name=category_names[language],
                        connection=connection,
                    ).send()
                    locked.sent_at = timezone.now()
                    locked.save(update_fields=["sent_at"])
            except ADDRESS_ERRORS as exc:
                attempts = email.attempts + 1
                given_up = attempts >= max_attempts
                NoticeEmail.objects.filter(pk=email.pk).update(
                    attempts=attempts,
                    last_error=str(exc)[:255],
                    failed_at=timezone.now() if given_up else None,
                )
                logger.warning(
                    "Could not email notice %s (round %s) to subscription %s (try %s%s): %s",
                    notice_key,
                    round_number,
                    subscription.pk,
                    attempts,
                    ", given up" if given_up else "",
                    exc,
                )
                batch.refused += 1
                # The connection may be broken: the next email opens a new one.
                with contextlib.suppress(*SERVER_ERRORS):
                    connection.close()
                continue
            except SERVER_ERRORS as exc:
                batch.error = f"{type(exc).__name__}: {exc}"[:1000]
                logger.warning(
                    "Mail server unavailable while emailing notice %s (round %s): %s",
                    notice_key,
                    round_number,
                    batch.error,
                )
                break
            batch.sent += 1
    finally:
        with contextlib.suppress(*SERVER_ERRORS):
            connection.close()
    batch.remaining = unsent.count()
    _update_round(notification_round, batch)
    return batch


def _update_round(notification_round: NotificationRound, batch: Batch) -> None:
    changes: dict = {"updated_at": timezone.now()}
    if batch.remaining == 0 and notification_round.finished_at is None:
        changes["finished_at"] = timezone.now()
        changes["next_try_at"] = None
    if batch.error:
        changes["last_error"] = batch.error
    NotificationRound.objects.filter(pk=notification_round.pk).update(**changes)


def wait_before_retry(notice_key: str | UUID, round_number: int, error: str) -> int:
    """Record that the round must wait (the server failed, or only refused emails are left);
    the seconds to wait, longer after each failure, up to the last of NOTICE_EMAIL_RETRY_DELAYS."""
    notification_round = NotificationRound.objects.get(notice_key=notice_key, number=round_number)
    delays = settings.NOTICE_EMAIL_RETRY_DELAYS
    delay = delays[min(notification_round.retries, len(delays) - 1)]
    NotificationRound.objects.filter(pk=notification_round.pk).update(
        retries=F("retries") + 1,
        next_try_at=timezone.now() + datetime.timedelta(seconds=delay),
        last_error=error or notification_round.last_error,
    )
    return delay


def send_round(notice_key: str, round_number: int) -> int:
    """Send all of a round's unsent emails now, batch after batch, until the mail server fails or
    only refused emails are left; the number sent now (not those sent by an earlier run).

    Each subscriber gets the live translation in their language, or the Chinese notice when
    there is none.
    """
    sent = 0
    while True:
        batch = send_batch(notice_key, round_number, settings.NOTICE_EMAIL_BATCH_SIZE)
        sent += batch.sent
        if not batch.remaining or batch.error or not batch.sent:
            return sent
