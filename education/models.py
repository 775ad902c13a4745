"""Education (教育频道): channels, articles, regulations and the community school's courses.

Every education page type inherits ``EducationPage``, a concrete page model, so the search app
finds all of them through one registered section (``education``). Enrolments always point to the
course in the source language (zh-hans): the English page shows and changes the same roster.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from modelcluster.fields import ParentalKey

from education.blocks import AttachmentStreamBlock, EducationStreamBlock
from search.mixins import SegmentedSearchMixin

ITEMS_PER_PAGE = 10
SOURCE_LANGUAGE = "zh-hans"


def _page_of(items, request, problems: list[str], per_page: int = ITEMS_PER_PAGE):
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", "1")
    try:
        return paginator.page(number)
    except (PageNotAnInteger, EmptyPage):
        problems.append(
            gettext("There is no page “%(page)s” of this list; showing the first page.")
            % {"page": number[:10]}
        )
        return paginator.page(1)


class EducationPage(SegmentedSearchMixin, Page):
    """What every education page has: a summary for lists and search results."""

    segmented_fields: tuple[str, ...] = ("summary",)

    summary = models.TextField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown in lists and search results."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        *SegmentedSearchMixin.search_fields_extra,
    ]
    is_creatable = False

    class Meta:
        verbose_name = _("education page")

    @property
    def kind_label(self) -> str:
        """The page type in the active language (a search facet); no query."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        return str(model._meta.verbose_name) if model else ""


class EducationIndexPage(EducationPage):
    """教育频道: the channels, each with its newest items."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["education.ChannelPage"]
    max_count_per_parent = 1
    is_creatable = True

    class Meta:
        verbose_name = _("education index")

    def channels(self):
        return ChannelPage.objects.child_of(self).live().public().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        channels = list(self.channels())
        latest: dict[str, list[Page]] = {}
        if channels:
            # Newest three live items of every channel in one query (no N+1).
            conditions = Q()
            for channel in channels:
                conditions |= Q(path__startswith=channel.path, depth=channel.depth + 1)
            children = (
                EducationPage.objects.live()
                .public()
                .filter(conditions)
                .order_by("-first_published_at", "-pk")
                .only("title", "path", "depth", "url_path", "summary", "first_published_at")
            )
            by_prefix = {channel.path: channel for channel in channels}
            for child in children:
                parent_path = child.path[: -Page.steplen]
                items = latest.setdefault(parent_path, [])
                if len(items) < 3:
                    items.append(child)
            for channel in channels:
                channel.latest = latest.get(channel.path, [])
            del by_prefix
        context["channels"] = channels
        return context


class ChannelKind(models.TextChoices):
    TEACHERS = "teachers", _("Teacher channel")
    STUDENTS = "students", _("Student channel")
    REGULATIONS = "regulations", _("Education regulations")
    SCHOOL = "school", _("Community school")
    FAMILY = "family", _("Family education")


class ChannelPage(EducationPage):
    """A column of the education channel: 教师频道, 学生频道, 教育法规, 社区学校, 家庭教育."""

    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=ChannelKind.choices,
        help_text=_(
            "Regulations channels list regulations with filters; the community school lists "
            "its courses."
        ),
    )
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("intro"),
    ]
    parent_page_types = ["education.EducationIndexPage"]
    subpage_types = ["education.ArticlePage", "education.RegulationPage", "education.CoursePage"]
    is_creatable = True

    class Meta:
        verbose_name = _("education channel")
        verbose_name_plural = _("education channels")

    # -- queries ----------------------------------------------------------------------------

    def articles(self):
        return (
            ArticlePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .order_by("-first_published_at", "-pk")
        )

    def regulations(self):
        return (
            RegulationPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .defer("full_text")
            .order_by("-issue_date", "-pk")
        )

    def courses(self):
        return (
            CoursePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .with_enrolment_counts()
            .annotate(
                first_session=Subquery(
                    CourseSession.objects.filter(page=OuterRef("pk"))
                    .order_by("date", "start")
                    .values("date")[:1]
                )
            )
            .prefetch_related("sessions")
            .order_by("first_session", "pk")
        )

    def regulation_filters(self) -> dict[str, list]:
        regulations = RegulationPage.objects.child_of(self).live().public()
        authorities = (
            regulations.order_by("issuing_authority")
            .values_list("issuing_authority", flat=True)
            .distinct()
        )
        years = (
            regulations.annotate(year=ExtractYear("issue_date"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return {"authorities": list(authorities), "years": list(years)}

    def get_regulations(self, request) -> dict[str, Any]:
        """The regulations this request asks for (status, authority, year) and any problems."""
        problems: list[str] = []
        regulations = self.regulations()
        status = request.GET.get("status", "")
        authority = request.GET.get("authority", "")
        year = request.GET.get("year", "")
        if status:
            if status in RegulationStatus.values:
                regulations = regulations.filter(status=status)
            else:
                problems.append(gettext("There is no such status; showing every status."))
                status = ""
        if authority:
            regulations = regulations.filter(issuing_authority=authority)
        if year:
            try:
                year_number = int(year)
                if not 1949 <= year_number <= 2100:
                    raise ValueError
            except ValueError:
                problems.append(gettext("That year does not exist; showing every year."))
                year = ""
            else:
                regulations = regulations.filter(issue_date__year=year_number)
        page = _page_of(regulations, request, problems)
        chosen = {"status": status, "authority": authority, "year": year}
        query = urlencode({key: value for key, value in chosen.items() if value})
        return {
            "filter_query": f"{query}&" if query else "",
            "items": page,
            "status": status,
            "authority": authority,
            "year": year,
            "problems": problems,
            "statuses": RegulationStatus.choices,
            **self.regulation_filters(),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.kind == ChannelKind.REGULATIONS:
            context.update(self.get_regulations(request))
        else:
            problems: list[str] = []
            context["items"] = _page_of(self.articles(), request, problems)
            context["problems"] = problems
            if self.kind == ChannelKind.SCHOOL:
                context["courses"] = self.courses()
        return context


class ArticlePage(EducationPage):
    segmented_fields = ("summary", "body")

    body = StreamField(EducationStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*EducationPage.search_fields, index.SearchField("body")]
    parent_page_types = ["education.ChannelPage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = _("education article")
        verbose_name_plural = _("education articles")


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class RegulationPage(EducationPage):
    """An education law, regulation or policy document (教育法规) with its full text."""

    segmented_fields = ("summary", "document_number", "issuing_authority", "full_text")

    document_number = models.CharField(
        _("document number"), max_length=80, blank=True, help_text=_("文号, e.g. 教基〔2024〕3号")
    )
    issuing_authority = models.CharField(_("issuing authority"), max_length=120)
    issue_date = models.DateField(_("issue date"))
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RegulationStatus.choices, default="in_force"
    )
    superseded_by = models.ForeignKey(
        "education.RegulationPage",
        verbose_name=_("amended or replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        help_text=_("The regulation that amends or replaces this one."),
    )
    full_text = RichTextField(_("full text"), blank=True)
    attachments = StreamField(AttachmentStreamBlock(), blank=True, verbose_name=_("attachments"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("issuing_authority")]),
                FieldRowPanel([FieldPanel("issue_date"), FieldPanel("effective_date")]),
                FieldRowPanel([FieldPanel("status"), FieldPanel("superseded_by")]),
            ],
            heading=_("Document"),
        ),
        FieldPanel("full_text"),
        FieldPanel("attachments"),
    ]
    search_fields = [
        *EducationPage.search_fields,
        index.SearchField("document_number"),
        index.SearchField("issuing_authority"),
        index.SearchField("full_text"),
        index.FilterField("status"),
    ]
    parent_page_types = ["education.ChannelPage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = _("education regulation")
        verbose_name_plural = _("education regulations")

    def clean(self):
        super().clean()
        errors = {}
        if self.effective_date and self.issue_date and self.effective_date < self.issue_date:
            errors["effective_date"] = _("A regulation cannot take effect before it is issued.")
        if self.status == RegulationStatus.IN_FORCE and self.superseded_by_id:
            errors["superseded_by"] = _(
                "A regulation in force is not amended or replaced: change its status first."
            )
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("A regulation cannot amend or replace itself.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Links follow the reader's language, whichever translation the field points to.
        context["superseded_by"] = self.superseded_by.localized if self.superseded_by_id else None
        context["supersedes"] = (
            RegulationPage.objects.live()
            .public()
            .filter(superseded_by__translation_key=self.translation_key, locale_id=self.locale_id)
            .order_by("-issue_date")
        )
        return context


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    ELDERLY = "elderly", _("Older residents first")
    CHILDREN = "children", _("Children")
    PARENTS = "parents", _("Parents")
    JOB_SEEKERS = "job_seekers", _("Job seekers")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class CourseQuerySet(PageQuerySet):
    def with_enrolment_counts(self):
        """Annotate ``enrolled_count`` and ``waiting_count`` (of the source course)."""

        def count(status: str):
            return Coalesce(
                Subquery(
                    Enrolment.objects.filter(
                        course__translation_key=OuterRef("translation_key"), status=status
                    )
                    .order_by()
                    .values("course__translation_key")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            )

        return self.annotate(
            enrolled_count=count(EnrolmentStatus.ENROLLED),
            waiting_count=count(EnrolmentStatus.WAITING),
        )


CourseManager = PageManager.from_queryset(CourseQuerySet)


class CoursePage(RoutablePageMixin, EducationPage):
    """A free class of the community school, with sessions, places and a waiting list."""

    segmented_fields = ("summary", "teacher", "venue", "body")

    teacher = models.CharField(_("teacher"), max_length=100)
    body = StreamField(EducationStreamBlock(), blank=True, verbose_name=_("description"))
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    venue = models.CharField(_("venue"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"), default=20)
    enrolment_opens = models.DateTimeField(_("enrolment opens"))
    enrolment_closes = models.DateTimeField(_("enrolment closes"))

    objects = CourseManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("teacher"), FieldPanel("audience")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("capacity")]),
        FieldRowPanel([FieldPanel("enrolment_opens"), FieldPanel("enrolment_closes")]),
        InlinePanel("sessions", label=_("Sessions"), min_num=1),
        FieldPanel("body"),
    ]
    search_fields = [
        *EducationPage.search_fields,
        index.SearchField("teacher"),
        index.SearchField("venue"),
        index.SearchField("body"),
        index.FilterField("audience"),
    ]
    parent_page_types = ["education.ChannelPage"]
    subpage_types: list[str] = []
    is_creatable = True

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self):
        super().clean()
        if (
            self.enrolment_opens
            and self.enrolment_closes
            and self.enrolment_closes <= self.enrolment_opens
        ):
            raise ValidationError({"enrolment_closes": _("Enrolment must close after it opens.")})

    # -- state ------------------------------------------------------------------------------

    @property
    def source(self) -> "CoursePage":
        """The course in the source language, which holds the enrolments."""
        if self.locale.language_code == SOURCE_LANGUAGE:
            return self
        locale = Locale.objects.filter(language_code=SOURCE_LANGUAGE).first()
        found = self.get_translation_or_none(locale) if locale else None
        return found.specific if found else self

    def enrolment_state(self, now: datetime.datetime | None = None) -> str:
        """ "upcoming", "open" or "closed"."""
        now = now or timezone.now()
        if now < self.enrolment_opens:
            return "upcoming"
        if now > self.enrolment_closes:
            return "closed"
        return "open"

    @property
    def free_places(self) -> int:
        """Places left, from ``with_enrolment_counts`` (lists) or counted here (one query)."""
        enrolled = getattr(self, "enrolled_count", None)
        if enrolled is None:
            enrolled = Enrolment.objects.enrolled().filter(course=self.source).count()
        return max(self.capacity - enrolled, 0)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        source = self.source
        counts = Enrolment.objects.filter(course=source).aggregate(
            enrolled=Count("pk", filter=Q(status=EnrolmentStatus.ENROLLED)),
            waiting=Count("pk", filter=Q(status=EnrolmentStatus.WAITING)),
        )
        context["enrolled_count"] = counts["enrolled"]
        context["waiting_count"] = counts["waiting"]
        context["places_left"] = max(source.capacity - counts["enrolled"], 0)
        context["is_full"] = counts["enrolled"] >= source.capacity
        context["enrolment_state"] = self.enrolment_state()
        context["sessions"] = self.sessions.all()
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context["my_enrolment"] = (
                Enrolment.objects.active().filter(course=source, user=user).first()
            )
            if context["my_enrolment"] and context["my_enrolment"].is_waiting:
                context["my_position"] = context["my_enrolment"].waiting_position()
        return context

    # -- routes -----------------------------------------------------------------------------

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("enrol/")
    def enrol_route(self, request):
        from education.views import enrol

        return enrol(request, self)

    @path("cancel/")
    def cancel_route(self, request):
        from education.views import cancel

        return cancel(request, self)

    @path("calendar/")
    def calendar_route(self, request):
        from education.views import calendar

        return calendar(request, self)


class CourseSession(Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start = models.TimeField(_("starts"))
    end = models.TimeField(_("ends"))

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("start"), FieldPanel("end")])]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A session must end after it starts.")})

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        zone = timezone.get_default_timezone()
        return (
            datetime.datetime.combine(self.date, self.start, tzinfo=zone),
            datetime.datetime.combine(self.date, self.end, tzinfo=zone),
        )


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING])

    def enrolled(self):
        return self.filter(status=EnrolmentStatus.ENROLLED)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=EnrolmentStatus.WAITING).order_by("created_at", "pk")


class Enrolment(models.Model):
    """A resident's place on a course, or on its waiting list. Changed only by ``services``."""

    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="course_enrolments",
    )
    status = models.CharField(_("status"), max_length=10, choices=EnrolmentStatus.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=SOURCE_LANGUAGE
    )
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved up from the waiting list at"), null=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["course", "status", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "user"],
                condition=Q(status__in=["enrolled", "waiting"]),
                name="education_one_active_enrolment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.course_id} ({self.status})"

    @property
    def is_waiting(self) -> bool:
        return self.status == EnrolmentStatus.WAITING

    def waiting_position(self) -> int:
        """1 for the first person on the waiting list."""
        earlier = Enrolment.objects.waiting().filter(course_id=self.course_id)
        return (
            earlier.filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
            ).count()
            + 1
        )

    @property
    def resident_name(self) -> str:
        return self.user.get_full_name() or str(self.user)

    @property
    def resident_email(self) -> str:
        return self.user.email

    @property
    def resident_phone(self) -> str:
        return getattr(self.user, "phone", "")


class EnrolmentEvent(models.Model):
    """The audit trail: who enrolled, joined the list, cancelled or moved up, and when."""

    class Action(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("Joined the waiting list")
        PROMOTED = "promoted", _("Moved up from the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("enrolment event")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.enrolment_id}"


class SessionReminder(models.Model):
    """That a participant was reminded of a session: at most once per session and person."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reminders")
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="education_one_reminder_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} / {self.session_id}"
