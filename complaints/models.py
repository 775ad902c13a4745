"""Complaints (诉求): categories with deadlines, the working-day calendar, complaints and their
photos, audit events, replies and ratings.

State changes go through ``complaints/services.py``; nothing else writes a complaint's status.
"""

import datetime
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from audit.services import actor_text
from complaints.storage import private_photo_storage


class Owner(models.TextChoices):
    GRID = "grid", _("The grid worker of the location")
    DEPARTMENT = "department", _("A department (group of officials)")


class ComplaintCategory(TranslatableMixin, models.Model):
    """物业管理, 环境卫生, 法律援助 ...: who answers, and within how many working days."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60)
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("Shown to residents when they choose a category."),
    )
    examples = models.CharField(
        _("examples"),
        max_length=200,
        blank=True,
        help_text=_(
            "Everyday cases residents recognise, shown with the category in the complaint form: "
            "street light out, loose manhole cover."
        ),
    )
    owner = models.CharField(_("owner"), max_length=20, choices=Owner.choices, default=Owner.GRID)
    department = models.ForeignKey(
        "auth.Group",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The group of officials that answers. For grid categories: who answers when the "
            "location has no grid worker."
        ),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline (working days)"), default=7, help_text=_("0 means the same working day.")
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate after (overdue days)"), default=1
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("examples"),
        FieldPanel("owner"),
        FieldPanel("department"),
        FieldPanel("deadline_days"),
        FieldPanel("escalate_after_days"),
        FieldPanel("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="complaint_category_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.owner == Owner.DEPARTMENT and self.department_id is None:
            raise ValidationError({"department": _("Choose the department that answers.")})


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday (no work)")
    WORKDAY = "workday", _("Make-up workday (调休)")


class CalendarDay(models.Model):
    """An exception to "Monday to Friday": a holiday, or a weekend day worked in exchange."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=60, blank=True, help_text=_("e.g. 国庆节"))

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")]

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()


class TrackingCounter(models.Model):
    """The last tracking number handed out in a year; locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tracking number counter")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    TRANSFERRED = "transferred", _("Transferred")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    REOPENED = "reopened", _("Reopened")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = [
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.TRANSFERRED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.REOPENED,
]


# The states a complaint ends in; the retention period runs from ``closed_at``.
FINISHED_STATUSES = [Status.CLOSED, Status.REJECTED]


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time ``months`` later (or earlier); the month's last day when shorter."""
    import calendar

    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Complaints finished before this moment are anonymised."""
    return add_months(now or timezone.now(), -settings.COMPLAINTS_RETENTION_MONTHS)


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    HOTLINE = "hotline", _("Hotline")
    MAILBOX = "mailbox", _("Mailbox")
    WINDOW = "window", _("Service window")
    OPEN311 = "open311", _("Partner system (Open311)")


class ReplyChannel(models.TextChoices):
    ONLINE = "online", _("Only on the tracking page")
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")
    PHONE = "phone", _("Phone call")


class ComplaintQuerySet(models.QuerySet):
    def open(self) -> "ComplaintQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now: datetime.datetime | None = None) -> "ComplaintQuerySet":
        return self.open().filter(deadline__lt=now or timezone.now())

    def due_within(
        self, hours: int = 24, now: datetime.datetime | None = None
    ) -> "ComplaintQuerySet":
        now = now or timezone.now()
        return self.open().filter(
            deadline__gte=now, deadline__lt=now + datetime.timedelta(hours=hours)
        )

    def due_today(self, now: datetime.datetime | None = None) -> "ComplaintQuerySet":
        """Open complaints due from now to the end of today (Asia/Shanghai)."""
        from complaints.workdays import TZ

        now = now or timezone.now()
        local = now.astimezone(TZ)
        midnight = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=TZ
        )
        return self.open().filter(deadline__gte=now, deadline__lt=midnight)

    def responsible(self, user) -> "ComplaintQuerySet":
        """The complaints that wait for this official in particular: assigned to them, or not
        assigned to anyone and in their grid, their department or their category's department.

        Narrower than ``handled_by`` (which also gives the intake desk every complaint): it is
        what the overdue digest and the dashboard panel count as "mine".
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        groups = user.groups.values("pk")
        return self.filter(
            Q(assignee=user)
            | Q(assignee__isnull=True)
            & (
                Q(grid__responsible_worker=user)
                | Q(department__in=groups)
                | Q(department__isnull=True, category__department__in=groups)
            )
        )

    def due_for_anonymisation(self, now: datetime.datetime | None = None) -> "ComplaintQuerySet":
        """Finished (closed or not accepted) before the retention period and still holding
        personal data (``COMPLAINTS_RETENTION_MONTHS``)."""
        return self.filter(
            status__in=FINISHED_STATUSES,
            closed_at__lt=retention_cutoff(now),
            anonymised_at__isnull=True,
        )

    def of_resident(self, user) -> "ComplaintQuerySet":
        """The complaints a signed-in resident submitted from their account."""
        return self.filter(user=user) if user.is_authenticated else self.none()

    def handled_by(self, user) -> "ComplaintQuerySet":
        """The complaints this official has a role on (see ``complaints.permissions``)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm("complaints.handle_all_complaints"):
            return self
        groups = user.groups.values("pk")
        return self.filter(
            Q(grid__responsible_worker=user)
            | Q(assignee=user)
            | Q(department__in=groups)
            | Q(category__department__in=groups)
        )


def tracking_number(year: int, sequence: int) -> str:
    return f"TS-{year}-{sequence:06d}"


class Complaint(models.Model):
    """A resident's complaint or request (诉求), from submission to closing."""

    number = models.CharField(_("tracking number"), max_length=20, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    submission_key_hash = models.CharField(max_length=64, unique=True, editable=False)
    category = models.ForeignKey(
        ComplaintCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=120)
    description = models.TextField(_("description"))
    grid = models.ForeignKey(
        "community.Grid",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    building = models.ForeignKey(
        "community.Building",
        verbose_name=_("building"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contact_name = models.CharField(_("name"), max_length=60, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    consent_to_publish = models.BooleanField(_("may publish an anonymised answer"), default=False)
    reply_channel = models.CharField(
        _("preferred reply"),
        max_length=10,
        choices=ReplyChannel.choices,
        default=ReplyChannel.ONLINE,
    )
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    department = models.ForeignKey(
        "auth.Group",
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints_assigned",
    )
    deadline = models.DateTimeField(_("deadline"), db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(
        _("anonymised at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the personal data was removed under the retention rule."),
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["deadline"]
        permissions = [
            ("handle_all_complaints", _("Can triage and answer complaints of every grid")),
            (
                "export_personal_data",
                _("Can export complainants' names and contact details"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def anonymise_after(self) -> datetime.datetime | None:
        """When the retention rule removes this complaint's personal data; ``None`` while it is
        open (the period starts when it is closed or not accepted)."""
        if self.anonymised_at is not None or self.closed_at is None:
            return None
        if self.status not in FINISHED_STATUSES:
            return None
        return add_months(self.closed_at, settings.COMPLAINTS_RETENTION_MONTHS)

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        return self.is_open and self.deadline < (now or timezone.now())

    @property
    def location(self) -> str:
        parts = [str(self.building) if self.building else (str(self.grid) if self.grid else "")]
        parts.append(self.address)
        return " · ".join(part for part in parts if part)


def photo_path(instance: "ComplaintPhoto", filename: str) -> str:
    """A random name: the resident's file name may say more than they meant to share."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ComplaintPhoto(models.Model):
    """A photo, re-encoded without metadata, kept outside MEDIA_ROOT (see ``views.photo``)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(storage=private_photo_storage, upload_to=photo_path, max_length=200)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.complaint.number} #{self.pk}"

    @property
    def url(self) -> str:
        """The permission-checking view that serves the photo."""
        return reverse("complaints:photo", args=[self.pk])


ACTION_LABELS = {
    "submit": _("submitted"),
    "accept": _("accepted"),
    "reject": _("rejected"),
    "transfer": _("transferred"),
    "assign": _("assigned"),
    "start": _("started"),
    "answer": _("answered"),
    "close": _("closed"),
    "reopen": _("reopened"),
    "rate": _("rated by the resident"),
    "reply": _("message to the resident"),
    "note": _("internal note"),
    "escalate": _("escalated to supervisors"),
}


class ComplaintEvent(models.Model):
    """One line of a complaint's audit trail; public events make the resident's timeline."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(
        _("by"),
        max_length=255,
        blank=True,
        help_text=_("The account as it was when it acted; kept if the account goes."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    public = models.BooleanField(_("shown to the resident"), default=True)

    class Meta:
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action} {self.from_status}->{self.to_status}"

    def save(self, *args, **kwargs):
        if self.actor_id and not self.actor_name:
            self.actor_name = actor_text(self.actor)
        super().save(*args, **kwargs)

    def get_action_display(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


class ComplaintReply(models.Model):
    """An answer or progress message to the resident (public), or an officials' note (not)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(_("by"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    public = models.BooleanField(_("public reply"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {'public' if self.public else 'internal'} {self.created_at}"

    def save(self, *args, **kwargs):
        if self.author_id and not self.author_name:
            self.author_name = actor_text(self.author)
        super().save(*args, **kwargs)


class RatingValue(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basic", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Rating(models.Model):
    """The resident's verdict on an answer; one per answer round."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="ratings")
    value = models.CharField(_("rating"), max_length=20, choices=RatingValue.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.value}"
