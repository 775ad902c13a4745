"""The public pages: the disclosures index, one disclosure page per fund and period, the
projects listing and one page per project.

A disclosure page shows its period only once the oversight group has signed it off; before that
only a preview (for the clerk and the reviewers) shows it. Every figure is summed in the database
and the entry table is paginated, so a period of 10,000 entries costs the same few queries.
"""

from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Locale, Page

from wagtail_localize.fields import SynchronizedField

ENTRIES_PER_PAGE = 50
# How long a published period's figures are kept (they never change; the key names the digest).
FIGURES_SECONDS = 24 * 3600
MONEY = models.DecimalField(max_digits=14, decimal_places=2)


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


class DisclosureIndexPage(Page):
    """财务公开: the funds and their published periods, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["disclosures.DisclosurePage", "disclosures.ProjectIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("fund disclosures index")

    def published_pages(self):
        from disclosures.models import PeriodStatus

        return (
            DisclosurePage.objects.child_of(self)
            .live()
            .public()
            .filter(period__status=PeriodStatus.PUBLISHED)
            .select_related("period", "period__fund")
            .order_by("-period__start", "period__fund__name")
        )

    def get_context(self, request, *args, **kwargs):
        from disclosures.models import Fund, in_language

        context = super().get_context(request, *args, **kwargs)
        language = _language()
        funds: dict[int, dict[str, Any]] = {}
        for disclosure in self.published_pages():
            fund = disclosure.period.fund
            if fund.pk not in funds:
                funds[fund.pk] = {"fund": fund, "pages": []}
            funds[fund.pk]["pages"].append(disclosure)
        names = {
            fund.translation_key: fund
            for fund in Fund.objects.filter(
                translation_key__in=[item["fund"].translation_key for item in funds.values()],
                locale__language_code=language,
            )
        }
        for item in funds.values():
            item["fund"] = names.get(item["fund"].translation_key) or in_language(
                item["fund"], language
            )
        context["funds"] = list(funds.values())
        context["projects_page"] = ProjectIndexPage.objects.child_of(self).live().first()
        return context


class DisclosurePage(RoutablePageMixin, Page):
    """One fund's accounts for one period: made by ``services.prepare_period``."""

    period = models.ForeignKey(
        "disclosures.Period",
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="pages",
    )

    content_panels = [*Page.content_panels, FieldPanel("period", read_only=True)]
    override_translatable_fields = [SynchronizedField("period")]
    parent_page_types = ["disclosures.DisclosureIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("disclosure page")

    # -- what residents may see -------------------------------------------------------------

    def _visible(self, request) -> bool:
        if self.period.is_published:
            return True
        return bool(getattr(request, "is_preview", False))

    def entries(self):
        return self.period.entries.all()

    def entry_table(self):
        """The entries in date order with the running balance, computed by the database."""
        from disclosures.models import Category, signed_amount

        opening = self.opening_balance()
        category_label = Category.objects.filter(
            translation_key=OuterRef("category__translation_key"),
            locale__language_code=_language(),
        ).values("name")[:1]
        return (
            self.entries()
            .for_table()
            .annotate(
                running=Value(opening, output_field=MONEY)
                + Window(Sum(signed_amount()), order_by=[F("date").asc(), F("pk").asc()]),
                category_label=Coalesce(Subquery(category_label), F("category__name")),
            )
        )

    def figures(self) -> dict[str, Any]:
        """The period's totals, category totals, number of entries and the balance at the start
        of each page of its table.

        A published period never changes (corrections are entries of later periods), so its
        figures are computed once and kept in the cache under its digest: the page then costs
        the same at 100 entries and at 10,000, whichever page of the table is asked for. A
        period not yet published (a preview) is summed on every view.
        """
        period = self.period
        if not period.is_published:
            return {"totals": self.entries().totals(), "categories": self.category_totals()}
        published = period.published_at.timestamp() if period.published_at else 0
        key = f"disclosures:figures:{period.pk}:{period.digest}:{published}:{_language()}"
        figures = cache.get(key)
        if figures is None:
            figures = {
                "totals": self.entries().totals(),
                "categories": self.category_totals(),
                **self._page_starts(),
            }
            cache.set(key, figures, FIGURES_SECONDS)
        return figures

    def _page_starts(self) -> dict[str, Any]:
        """Where each page of the table starts (date and key of its first entry) and the balance
        before it, from one pass over the entries in table order."""
        from disclosures.models import Kind

        balance = self.opening_balance()
        starts = []
        count = 0
        rows = self.entries().order_by("date", "pk").values_list("date", "pk", "kind", "amount")
        for date, pk, kind, amount in rows.iterator(chunk_size=2000):
            if count % ENTRIES_PER_PAGE == 0:
                starts.append((date, pk, balance))
            balance += amount if kind == Kind.INCOME else -amount
            count += 1
        return {"count": count, "starts": starts}

    def opening_balance(self) -> Decimal:
        from disclosures import services

        if self.period.opening_balance is not None:
            return self.period.opening_balance
        return services.opening_balance(self.period)

    def category_totals(self) -> list[dict[str, Any]]:
        """Income and expense per category in the active language (two queries)."""
        from disclosures.models import Category, Kind

        rows = list(
            self.entries()
            .values("category_id", "category__translation_key", "category__name")
            .annotate(
                income=Coalesce(Sum("amount", filter=Q(kind=Kind.INCOME)), Decimal("0")),
                expense=Coalesce(Sum("amount", filter=Q(kind=Kind.EXPENSE)), Decimal("0")),
            )
            .order_by("category__sort_order", "category__name")
        )
        names = dict(
            Category.objects.filter(
                translation_key__in=[row["category__translation_key"] for row in rows],
                locale__language_code=_language(),
            ).values_list("translation_key", "name")
        )
        largest = max([row["expense"] for row in rows] + [Decimal("0.01")])
        return [
            {
                "name": names.get(row["category__translation_key"], row["category__name"]),
                "income": row["income"],
                "expense": row["expense"],
                "bar": round(float(row["expense"] / largest) * 100, 1),
            }
            for row in rows
        ]

    def budget_lines(self) -> list[dict[str, Any]]:
        """The fund's budget for the period's year against expenses up to the period's end."""
        from disclosures.models import Budget, Category, Kind, LedgerEntry, PeriodStatus

        period = self.period
        year = period.start.year
        spent = dict(
            LedgerEntry.objects.filter(
                Q(period__status=PeriodStatus.PUBLISHED) | Q(period=period),
                period__fund=period.fund_id,
                kind=Kind.EXPENSE,
                date__year=year,
                date__lte=period.end,
            )
            .values("category_id")
            .annotate(total=Sum("amount"))
            .values_list("category_id", "total")
        )
        budgets = list(
            Budget.objects.filter(fund=period.fund_id, year=year).select_related("category")
        )
        names = dict(
            Category.objects.filter(
                translation_key__in=[b.category.translation_key for b in budgets],
                locale__language_code=_language(),
            ).values_list("translation_key", "name")
        )
        largest = max(
            [b.amount for b in budgets] + [spent.get(b.category_id, 0) for b in budgets] + [1]
        )
        lines = []
        for budget in budgets:
            actual = spent.get(budget.category_id) or Decimal("0.00")
            lines.append(
                {
                    "name": names.get(budget.category.translation_key, budget.category.name),
                    "budget": budget.amount,
                    "actual": actual,
                    "remaining": budget.amount - actual,
                    "percent": round(float(actual / budget.amount) * 100) if budget.amount else 0,
                    "budget_bar": round(float(budget.amount / largest) * 100, 1),
                    "actual_bar": round(float(actual / largest) * 100, 1),
                }
            )
        return lines

    def corrections(self):
        """Corrections entered in this period, and later corrections of this period's entries."""
        from disclosures.models import LedgerEntry

        return (
            LedgerEntry.objects.filter(
                Q(period=self.period, corrects__isnull=False) | Q(corrects__period=self.period)
            )
            .filter(Q(period__status="published") | Q(period=self.period))
            .select_related("corrects", "period")
            .order_by("date", "pk")
        )

    def fund_in_language(self):
        from disclosures.models import in_language

        return in_language(self.period.fund, _language())

    # -- views ------------------------------------------------------------------------------

    def _context(self, request) -> dict[str, Any]:
        from disclosures import charts
        from disclosures.models import PeriodStatus

        figures = self.figures()
        totals = figures["totals"]
        opening = self.opening_balance()
        closing = opening + totals["income"] - totals["expense"]
        categories = figures["categories"]
        budget_lines = self.budget_lines()
        fund = self.fund_in_language()
        # Shown in the language of the request (an English alias keeps the Chinese title).
        self.title = f"{fund.name} {self.period.label}"
        return {
            "page": self,
            "self": self,
            "fund": fund,
            "period": self.period,
            "opening": opening,
            "closing": closing,
            "totals": totals,
            "categories": categories,
            "budget_lines": budget_lines,
            "category_chart": charts.bars(
                [(row["name"], row["expense"]) for row in categories if row["expense"]],
                lambda value: f"¥{value:,.2f}",
            ),
            "budget_chart": charts.paired_bars(
                [(line["name"], line["budget"], line["actual"]) for line in budget_lines],
                lambda budget, actual: f"{round(actual / budget * 100) if budget else 0}%",
            ),
            "corrections": list(self.corrections()),
            "draft": self.period.status != PeriodStatus.PUBLISHED,
        }

    @path("")
    def disclosure(self, request):
        if not self._visible(request):
            raise Http404
        context = self._context(request)
        table = self.entry_table()
        if self.period.is_published:
            table = PublishedEntryTable(self, self.figures())
        paginator = Paginator(table, ENTRIES_PER_PAGE)
        try:
            entries = paginator.page(request.GET.get("page", "1"))
        except (PageNotAnInteger, EmptyPage):
            entries = paginator.page(1)
        context["entries"] = entries
        return render(request, "disclosures/disclosure_page.html", context)

    @path("print/")
    def print_view(self, request):
        """Every entry on one page, for printing and for the notice board."""
        if not self._visible(request):
            raise Http404
        context = self._context(request)
        context["entries"] = self.entry_table().iterator(chunk_size=2000)
        context["print_all"] = True
        return render(request, "disclosures/disclosure_print.html", context)

    @path("download/<str:fmt>/")
    def download(self, request, fmt: str):
        from disclosures import exports

        if not self._visible(request) or fmt not in exports.FORMATS:
            raise Http404
        return exports.response(self.period, fmt, language=_language())

    def serve_preview(self, request, mode_name):
        request.is_preview = True
        return self.disclosure(request)


class PublishedEntryTable:
    """The entry table of a published period for ``Paginator``: its length comes from the kept
    figures and each page is read from where it starts (an index range, not every entry before
    it), its running balance added up from the balance kept for that start."""

    def __init__(self, page: DisclosurePage, figures: dict[str, Any]):
        self.page = page
        self.figures = figures

    def count(self) -> int:
        return self.figures["count"]

    def __len__(self) -> int:
        return self.figures["count"]

    def __getitem__(self, window: slice) -> list:
        from disclosures.models import Category, Kind, LedgerEntry

        start, stop = window.start or 0, min(window.stop, self.count())
        if start >= stop:
            return []
        date, pk, balance = self.figures["starts"][start // ENTRIES_PER_PAGE]
        skip = start % ENTRIES_PER_PAGE  # a slice that does not begin a page (not used by pages)
        category_label = Category.objects.filter(
            translation_key=OuterRef("category__translation_key"),
            locale__language_code=_language(),
        ).values("name")[:1]
        table = LedgerEntry._meta.db_table
        # The page's first entry and every one after it in table order, as one row comparison:
        # the index on (period, date, id) seeks to it on SQLite and PostgreSQL alike. Written as
        # "a later date, or the same date and a later key", PostgreSQL's planner could read the
        # period from its start and filter (1,100 rows for a page of 50 at 2,000 entries).
        # The table name comes from the model; the values are parameters.
        after_start = RawSQL(  # noqa: S611
            f'("{table}"."date", "{table}"."id") >= (%s, %s)',
            (date, pk),
            output_field=models.BooleanField(),
        )
        entries = list(
            self.page.entries()
            .for_table()
            .filter(after_start, date__gte=date)
            .annotate(category_label=Coalesce(Subquery(category_label), F("category__name")))[
                : stop - start + skip
            ]
        )
        for entry in entries:
            balance += entry.amount if entry.kind == Kind.INCOME else -entry.amount
            entry.running = balance
        return entries[skip:]


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("project status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("project status", "In progress")
    DONE = "done", pgettext_lazy("project status", "Done")


class ProjectSource(models.TextChoices):
    POLL = "poll", _("Approved by residents in a poll")
    ANNUAL_PLAN = "annual_plan", _("The community's annual plan")


class MilestoneBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("date"))
    title = blocks.CharBlock(label=_("what happened"), max_length=120)
    text = blocks.TextBlock(label=_("details"), required=False)
    photo = ImageChooserBlock(label=_("photo"), required=False)

    class Meta:
        icon = "date"
        template = "disclosures/blocks/milestone.html"
        label = _("milestone")
        description = _("A dated step of the project, with an optional photo.")
        preview_value = {"date": "2026-05-01", "title": "开工", "text": "施工队进场。"}


def _spent_subquery():
    """Expense minus refunds of published entries linked to the project (any language)."""
    from disclosures.models import Kind, LedgerEntry, PeriodStatus

    return Subquery(
        LedgerEntry.objects.filter(
            project__translation_key=OuterRef("translation_key"),
            period__status=PeriodStatus.PUBLISHED,
        )
        .values("project__translation_key")
        .annotate(
            total=Coalesce(Sum("amount", filter=Q(kind=Kind.EXPENSE)), Decimal("0"))
            - Coalesce(Sum("amount", filter=Q(kind=Kind.INCOME)), Decimal("0"))
        )
        .values("total")[:1],
        output_field=MONEY,
    )


class ProjectIndexPage(Page):
    """民生项目: every project, with its budget, spending and progress."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["disclosures.DisclosureIndexPage"]
    subpage_types = ["disclosures.ProjectPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("projects index")

    def projects(self):
        return (
            ProjectPage.objects.child_of(self)
            .live()
            .public()
            .annotate(spent_total=Coalesce(_spent_subquery(), Decimal("0")))
            .annotate(
                status_order=Case(
                    When(status=ProjectStatus.IN_PROGRESS, then=Value(0)),
                    When(status=ProjectStatus.PLANNED, then=Value(1)),
                    default=Value(2),
                )
            )
            .order_by("status_order", "-first_published_at", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = self.projects()
        return context


class ProjectPage(Page):
    """A project the money pays for: where it came from, its budget, progress and spending."""

    summary = models.TextField(_("description"))
    source = models.CharField(
        _("source"), max_length=20, choices=ProjectSource.choices, default=ProjectSource.ANNUAL_PLAN
    )
    source_reference = models.CharField(
        _("source reference"),
        max_length=200,
        blank=True,
        help_text=_("Which poll option or which item of the annual plan, e.g. 2026年度计划第3项."),
    )
    source_option = models.ForeignKey(
        "polls.PollOption",
        verbose_name=_("approved poll option"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        limit_choices_to={"approved": True, "question__poll__locale__language_code": "zh-hans"},
        help_text=_(
            "For a project chosen by residents: the winning option of the project-selection "
            "poll, once an official has approved it on the poll's results page. Only approved "
            "options are listed. The project page shows the option's votes and links to the "
            "poll's results."
        ),
    )
    budget = models.DecimalField(_("budget (CNY)"), max_digits=14, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    milestones = StreamField(
        [("milestone", MilestoneBlock())], verbose_name=_("milestones"), blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("source"), FieldPanel("source_reference")]),
                FieldPanel("source_option"),
            ],
            heading=_("Where the project comes from"),
        ),
        FieldRowPanel([FieldPanel("budget"), FieldPanel("status"), FieldPanel("progress")]),
        FieldPanel("milestones"),
    ]
    override_translatable_fields = [
        SynchronizedField("source"),
        SynchronizedField("source_option"),
        SynchronizedField("budget"),
        SynchronizedField("status"),
        SynchronizedField("progress"),
    ]
    parent_page_types = ["disclosures.ProjectIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("project")

    def clean(self):
        super().clean()
        if self.source == ProjectSource.POLL:
            option = self.source_option
            if option is None or not option.approved:
                raise ValidationError(
                    {
                        "source_option": _(
                            "A project from a poll needs the poll option residents chose, "
                            "approved by an official on the poll's results page."
                        )
                    }
                )
        elif self.source_option_id is not None:
            raise ValidationError(
                {
                    "source_option": _(
                        "Only a project from a poll has a poll option: choose the poll as its "
                        "source or leave this empty."
                    )
                }
            )

    def poll_choice(self, request) -> dict[str, Any] | None:
        """The poll that chose this project, in the reader's language, with the option's votes
        (when the poll's results are public) and the link to the results."""
        option = self.source_option
        if self.source != ProjectSource.POLL or option is None or not option.approved:
            return None
        from polls import services as polls

        poll = option.question.poll.specific
        shown = poll
        if _language() != poll.locale.language_code:
            translated = poll.get_translation_or_none(
                Locale.objects.filter(language_code=_language()).first()
            )
            if translated is not None and translated.live:
                shown = translated.specific
        choice: dict[str, Any] = {
            "poll": shown,
            "option": option,
            "results_url": None,
            "votes": None,
            "percent": None,
        }
        if shown.live and polls.results_visible(poll, request.user):
            choice["results_url"] = shown.url + "results/"
            votes = polls.option_votes(shown, option)
            if votes is not None:
                choice["votes"], choice["percent"] = votes
        return choice

    def linked_entries(self):
        from disclosures.models import LedgerEntry

        return (
            LedgerEntry.objects.public()
            .filter(project__translation_key=self.translation_key)
            .select_related("category", "period", "period__fund")
            .order_by("date", "pk")
        )

    def spent(self) -> Decimal:
        totals = self.linked_entries().totals()
        return totals.get("expense", Decimal("0")) - totals.get("income", Decimal("0"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        spent = self.spent()
        context["spent"] = spent
        context["remaining"] = self.budget - spent
        context["spent_percent"] = (
            min(100, round(float(spent / self.budget) * 100)) if self.budget else 0
        )
        context["linked_entries"] = self.linked_entries()[:200]
        context["poll_choice"] = self.poll_choice(request)
        return context
