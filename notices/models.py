"""Notices (通知公告): categories, the notice index and notice pages, read counts, subscriptions."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.url_routing import RouteResult

from modelcluster.fields import ParentalManyToManyField

from notices.blocks import NoticeStreamBlock
from portal import fragments
from search.mixins import SegmentedSearchMixin

NEW_FOR = datetime.timedelta(days=3)
URGENT_BANNER_FOR = datetime.timedelta(days=7)
NOTICES_PER_PAGE = 10


class NoticeCategory(TranslatableMixin, models.Model):
    """停水停电, 社区活动, 政策通知 ...; translated like pages, one row per language."""

    name = models.CharField(_("name"), max_length=40)
    slug = models.SlugField(
        _("slug"), max_length=40, help_text=_("Used in addresses, e.g. water-power.")
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("notice category")
        verbose_name_plural = _("notice categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="notice_category_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    IMPORTANT = "important", _("Important")
    URGENT = "urgent", _("Urgent")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Whole community")
    TARGETED = "targeted", _("Chosen grids or buildings")


class PinnedFirst:
    """Live notices for a list: those pinned until a later time first, then the newest.

    Sorting by "pinned, then date" in one query makes the database sort every live notice of
    the archive before it can return the first ten. Here the pinned ones (few, found through the
    ``pinned_until`` index) come from one query and the rest from another that reads the
    publication-date index newest first and stops after the page: the cost of a page does not
    grow with the archive. Django's ``Paginator`` pages through it like a queryset; ``total`` (a
    callable) gives the number of notices, else they are counted.
    """

    def __init__(self, notices, total=None):
        now = timezone.now()
        order = ("-first_published_at", "-pk")
        self._pinned = notices.filter(pinned_until__gt=now).order_by(*order)
        self._rest = notices.exclude(pinned_until__gt=now).order_by(*order)
        self._total = total or notices.count

    def count(self) -> int:
        return self._total()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("PinnedFirst supports slices without a step only")
        start, stop = key.start or 0, key.stop
        if stop is None or start < 0 or stop < 0:
            raise TypeError("PinnedFirst needs a non-negative start and stop")
        # At most ``stop`` pinned notices: fewer means that is all of them.
        pinned = list(self._pinned[:stop])
        items = pinned[start:stop]
        if len(pinned) < stop:
            rest_start = max(0, start - len(pinned))
            items += list(self._rest[rest_start : stop - len(pinned)])
        return items


class NoticeIndexPage(RoutablePageMixin, Page):
    """The list of notices: pinned first, then newest; filters; archive; feeds."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["notices.NoticePage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("notice index")

    # -- queries ----------------------------------------------------------------------------

    def notices(self):
        """Every notice under this index that the public may see: live, or expired (archive)."""
        return (
            NoticePage.objects.child_of(self)
            .filter(Q(live=True) | Q(expired=True))
            .public()
            .select_related("category")
        )

    def latest_notices(self, limit: int, category=None) -> list["NoticePage"]:
        """The first ``limit`` current notices, pinned first, read through the date index."""
        notices = self.notices().filter(live=True)
        if category is not None:
            notices = notices.filter(category__translation_key=category.translation_key)
        return list(PinnedFirst(notices)[:limit])

    def archive_months(self, request=None):
        """(month, count) of every month with notices, newest first, for the archive links.

        Counting groups every notice ever published, so the result is kept between requests
        until the next publish (``portal.fragments``) instead of counted on every page view.
        """

        def build():
            return list(
                self.notices()
                .annotate(month=TruncMonth("first_published_at"))
                .values("month")
                .annotate(count=Count("pk"))
                .order_by("-month")
            )

        return fragments.shared(request, f"notices:archive-months:{self.pk}", build, timed=False)

    def categories(self):
        return NoticeCategory.objects.filter(locale_id=self.locale_id)

    def get_notices(self, request) -> dict[str, Any]:
        """The notices this request asks for, with the filters it used and any problems."""
        problems: list[str] = []
        category = None
        slug = request.GET.get("category", "")
        year, month = request.GET.get("year", ""), request.GET.get("month", "")
        archive = bool(year)
        notices = (
            self.notices().order_by("-first_published_at", "-pk")
            if archive
            else self.notices().filter(live=True)
        )

        if slug:
            category = self.categories().filter(slug=slug).first()
            if category is None:
                problems.append(
                    gettext("There is no category “%(slug)s”; showing all notices.")
                    % {"slug": slug}
                )
            else:
                notices = notices.filter(category__translation_key=category.translation_key)
        if year:
            try:
                year_number = int(year)
                month_number = int(month) if month else None
                if not 2000 <= year_number <= 2100 or (
                    month_number is not None and not 1 <= month_number <= 12
                ):
                    raise ValueError
            except ValueError:
                problems.append(gettext("That month does not exist; showing current notices."))
                archive = False
                notices = self.notices().filter(live=True)
                if category is not None:
                    notices = notices.filter(category__translation_key=category.translation_key)
                year = month = ""
            else:
                notices = notices.filter(first_published_at__year=year_number)
                if month_number is not None:
                    notices = notices.filter(first_published_at__month=month_number)

        if not archive:
            # Every live notice, pinned first: paged without sorting the whole archive, and the
            # number of them (for "page 3 of 40") kept until the next publish.
            category_key = category.translation_key if category is not None else ""
            live = notices
            notices = PinnedFirst(
                live,
                total=lambda: fragments.shared(
                    request,
                    f"notices:current-count:{self.pk}:{category_key}",
                    live.count,
                    timed=False,
                ),
            )
        paginator = Paginator(notices, NOTICES_PER_PAGE)
        page_number = request.GET.get("page", "1")
        try:
            page = paginator.page(page_number)
        except (PageNotAnInteger, EmptyPage):
            problems.append(
                gettext("There is no page “%(page)s” of this list; showing the first page.")
                % {"page": page_number[:10]}
            )
            page = paginator.page(1)
        return {
            "notices": page,
            "category": category,
            "archive": archive,
            "year": year,
            "month": month,
            "problems": problems,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_notices(request))
        context["categories"] = self.categories()
        context["archive_months"] = self.archive_months(request)
        return context

    # -- routing ----------------------------------------------------------------------------

    def route(self, request, path_components):
        """Serve expired notices too: they leave the list but stay readable, marked expired."""
        try:
            return super().route(request, path_components)
        except Http404:
            if len(path_components) != 1:
                raise
        child = (
            NoticePage.objects.child_of(self)
            .filter(slug=path_components[0], live=False, expired=True)
            .first()
        )
        if child is None:
            raise Http404
        return RouteResult(child)

    @path("feed/<str:kind>/")
    def feed(self, request, kind):
        from notices.feeds import notice_feed

        return notice_feed(request, self, kind, category=None)

    @path("category/<slug:slug>/feed/<str:kind>/")
    def category_feed(self, request, slug, kind):
        from notices.feeds import notice_feed

        category = self.categories().filter(slug=slug).first()
        if category is None:
            raise Http404
        return notice_feed(request, self, kind, category=category)

    @path("")
    def index_route(self, request):
        return self.render(request)


class NoticePage(SegmentedSearchMixin, Page):
    segmented_fields = ("summary", "body", "event_place")

    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences shown in lists, feeds and emails."),
    )
    body = StreamField(NoticeStreamBlock(), blank=True, verbose_name=_("body"))
    category = models.ForeignKey(
        NoticeCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    pinned_until = models.DateTimeField(
        _("pinned until"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Kept at the top of the list until then."),
    )
    event_start = models.DateTimeField(_("event starts"), null=True, blank=True)
    event_end = models.DateTimeField(_("event ends"), null=True, blank=True)
    event_place = models.CharField(_("event place"), max_length=200, blank=True)
    display_start = models.DateField(_("public display from"), null=True, blank=True)
    display_end = models.DateField(_("public display until"), null=True, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    grids = ParentalManyToManyField("community.Grid", verbose_name=_("grids"), blank=True)
    buildings = ParentalManyToManyField(
        "community.Building", verbose_name=_("buildings"), blank=True
    )
    notify_again = models.BooleanField(
        _("notify subscribers again"),
        default=False,
        help_text=_(
            "Email subscribers again when this change is published (e.g. the date changed)."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("urgency")]),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("event_start"), FieldPanel("event_end")]),
                FieldPanel("event_place"),
            ],
            heading=_("Event"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("display_start"), FieldPanel("display_end")])],
            heading=_("Public display period (公示期)"),
        ),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("grids"), FieldPanel("buildings")],
            heading=_("Audience"),
        ),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("pinned_until"), FieldPanel("notify_again")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("urgency"),
        index.FilterField("category"),
        *SegmentedSearchMixin.search_fields_extra,
    ]

    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def clean(self):
        super().clean()
        errors = {}
        if self.event_start and self.event_end and self.event_end < self.event_start:
            errors["event_end"] = _("The event cannot end before it starts.")
        if bool(self.display_start) != bool(self.display_end):
            errors["display_end"] = _("Give both the first and the last day of the display period.")
        elif self.display_start and self.display_end < self.display_start:
            errors["display_end"] = _("The display period cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    # -- what a resident sees ---------------------------------------------------------------

    @property
    def is_new(self) -> bool:
        published = self.first_published_at
        return bool(published and self.live and timezone.now() - published < NEW_FOR)

    @property
    def is_pinned(self) -> bool:
        return bool(self.pinned_until and self.pinned_until > timezone.now())

    @property
    def is_public_display(self) -> bool:
        return bool(self.display_start and self.display_end)

    @property
    def public_display_state(self) -> str:
        """ "upcoming", "ongoing" or "ended" for a 公示; "" for other notices."""
        if not self.is_public_display:
            return ""
        today = timezone.localdate()
        if today < self.display_start:
            return "upcoming"
        if today > self.display_end:
            return "ended"
        return "ongoing"

    @property
    def is_targeted(self) -> bool:
        return self.audience == Audience.TARGETED

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The categories are few and the same for every reader: kept until one is saved or a page
        # published (portal.fragments) instead of read for every notice shown.
        categories = fragments.shared(
            request, "notices:categories", lambda: NoticeCategory.objects.in_bulk()
        )
        if self.category_id in categories:
            self.category = categories[self.category_id]
        if self.is_targeted:
            context["audience_names"] = [str(grid) for grid in self.grids.all()] + [
                str(building) for building in self.buildings.select_related("grid")
            ]
        return context

    def serve(self, request, *args, **kwargs):
        from notices.services import record_notice_read

        record_notice_read(self, request.user)
        return super().serve(request, *args, **kwargs)


class NoticeRead(models.Model):
    """That someone of a household opened a targeted notice: one row per household, no names."""

    notice_key = models.UUIDField(_("notice"), db_index=True)
    household = models.ForeignKey(
        "community.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    first_read_at = models.DateTimeField(_("first opened"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice read")
        constraints = [
            models.UniqueConstraint(
                fields=["notice_key", "household"], name="notice_read_once_per_household"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice_key} @ {self.household_id}"


class Subscription(models.Model):
    """A resident's wish to be emailed about new notices."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notice_subscription",
    )
    categories = models.ManyToManyField(
        NoticeCategory,
        verbose_name=_("categories"),
        blank=True,
        related_name="+",
        help_text=_("Stored as the Chinese categories; each stands for all its translations."),
    )
    urgent_only = models.BooleanField(_("urgent notices only"), default=False)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans"
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notice subscription")
        verbose_name_plural = _("notice subscriptions")

    def __str__(self) -> str:
        return str(self.user)


class NoticeEmail(models.Model):
    """One email about one notice to one subscriber: sent at most once per notification round."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="emails")
    notice_key = models.UUIDField()
    round = models.PositiveIntegerField(default=1)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Times the mail server refused this email; at NOTICE_EMAIL_MAX_ATTEMPTS it is given up.
    attempts = models.PositiveSmallIntegerField(default=0)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "notice_key", "round"], name="notice_email_once"
            ),
        ]
        indexes = [models.Index(fields=["notice_key", "round"], name="notice_email_round")]

    def __str__(self) -> str:
        return f"{self.notice_key} #{self.round} to {self.subscription_id}"


def _email_count(**filters) -> Coalesce:
    emails = (
        NoticeEmail.objects.filter(
            notice_key=OuterRef("notice_key"), round=OuterRef("number"), **filters
        )
        .order_by()
        .values("notice_key")
        .annotate(count=Count("pk"))
        .values("count")[:1]
    )
    return Coalesce(Subquery(emails, output_field=models.IntegerField()), 0)


class NotificationRoundQuerySet(models.QuerySet):
    def with_progress(self) -> "NotificationRoundQuerySet":
        """Each round with ``sent_count`` and ``failed_count`` (``pending`` follows from them)."""
        return self.annotate(
            sent_count=_email_count(sent_at__isnull=False),
            failed_count=_email_count(failed_at__isnull=False),
        )

    def stalled(self, before: datetime.datetime) -> "NotificationRoundQuerySet":
        """Unfinished rounds that nothing has moved on since ``before`` and that wait for no
        planned retry (their task was lost: a queue outage at publication, a worker killed)."""
        return self.filter(finished_at__isnull=True, updated_at__lt=before).filter(
            Q(next_try_at__isnull=True) | Q(next_try_at__lt=before)
        )


class NotificationRound(models.Model):
    """Each time subscribers are told about a notice: at first publication, and on "notify again".

    The worker sends a round in batches (``notices.tasks.send_notice_emails``): ``total`` is set
    when its recipients are chosen, each email has a ``NoticeEmail`` row, and a mail server that
    fails makes the round wait (``next_try_at``) and try again, as often as it takes.
    """

    notice_key = models.UUIDField(db_index=True)
    number = models.PositiveIntegerField(_("round"))
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last activity"), auto_now=True)
    planned_at = models.DateTimeField(_("recipients chosen"), null=True, blank=True)
    total = models.PositiveIntegerField(_("recipients"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    retries = models.PositiveIntegerField(_("retries"), default=0)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = NotificationRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice email round")
        verbose_name_plural = _("notice email rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["notice_key", "number"], name="notification_round_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice_key} #{self.number}"

    @property
    def pending_count(self) -> int:
        return max(self.total - self.sent_count - self.failed_count, 0)
