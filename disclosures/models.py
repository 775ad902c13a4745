"""Fund disclosures (财务公开): funds, categories, yearly budgets, disclosure periods, ledger
entries and corrections, the disclosure pages and the projects the money pays for.

State changes go through ``disclosures/services.py``. Once a period is published its row and its
entries are sealed: the services refuse to change them and database triggers
(``disclosures/seal.py``) refuse any INSERT, UPDATE or DELETE that slips past them.
"""

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Sum, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, TranslatableMixin

from wagtail_localize.fields import SynchronizedField

SOURCE_LANGUAGE = "zh-hans"
ZERO = Decimal("0.00")


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def in_language(obj, language: str):
    """The translation of a translatable snippet in this language, or the object itself."""
    if obj is None or obj.locale.language_code == language:
        return obj
    return (
        type(obj)
        .objects.filter(translation_key=obj.translation_key, locale__language_code=language)
        .first()
        or obj
    )


def source_of(obj):
    """Ledgers always point at the source-language (Chinese) row of a translatable snippet."""
    return in_language(obj, SOURCE_LANGUAGE)


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class Fund(TranslatableMixin, models.Model):
    """社区公共服务专项资金, 社区办公经费, 社会捐赠 ...: one account with its own ledger."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=60, help_text=_("Used in addresses and files."))
    description = models.TextField(_("description"), blank=True)
    cadence = models.CharField(
        _("disclosure cadence"),
        max_length=10,
        choices=Cadence.choices,
        default=Cadence.MONTHLY,
        help_text=_("Monthly where money moves often, at least quarterly otherwise."),
    )
    opening_balance = money_field(
        _("opening balance"),
        default=ZERO,
        help_text=_("The balance before the first period recorded here (CNY)."),
    )

    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("cadence"),
        SynchronizedField("opening_balance"),
    ]

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("cadence"),
        FieldPanel("opening_balance"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="disclosures_fund_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name

    def period_bounds(self, day: datetime.date) -> tuple[datetime.date, datetime.date]:
        """The first and last day of the period of this fund's cadence that holds ``day``."""
        if self.cadence == Cadence.QUARTERLY:
            first_month = 3 * ((day.month - 1) // 3) + 1
            last_month = first_month + 2
        else:
            first_month = last_month = day.month
        last_day = calendar.monthrange(day.year, last_month)[1]
        return (
            datetime.date(day.year, first_month, 1),
            datetime.date(day.year, last_month, last_day),
        )


class Category(TranslatableMixin, models.Model):
    """What money is for or comes from: 环境整治, 文体活动, 财政拨款 ..."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(
        _("slug"), max_length=60, help_text=_("Used in import files, e.g. environment.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    override_translatable_fields = [SynchronizedField("slug"), SynchronizedField("sort_order")]

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("ledger category")
        verbose_name_plural = _("ledger categories")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="disclosures_category_unique_slug"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Budget(models.Model):
    """A fund's yearly budget for one category (CNY)."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.CASCADE, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    amount = money_field(_("budget"), validators=[MinValueValidator(ZERO)])

    panels = [FieldPanel("fund"), FieldPanel("year"), FieldPanel("category"), FieldPanel("amount")]

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["fund", "-year", "category__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "year", "category"], name="disclosures_budget_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.year} {self.category}: {self.amount}"

    def save(self, *args, **kwargs):
        self.fund = source_of(self.fund)
        self.category = source_of(self.category)
        super().save(*args, **kwargs)


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Open: the finance clerk enters entries")
    PREPARED = "prepared", _("Prepared: waiting for the oversight group's sign-off")
    PUBLISHED = "published", _("Published")


class PeriodQuerySet(models.QuerySet):
    def published(self) -> "PeriodQuerySet":
        return self.filter(status=PeriodStatus.PUBLISHED)


class Period(models.Model):
    """One month or quarter of one fund: what the oversight group signs off as a whole."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="periods"
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    opening_balance = money_field(_("opening balance"), null=True, blank=True)
    closing_balance = money_field(_("closing balance"), null=True, blank=True)
    digest = models.CharField(
        _("SHA-256 digest"),
        max_length=64,
        blank=True,
        help_text=_(
            "Of the sealed statement (dates, balances, category totals and the entries), fixed "
            "at publication."
        ),
    )
    digest_version = models.PositiveSmallIntegerField(
        _("digest version"),
        default=1,
        help_text=_(
            "2: the digest covers the sealed statement; 1: the entries only (periods sealed "
            "before the statement existed)."
        ),
    )
    prepared_at = models.DateTimeField(_("prepared at"), null=True, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclosure period")
        verbose_name_plural = _("disclosure periods")
        ordering = ["fund", "-start"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "start"], name="disclosures_period_unique"),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="disclosures_period_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.label}"

    @property
    def is_published(self) -> bool:
        return self.status == PeriodStatus.PUBLISHED

    @property
    def label(self) -> str:
        if self.start.month == self.end.month:
            return gettext("%(month)d/%(year)d") % {
                "year": self.start.year,
                "month": self.start.month,
            }
        return gettext("Q%(quarter)d %(year)d") % {
            "year": self.start.year,
            "quarter": (self.start.month - 1) // 3 + 1,
        }

    @property
    def key(self) -> str:
        """Used in file names: 2026-03 or 2026-Q1."""
        if self.start.month == self.end.month:
            return f"{self.start:%Y-%m}"
        return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"


class Kind(models.TextChoices):
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


def signed_amount():
    """Income adds to the balance, expense takes from it: as a database expression."""
    return Case(
        When(kind=Kind.INCOME, then=F("amount")),
        default=Value(ZERO) - F("amount"),
        output_field=models.DecimalField(max_digits=14, decimal_places=2),
    )


class LedgerEntryQuerySet(models.QuerySet):
    def public(self) -> "LedgerEntryQuerySet":
        """Entries of published periods: the only ones residents may see."""
        return self.filter(period__status=PeriodStatus.PUBLISHED)

    def for_table(self) -> "LedgerEntryQuerySet":
        return self.select_related("category", "voucher", "corrects", "project").order_by(
            "date", "pk"
        )

    def totals(self) -> dict[str, Decimal]:
        """Income and expense of these entries, summed in the database."""
        result = self.aggregate(
            income=Sum("amount", filter=Q(kind=Kind.INCOME)),
            expense=Sum("amount", filter=Q(kind=Kind.EXPENSE)),
        )
        return {key: value or ZERO for key, value in result.items()}


class LedgerEntry(models.Model):
    """One line of a fund's ledger. Public once its period is published, then never changed."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="entries"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("income or expense"), max_length=10, choices=Kind.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="entries"
    )
    description = models.CharField(_("description"), max_length=300)
    amount = money_field(_("amount (CNY)"))
    counterparty = models.CharField(_("counterparty"), max_length=120, blank=True)
    voucher_number = models.CharField(_("voucher number"), max_length=40, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=120, blank=True)
    voucher = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("scanned voucher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "disclosures.ProjectPage",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["period", "date", "pk"]
        # The table's order: a page of a published period is read from where it starts.
        indexes = [
            models.Index(fields=["period", "date", "id"], name="disclosures_entry_period_order")
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disclosures_entry_positive"),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="disclosures_correction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.amount} {self.description}"

    @property
    def signed(self) -> Decimal:
        return self.amount if self.kind == Kind.INCOME else -self.amount


ACTIONS = {
    "entry_added": _("entry added"),
    "entry_changed": _("entry changed"),
    "entry_deleted": _("entry deleted"),
    "entry_corrected": _("correction entered"),
    "entries_imported": _("entries imported"),
    "prepared": _("prepared for sign-off"),
    "reopened": _("sent back for changes"),
    "signed_off": _("signed off and published"),
    "resealed": _("digest recomputed over the whole statement (version 2)"),
}


class DisclosureEvent(models.Model):
    """The audit trail: who entered, corrected, prepared, reopened and signed off what."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("disclosure event")
        verbose_name_plural = _("disclosure events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.period}"

    def get_action_display(self) -> str:
        return str(ACTIONS.get(self.action, self.action))


def locale_for(language: str) -> Locale | None:
    return Locale.objects.filter(language_code=language).first()


# Pages live in pages.py; imported here so Django finds them in the app's models module.
from disclosures.pages import (  # noqa: E402
    DisclosureIndexPage,
    DisclosurePage,
    ProjectIndexPage,
    ProjectPage,
)
from disclosures.workflow import OversightSignOffTask  # noqa: E402

__all__ = [
    "Budget",
    "Cadence",
    "Category",
    "DisclosureEvent",
    "DisclosureIndexPage",
    "DisclosurePage",
    "Fund",
    "Kind",
    "LedgerEntry",
    "OversightSignOffTask",
    "Period",
    "PeriodStatus",
    "ProjectIndexPage",
    "ProjectPage",
]


class LedgerTextQuerySet(models.QuerySet):
    def glossary(self, language: str) -> dict[str, str]:
        """Every translated ledger text of ``language``: Chinese text -> its translation."""
        return dict(self.filter(language=language).values_list("source", "text"))

    def untranslated(self, language: str) -> list[str]:
        """Descriptions, counterparties and approvals of published entries not yet translated."""
        texts: set[str] = set()
        published = LedgerEntry.objects.filter(period__status=PeriodStatus.PUBLISHED)
        for field in LEDGER_TEXT_FIELDS:
            texts.update(published.exclude(**{field: ""}).values_list(field, flat=True).distinct())
        done = set(self.filter(language=language).values_list("source", flat=True))
        return sorted(texts - done)


LEDGER_TEXT_FIELDS = ("description", "counterparty", "approved_by", "correction_reason")


class LedgerText(models.Model):
    """The translation of a text written in ledgers: a description, a payee, an approval.

    Ledger entries are sealed once published, and the same texts come back every month (the
    stairwell cleaning fee, the same contractor, the same approving meeting): each distinct text
    is translated once here and shown wherever it appears, on published periods too, without
    touching a sealed entry.
    """

    source = models.CharField(_("text in the ledger (Chinese)"), max_length=300)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=[
            (code, name)
            for code, name in settings.WAGTAIL_CONTENT_LANGUAGES
            if code != SOURCE_LANGUAGE
        ],
        default="en",
    )
    text = models.CharField(_("translation"), max_length=300)

    objects = LedgerTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger text translation")
        verbose_name_plural = _("ledger text translations")
        ordering = ["source"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "language"], name="disclosures_ledger_text_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.text}"
