"""Every change to notice state goes through here: reads, subscriptions, notification rounds."""

import logging
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from community.models import Household, Residency
from notices.models import (
    NoticeCategory,
    NoticePage,
    NoticeRead,
    NotificationRound,
    Subscription,
)

logger = logging.getLogger(__name__)


def targeted_households(notice: NoticePage) -> QuerySet[Household]:
    """The households a targeted notice is for: in its grids, or in its buildings."""
    grid_ids = list(notice.grids.values_list("pk", flat=True))
    building_ids = list(notice.buildings.values_list("pk", flat=True))
    return Household.objects.filter(Q(building__grid__in=grid_ids) | Q(building__in=building_ids))


def record_notice_read(notice: NoticePage, user) -> int:
    """Count that the user's verified households in the audience opened a targeted notice.

    Returns how many households were newly counted. Nothing is stored for notices meant for the
    whole community, for anonymous visitors, or for households outside the audience.
    """
    if not notice.is_targeted or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return 0
    households = (
        Residency.objects.verified()
        .filter(user=user, household__in=targeted_households(notice))
        .values_list("household_id", flat=True)
    )
    counted = 0
    for household_id in households:
        try:
            with transaction.atomic():
                _read, created = NoticeRead.objects.get_or_create(
                    notice_key=notice.translation_key, household_id=household_id
                )
        except IntegrityError:  # another member of the household opened it at the same moment
            created = False
        counted += int(created)
    return counted


def read_counts(notice: NoticePage) -> tuple[int, int]:
    """(households that opened the notice, households it targets)."""
    targeted = targeted_households(notice)
    opened = NoticeRead.objects.filter(
        notice_key=notice.translation_key, household__in=targeted
    ).count()
    return opened, targeted.count()


def notices_for_resident(user) -> QuerySet[NoticePage]:
    """Live targeted notices for the grids and buildings of the user's verified households."""
    residencies = Residency.objects.verified().filter(user=user)
    buildings = residencies.values("household__building")
    grids = residencies.values("household__building__grid")
    # Read from the (small) tables of targeted grids and buildings, by key: joining them to every
    # notice and filtering afterwards read the whole archive (60 ms at 15,000 notices on SQLite).
    by_building = NoticePage.buildings.through.objects.filter(building__in=buildings)
    by_grid = NoticePage.grids.through.objects.filter(grid__in=grids)
    return (
        NoticePage.objects.live()
        .public()
        .filter(audience="targeted")
        .filter(pk__in=by_building.values("noticepage_id").union(by_grid.values("noticepage_id")))
    )


@transaction.atomic
def subscribe(
    user, *, categories: list[NoticeCategory], urgent_only: bool, language: str
) -> Subscription:
    """Create or replace the user's subscription. Categories are stored in their source language."""
    subscription, _created = Subscription.objects.select_for_update().get_or_create(user=user)
    subscription.urgent_only = urgent_only
    subscription.language = language
    subscription.active = True
    subscription.save()
    keys = [category.translation_key for category in categories]
    sources = NoticeCategory.objects.filter(
        translation_key__in=keys, locale__language_code="zh-hans"
    )
    subscription.categories.set(sources)
    return subscription


@transaction.atomic
def unsubscribe(subscription: Subscription) -> None:
    subscription.active = False
    subscription.save(update_fields=["active", "updated_at"])


def in_audience(user_id: int, notice: NoticePage) -> bool:
    """Whether a user should hear of a notice: everyone for community-wide notices, else only
    residents verified in one of the targeted grids or buildings."""
    if not notice.is_targeted:
        return True
    households = getattr(notice, "_targeted_household_ids", None)
    if households is None:
        households = set(targeted_households(notice).values_list("pk", flat=True))
        notice._targeted_household_ids = households
    return (
        Residency.objects.verified().filter(user_id=user_id, household_id__in=households).exists()
    )


def wants(subscription: Subscription, notice: NoticePage) -> bool:
    """Whether this subscriber is emailed about this notice: urgent ones always (when in the
    audience), others by the categories chosen, unless the subscriber asked for urgent only."""
    if not subscription.active or not in_audience(subscription.user_id, notice):
        return False
    if notice.urgency == "urgent":
        return True
    if subscription.urgent_only:
        return False
    return subscription.categories.filter(translation_key=notice.category.translation_key).exists()


@transaction.atomic
def start_notification_round(notice_key: UUID, *, again: bool) -> NotificationRound | None:
    """Open a round of emails for a notice: the first one, or another when "notify again" is ticked.

    Returns ``None`` when there is nothing to send: the notice has had its first round and the
    editor did not ask for another.
    """
    last = NotificationRound.objects.filter(notice_key=notice_key).order_by("-number").first()
    if last is not None and not again:
        return None
    return NotificationRound.objects.create(
        notice_key=notice_key, number=(last.number + 1) if last else 1
    )
