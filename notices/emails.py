"""Emails to subscribers about a notice: one per subscriber and notification round.

``send_round`` runs in the background (``notices.tasks.send_notice_emails``). It is safe to run
again for the same round: a ``NoticeEmail`` row records each email, and an email whose row is
marked sent is never sent twice. An address the mail server refuses is logged and left unsent,
so a retry of the round tries it again without repeating the others.
"""

import contextlib
import logging
import smtplib
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale, Site

from notices.models import NoticeCategory, NoticeEmail, NoticePage, Subscription
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


def send_round(notice_key: str, round_number: int) -> int:
    """Email every active subscriber who wants the notice, once for this round.

    Each subscriber gets the live translation in their language, or the Chinese notice when
    there is none. Returns the number of emails sent now (not those sent by an earlier run).
    """
    versions = _live_versions(notice_key)
    notice = versions.get(SOURCE_LANGUAGE) or next(iter(versions.values()), None)
    if notice is None:
        logger.info("Notice %s is no longer live: no emails for round %s", notice_key, round_number)
        return 0
    site = default_site()
    subscriptions = (
        Subscription.objects.filter(active=True, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    category_names: dict[str, str] = {}
    sent = 0
    with get_connection() as connection:
        for subscription in subscriptions:
            if not wants(subscription, notice):
                continue
            language = subscription.language
            version = versions.get(language) or notice
            if language not in category_names:
                with translation.override(language):
                    category_names[language] = translated_category_name(notice.category)
            email, _created = NoticeEmail.objects.get_or_create(
                subscription=subscription, notice_key=notice_key, round=round_number
            )
            if email.sent_at is not None:
                continue
            try:
                with transaction.atomic():
                    # Locked while sending, so two runs of the same round cannot both send it.
                    email = NoticeEmail.objects.select_for_update().get(pk=email.pk)
                    if email.sent_at is not None:
                        continue
                    build_message(
                        subscription,
                        version,
                        round_number,
                        site=site,
                        category_name=category_names[language],
                        connection=connection,
                    ).send()
                    email.sent_at = timezone.now()
                    email.save(update_fields=["sent_at"])
            except (smtplib.SMTPException, OSError, ValueError):
                logger.exception(
                    "Could not email notice %s (round %s) to subscription %s",
                    notice_key,
                    round_number,
                    subscription.pk,
                )
                # The connection may be broken: the next email opens a new one.
                with contextlib.suppress(smtplib.SMTPException, OSError):
                    connection.close()
                continue
            sent += 1
    return sent
