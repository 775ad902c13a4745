"""Polls (一户一票), satisfaction appraisals (民主评议) and consultations on drafts (征求意见).

A poll is a page; its questions and their options are child objects translated with the page.
Votes are always recorded against the poll in the source language (``PollPage.source``) and its
options, whatever language the resident voted in.

Two tables hold a vote, written in one transaction by ``polls.services.cast_ballot``:

- ``Participation``: who took part (the household and/or the account), through which channel.
  Database constraints allow one per (poll, household) or per (poll, account).
- ``Ballot``: what was chosen. It has no link to the participation, the voter or the household,
  no timestamp, a random key, and its position among the poll's ballots is shuffled on every
  insert (see ``services._store_ballot``), so neither its key nor its place in the table tells
  when it was cast.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page, TranslatableMixin

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail_localize.fields import SynchronizedField

from audit.services import actor_text


class PollKind(models.TextChoices):
    GENERAL = "general", _("Poll")
    PROJECTS = "projects", _("Project selection")
    APPRAISAL = "appraisal", _("Satisfaction appraisal")


class Eligibility(models.TextChoices):
    ACCOUNT = "account", _("One ballot per verified account")
    REPRESENTATIVE = "representative", _("One ballot per household, cast by its representative")
    FIRST_MEMBER = "first_member", _("One ballot per household, cast by the first member to vote")


class ResultsVisibility(models.TextChoices):
    LIVE = "live", _("Live, while the poll is open")
    AFTER_CLOSE = "after_close", _("After closing")
    OFFICIALS = "officials", _("Officials only")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Home visit")
    PAPER = "paper", _("Paper ballot")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    RATING = "rating", _("Rating 1 to 5")
    TEXT = "text", _("Free text")
    SATISFACTION = "satisfaction", _("Satisfied / basically satisfied / dissatisfied")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class PollIndexPage(Page):
    """Lists the polls and consultations beneath it: open first, then closed."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["polls.PollPage", "polls.ConsultationPage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("polls and consultations index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        polls = list(PollPage.objects.child_of(self).live().specific().order_by("-opens_at", "pk"))
        context["open_polls"] = [poll for poll in polls if poll.is_open(now)]
        context["other_polls"] = [poll for poll in polls if not poll.is_open(now)]
        context["consultations"] = (
            ConsultationPage.objects.child_of(self).live().order_by("-opens_at", "pk")
        )
        return context


class PollPage(RoutablePageMixin, Page):
    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h2", "h3"]
    )
    kind = models.CharField(
        _("kind of poll"), max_length=12, choices=PollKind.choices, default=PollKind.GENERAL
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    grids = ParentalManyToManyField(
        "community.Grid",
        verbose_name=_("grids"),
        blank=True,
        help_text=_("Leave empty for the whole community."),
    )
    eligibility = models.CharField(
        _("who votes"),
        max_length=16,
        choices=Eligibility.choices,
        default=Eligibility.REPRESENTATIVE,
    )
    results_visibility = models.CharField(
        _("results are shown"),
        max_length=12,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_CLOSE,
    )
    dissatisfied_threshold = models.PositiveSmallIntegerField(
        _("dissatisfied share that raises a flag (%)"),
        default=20,
        help_text=_("Appraisals flag a member or service whose dissatisfied share exceeds this."),
    )

    override_translatable_fields = [
        SynchronizedField("kind"),
        SynchronizedField("opens_at"),
        SynchronizedField("closes_at"),
        SynchronizedField("grids"),
        SynchronizedField("eligibility"),
        SynchronizedField("results_visibility"),
        SynchronizedField("dissatisfied_threshold"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=_("Schedule"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("grids"),
                FieldPanel("eligibility"),
                FieldPanel("results_visibility"),
                FieldPanel("dissatisfied_threshold"),
            ],
            heading=_("Who votes and who sees the results"),
        ),
        InlinePanel("questions", heading=_("Questions"), min_num=1),
    ]

    parent_page_types = ["polls.PollIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        permissions = [
            ("view_poll_results", _("Can see every poll's results, with the breakdown by grid")),
            ("approve_project", _("Can approve winning options as fund projects")),
        ]

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A poll must close after it opens.")})

    # -- state ------------------------------------------------------------------------------

    @property
    def source(self) -> "PollPage":
        """The poll in the default language: the one that holds the votes."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return (
            PollPage.objects.filter(translation_key=self.translation_key, locale=default).first()
            or self
        )

    @property
    def per_household(self) -> bool:
        return self.eligibility != Eligibility.ACCOUNT

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def has_opened(self, now=None) -> bool:
        return (now or timezone.now()) >= self.opens_at

    def get_questions(self):
        return self.questions.prefetch_related("options").order_by("sort_order", "pk")

    # -- routes (views in polls.views) -------------------------------------------------------

    @path("")
    def vote(self, request):
        from polls import views

        return views.poll_page(request, self)

    @path("results/")
    def results(self, request):
        from polls import views

        return views.results_page(request, self)

    @path("results/<str:fmt>/")
    def results_export(self, request, fmt):
        from polls import views

        return views.results_export(request, self, fmt)

    @path("record/")
    def record_offline(self, request):
        from polls import views

        return views.record_offline(request, self)

    @path("approve/<int:option_id>/")
    def approve(self, request, option_id):
        from polls import views

        return views.approve(request, self, option_id)


class Question(TranslatableMixin, ClusterableModel, Orderable):
    poll = ParentalKey(PollPage, related_name="questions", on_delete=models.CASCADE)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    max_choices = models.PositiveSmallIntegerField(
        _("at most this many choices"),
        null=True,
        blank=True,
        help_text=_("Multiple choice only; empty for no limit."),
    )
    required = models.BooleanField(_("an answer is required"), default=True)

    override_translatable_fields = [
        SynchronizedField("kind"),
        SynchronizedField("max_choices"),
        SynchronizedField("required"),
    ]

    panels = [
        FieldPanel("text"),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("max_choices"), FieldPanel("required")]),
        InlinePanel("options", heading=_("Options")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class PollOption(TranslatableMixin, Orderable):
    """One choice of a question. On a project-selection poll a winning option is approved as a
    project of the public-service fund (the disclosures section links its projects to it)."""

    question = ParentalKey(Question, related_name="options", on_delete=models.CASCADE)
    label = models.CharField(_("option"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    approved = models.BooleanField(_("approved as a project"), default=False, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    panels = [FieldPanel("label"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        # An option has its question's language: copies made when translating the poll
        # follow their question, as Wagtail localizes only direct children of a page.
        if self.question is not None and self.question.locale_id:
            self.locale_id = self.question.locale_id
        # Approval is set only by polls.services.approve_option (a queryset update): publishing
        # a page revision made before the approval must not undo it.
        if self.pk:
            stored = (
                PollOption.objects.filter(pk=self.pk)
                .values("approved", "approved_at", "approved_by")
                .first()
            )
            if stored:
                self.approved = stored["approved"]
                self.approved_at = stored["approved_at"]
                self.approved_by_id = stored["approved_by"]
        super().save(*args, **kwargs)


class Participation(models.Model):
    """That a household or account took part in a poll; never what it chose."""

    poll = models.ForeignKey(
        PollPage, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="participations"
    )
    per_household = models.BooleanField(_("one per household"))
    household = models.ForeignKey(
        "community.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="poll_participations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="poll_participations",
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by_name = models.CharField(
        _("recorded by (as it was)"),
        max_length=255,
        blank=True,
        help_text=_("The official's account as it was when they recorded the ballot."),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        permissions = [
            ("record_offline_ballot", _("Can record ballots taken by phone, visit or paper")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "household"],
                condition=Q(per_household=True),
                name="polls_one_ballot_per_household",
            ),
            models.UniqueConstraint(
                fields=["poll", "user"],
                condition=Q(per_household=False),
                name="polls_one_ballot_per_account",
            ),
            models.CheckConstraint(
                condition=Q(per_household=False) | Q(household__isnull=False),
                name="polls_household_participation_has_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}: {self.household_id or self.user_id}"

    def save(self, *args, **kwargs):
        if self.recorded_by_id and not self.recorded_by_name:
            self.recorded_by_name = actor_text(self.recorded_by)
        super().save(*args, **kwargs)


class Ballot(models.Model):
    """What one household or account chose: no voter, no household, no time (see module doc)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        PollPage, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="ballots"
    )
    grid = models.ForeignKey(
        "community.Grid",
        verbose_name=_("grid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Only for the per-grid breakdown, shown for grids with enough ballots."),
    )
    answers = models.JSONField(_("answers"))

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.pk)


class PollEvent(models.Model):
    """The audit trail of the officials' acts on polls and consultations."""

    class Action(models.TextChoices):
        OFFLINE_BALLOT = "offline_ballot", _("recorded an off-line ballot")
        APPROVED = "approved", _("approved an option as a project")
        UNAPPROVED = "unapproved", _("withdrew a project approval")
        COMMENT_APPROVED = "comment_approved", _("approved a comment")
        COMMENT_REJECTED = "comment_rejected", _("rejected a comment")
        RESPONSE = "response", _("published the response")

    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(_("by (as it was)"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("poll event")
        verbose_name_plural = _("poll events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.actor_id and not self.actor_name:
            self.actor_name = actor_text(self.actor)
        super().save(*args, **kwargs)


# -- consultations -----------------------------------------------------------------------------


class Moderation(models.TextChoices):
    PRE = "pre", _("Comments appear after an official approves them")
    POST = "post", _("Comments appear at once; officials can remove them")


class ConsultationPage(RoutablePageMixin, Page):
    """A draft put out for comment (征求意见), split into sections residents comment on."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link", "ol", "ul"])
    opens_at = models.DateTimeField(_("comments open at"))
    closes_at = models.DateTimeField(_("comments close at"))
    moderation = models.CharField(
        _("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.PRE
    )
    response = RichTextField(
        _("response"),
        blank=True,
        features=["bold", "link", "ol", "ul", "h2", "h3"],
        editable=False,
        help_text=_("What changed after the consultation; published by an official after closing."),
    )
    response_published_at = models.DateTimeField(
        _("response published at"), null=True, blank=True, editable=False
    )

    override_translatable_fields = [
        SynchronizedField("opens_at"),
        SynchronizedField("closes_at"),
        SynchronizedField("moderation"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("moderation"),
        InlinePanel("sections", heading=_("Sections of the draft"), min_num=1),
    ]

    parent_page_types = ["polls.PollIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A consultation must close after it opens.")})

    def save(self, *args, **kwargs):
        # The response is set only by polls.services.publish_response; an editor publishing
        # an older revision keeps it.
        if self.pk:
            stored = (
                ConsultationPage.objects.filter(pk=self.pk)
                .values("response", "response_published_at")
                .first()
            )
            if stored:
                self.response = stored["response"]
                self.response_published_at = stored["response_published_at"]
        return super().save(*args, **kwargs)

    @property
    def source(self) -> "ConsultationPage":
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return (
            ConsultationPage.objects.filter(
                translation_key=self.translation_key, locale=default
            ).first()
            or self
        )

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    @path("")
    def consultation(self, request):
        from polls import views

        return views.consultation_page(request, self)

    @path("comments/csv/")
    def comments_export(self, request):
        from polls import views

        return views.comments_export(request, self)

    @path("moderate/<int:comment_id>/")
    def moderate(self, request, comment_id):
        from polls import views

        return views.moderate(request, self, comment_id)

    @path("response/")
    def respond(self, request):
        from polls import views

        return views.respond(request, self)


class DraftSection(TranslatableMixin, Orderable):
    page = ParentalKey(ConsultationPage, related_name="sections", on_delete=models.CASCADE)
    heading = models.CharField(_("heading"), max_length=200)
    body = RichTextField(_("text"), features=["bold", "italic", "ol", "ul", "link"])

    panels = [FieldPanel("heading"), FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.heading


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("not published")


class ConsultationComment(models.Model):
    consultation = models.ForeignKey(
        ConsultationPage,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    section = models.ForeignKey(
        DraftSection,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="consultation_comments",
    )
    body = models.TextField(_("comment"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [
            ("moderate_comments", _("Can moderate comments on drafts")),
            ("publish_response", _("Can publish the response to a consultation")),
        ]
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:40]
