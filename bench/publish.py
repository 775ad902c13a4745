"""Publishing a notice to thousands of subscribers: how long the moderator waits.

``manage.py make_volume_data --subscribers N`` tops up to N residents who are emailed about every
notice (each with an address and an active subscription to every category) and keeps
``DRAFTS`` notices written but never published under the notice index. The ``publish`` target
has the demo moderator publish them one at a time through the admin's publish action (real
HTTP, a real session and CSRF token): each request is a first publication, so it opens a round
of emails to all N subscribers, exactly what a moderator's publish does. The answer must be the
redirect back to the page list; the emails themselves are the worker's (``notices.tasks``).

A later run turns the notices it published back into drafts and forgets their rounds, so every
run measures first publications again and the notice archive does not grow.
"""

import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.http import urlencode

from bench.targets import Request

# Slugs of the drafts; unlike ``VOLUME_SLUG`` they are not counted as volume notices.
DRAFT_SLUG = "publish-bench-"
SUBSCRIBER_EMAIL = "subscriber-{number:06d}@bench.invalid"
SUBSCRIBER_PREFIX, SUBSCRIBER_DOMAIN = "subscriber-", "@bench.invalid"
# More than a run publishes: a publication takes tens of milliseconds, a run measures seconds.
DRAFTS = 1000
MODERATOR = "moderator@demo.community"


def make_subscribers(count: int, options: dict[str, Any], stdout) -> int:
    """Top up to ``count`` benchmark subscribers; reset and top up the drafts to publish."""
    from wagtail.models import Locale

    from home.models import HomePage
    from notices import demo
    from notices.models import Subscription

    zh = Locale.objects.filter(language_code="zh-hans").first()
    if zh is None or not HomePage.objects.filter(locale=zh).exists():
        raise CommandError("Load the demo content first: manage.py load_demo_content")
    categories = list(demo.ensure_categories(zh, Locale.objects.get(language_code="en")).values())
    user_model = get_user_model()
    # Other benchmark residents (the voters of ``bench.ballots``) share the domain.
    mine = {"email__startswith": SUBSCRIBER_PREFIX, "email__endswith": SUBSCRIBER_DOMAIN}
    taken = set(user_model.objects.filter(**mine).values_list("email", flat=True))
    have = len(taken)
    added = 0
    if count > have:
        password = make_password(None)  # nobody signs in as a benchmark subscriber
        with transaction.atomic():
            users = user_model.objects.bulk_create(
                [
                    user_model(
                        username=f"bench-subscriber-{number:06d}",
                        email=SUBSCRIBER_EMAIL.format(number=number),
                        password=password,
                    )
                    for number in _free_numbers(taken, count - have)
                ],
                batch_size=500,
            )
            users = user_model.objects.filter(email__in=[user.email for user in users])
            subscriptions = Subscription.objects.bulk_create(
                [Subscription(user=user, language="zh-hans") for user in users], batch_size=500
            )
            subscriptions = Subscription.objects.filter(
                user__in=user_model.objects.filter(**mine), categories__isnull=True
            )
            through = Subscription.categories.through
            through.objects.bulk_create(
                [
                    through(subscription_id=subscription.pk, noticecategory_id=category.pk)
                    for subscription in subscriptions
                    for category in categories
                ],
                batch_size=1000,
            )
        added = count - have
    drafts = _reset_and_top_up_drafts(zh, categories[0])
    stdout.write(f"  subscribers: {drafts} draft notices ready to publish")
    return added


def _free_numbers(taken: set[str], wanted: int) -> list[int]:
    numbers, number = [], 0
    while len(numbers) < wanted:
        number += 1
        if SUBSCRIBER_EMAIL.format(number=number) not in taken:
            numbers.append(number)
    return numbers


def _reset_and_top_up_drafts(zh, category) -> int:
    from bench.pages import bulk_add_children
    from home.models import HomePage
    from notices import demo
    from notices.models import NoticeEmail, NoticePage, NotificationRound

    index = demo.ensure_index(HomePage.objects.get(locale=zh))
    with transaction.atomic():
        published = NoticePage.objects.filter(slug__startswith=DRAFT_SLUG, locale=zh).exclude(
            live=False, first_published_at__isnull=True
        )
        keys = list(published.values_list("translation_key", flat=True))
        NoticeEmail.objects.filter(notice_key__in=keys).delete()
        NotificationRound.objects.filter(notice_key__in=keys).delete()
        published.update(
            live=False,
            has_unpublished_changes=True,
            first_published_at=None,
            last_published_at=None,
            live_revision=None,
        )
        have = NoticePage.objects.filter(slug__startswith=DRAFT_SLUG, locale=zh).count()
        pages = [
            NoticePage(
                title=f"停水通知：{number}号楼二次供水设施清洗",
                slug=f"{DRAFT_SLUG}{number:05d}",
                summary="二次供水设施清洗期间暂停供水，请提前储水。",
                body=demo._body(["清洗期间暂停供水，请居民提前储水。"]),
                category=category,
                urgency="normal",
                translation_key=uuid.uuid4(),
                locale_id=zh.pk,
            )
            for number in range(have + 1, DRAFTS + 1)
        ]
        if pages:
            bulk_add_children(index, pages)
            NoticePage.objects.filter(pk__in=[page.pk for page in pages]).update(
                live=False,
                has_unpublished_changes=True,
                first_published_at=None,
                last_published_at=None,
            )
    return NoticePage.objects.filter(slug__startswith=DRAFT_SLUG, locale=zh, live=False).count()


def drop_queued_tasks() -> int:
    """Drop the tasks waiting in the database queue; returns how many.

    Publishing opens a round of emails to every subscriber. Those of an earlier run, and of the
    publications ``bench_plan`` makes to count the target's queries, would otherwise be sent by
    the task worker while other targets are measured."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    dropped, _by_model = DBTaskResult.objects.filter(status=TaskResultStatus.READY).delete()
    return dropped


def publish_requests() -> list[Request]:
    """Each draft notice published once by the demo moderator, as the admin's publish action."""
    from bench.requests import _signed_in_cookie
    from notices.models import NoticePage

    drafts = NoticePage.objects.filter(slug__startswith=DRAFT_SLUG, live=False).order_by("pk")
    first = drafts.first()
    if first is None:
        raise CommandError(
            "No draft notices to publish: manage.py make_volume_data --subscribers N"
        )
    cookie = _signed_in_cookie(MODERATOR)
    action = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    listing = reverse("wagtailadmin_explore", args=(first.get_parent().pk,))
    return [
        Request(
            f"{action}?{urlencode({'id': pk, 'next': listing})}",
            method="POST",
            form={},
            redirect=listing,
            csrf_from=reverse("account_login"),
            cookie=cookie,
            once=True,
        )
        for pk in drafts.values_list("pk", flat=True)
    ]
