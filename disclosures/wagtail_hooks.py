"""Fund disclosures in the Wagtail admin.

- **Ledger entries**: the finance clerks' list and form. Saving, changing and deleting go through
  ``disclosures.services`` (an entry of a prepared or published period cannot change; a
  correction names the published entry it corrects).
- **Disclosure periods**: each period's status, totals and history; "Prepare for sign-off" hands
  it to the oversight group (``services.prepare_period``), "Import entries" reads an XLSX or CSV
  file. The oversight group approves in the workflow ("Oversight sign-off") on the period's page.
- **Fund settings**: funds and categories (translatable snippets) and yearly budget lines.
- The dashboard lists funds whose period is overdue for publication.

Permissions come from ``disclosures/migrations/0003_roles_and_finance_questions.py``.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, LocaleColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from disclosures import admin_views, cadence, services
from disclosures.admin_forms import LedgerEntryForm
from disclosures.admin_views import SERVICE_ERRORS
from disclosures.models import (
    Budget,
    Category,
    Fund,
    LedgerEntry,
    LedgerText,
    Period,
    PeriodStatus,
)


def _entry_data(form) -> services.EntryData:
    data = form.cleaned_data
    return services.EntryData(
        date=data["date"],
        kind=data["kind"],
        category=data["category"],
        description=data["description"],
        amount=data["amount"],
        counterparty=data.get("counterparty", ""),
        voucher_number=data.get("voucher_number", ""),
        approved_by=data.get("approved_by", ""),
        voucher=data.get("voucher"),
        project=data.get("project"),
    )


class EntryCreateView(CreateView):
    def form_valid(self, form):
        self.form = form
        try:
            original = form.cleaned_data.get("corrects")
            if original is not None:
                self.object = services.correct_entry(
                    original,
                    _entry_data(form),
                    reason=form.cleaned_data["correction_reason"],
                    actor=self.request.user,
                )
            else:
                self.object = services.add_entry(
                    form.cleaned_data["fund"], _entry_data(form), actor=self.request.user
                )
        except SERVICE_ERRORS as error:
            form.add_error(None, str(error))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        messages.success(self.request, _("Entry %(number)s saved.") % {"number": self.object.pk})
        return redirect(self.get_success_url())


class EntryEditView(EditView):
    def form_valid(self, form):
        self.form = form
        try:
            self.object = services.update_entry(
                self.object, _entry_data(form), actor=self.request.user
            )
        except SERVICE_ERRORS as error:
            form.add_error(None, str(error))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        messages.success(self.request, _("Entry %(number)s saved.") % {"number": self.object.pk})
        return redirect(self.get_success_url())


class EntryDeleteView(DeleteView):
    def form_valid(self, form):
        try:
            services.delete_entry(self.object, actor=self.request.user)
        except SERVICE_ERRORS as error:
            messages.error(self.request, str(error))
            return redirect(self.get_success_url())
        messages.success(self.request, _("Entry deleted."))
        return redirect(self.get_success_url())


class EntryIndexView(IndexView):
    def get_base_queryset(self):
        return LedgerEntry.objects.select_related("period", "period__fund", "category").order_by(
            "-date", "-pk"
        )


class LedgerEntryViewSet(ModelViewSet):
    model = LedgerEntry
    icon = "list-ul"
    menu_label = _("Ledger entries")
    url_prefix = "disclosures/entries"
    name = "disclosure_entries"
    index_view_class = EntryIndexView
    add_view_class = EntryCreateView
    edit_view_class = EntryEditView
    delete_view_class = EntryDeleteView
    inspect_view_enabled = True
    list_display = [
        "pk",
        "date",
        Column("fund", label=_("fund"), accessor="period.fund"),
        Column("kind", label=_("income or expense"), accessor="get_kind_display"),
        "category",
        "description",
        "amount",
        Column("status", label=_("status"), accessor="period.get_status_display"),
    ]
    list_filter = ["period__fund", "kind", "period__status", "category"]
    search_fields = ["description", "counterparty", "voucher_number"]
    list_export = [
        "pk",
        "date",
        "kind",
        "category",
        "description",
        "amount",
        "counterparty",
        "voucher_number",
        "approved_by",
    ]
    ordering = ["-date"]

    def get_form_class(self, for_update=False):
        return LedgerEntryForm


# -- periods ------------------------------------------------------------------------------------


class PeriodPermissionPolicy(ModelPermissionPolicy):
    """Periods are seen here; they change only through ``disclosures.services``."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Period, PeriodPermissionPolicy(Period))


class PeriodIndexView(IndexView):
    def get_base_queryset(self):
        return Period.objects.select_related("fund").order_by("-start", "fund__name")


class PeriodInspectView(InspectView):
    template_name = "disclosures/admin/period_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.object
        totals = period.entries.totals()
        opening = (
            period.opening_balance
            if period.opening_balance is not None
            else services.opening_balance(period)
        )
        context.update(
            {
                "period": period,
                "totals": totals,
                "opening": opening,
                "closing": opening + totals["income"] - totals["expense"],
                "entry_count": period.entries.count(),
                "events": period.events.select_related("actor"),
                "findings": services.personal_data_findings(period)
                if period.status == PeriodStatus.OPEN
                else [],
                "page": period.pages.filter(locale__language_code="zh-hans").first(),
                "can_prepare": period.status == PeriodStatus.OPEN
                and services.is_clerk(self.request.user),
                "prepare_url": reverse("disclosure_periods:prepare", args=[period.pk]),
                "import_url": reverse("disclosure_periods:import", args=[period.pk]),
                "entries_url": reverse("disclosure_entries:index")
                + f"?period__fund={period.fund_id}",
            }
        )
        return context


class PeriodViewSet(ModelViewSet):
    model = Period
    icon = "date"
    menu_label = _("Disclosure periods")
    url_prefix = "disclosures/periods"
    name = "disclosure_periods"
    index_view_class = PeriodIndexView
    inspect_view_class = PeriodInspectView
    inspect_view_enabled = True
    list_display = [
        # The row's link to the period (totals, history, "Prepare for sign-off").
        TitleColumn(
            "label",
            label=_("period"),
            accessor="label",
            get_url=lambda period: reverse("disclosure_periods:inspect", args=[period.pk]),
        ),
        Column("fund", label=_("fund"), accessor="fund"),
        Column("status", label=_("status"), accessor="get_status_display"),
        "published_at",
        "signed_off_by",
    ]
    list_filter = ["fund", "status"]
    form_fields = ["end"]  # the edit form is never offered: periods change through services

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/prepare/", admin_views.prepare, name="prepare"),
            path("<int:pk>/refused/", admin_views.refused, name="refused"),
            path("<int:pk>/import/", admin_views.import_entries, name="import"),
            path("template.<str:fmt>", admin_views.import_template, name="template"),
        ]


class FundViewSet(SnippetViewSet):
    model = Fund
    icon = "folder-open-inverse"
    menu_label = _("Funds")
    list_display = ["name", "slug", "cadence", LocaleColumn(label=_("Locale"))]
    ordering = ["name"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Ledger categories")
    list_display = ["name", "slug", LocaleColumn(label=_("Locale"))]
    ordering = ["sort_order", "name"]


class BudgetViewSet(ModelViewSet):
    model = Budget
    icon = "calculator"
    menu_label = _("Budgets")
    url_prefix = "disclosures/budgets"
    name = "disclosure_budgets"
    list_display = ["fund", "year", "category", "amount"]
    list_filter = ["fund", "year"]
    # Plain selects: Wagtail's snippet chooser builds its labels once, at startup, in the
    # default language, and an English clerk would read "选择 资金".
    panels = [
        FieldPanel("fund", widget=forms.Select),
        FieldPanel("year"),
        FieldPanel("category", widget=forms.Select),
        FieldPanel("amount"),
    ]


class LedgerTextViewSet(ModelViewSet):
    """Translations of ledger texts; published entries stay sealed, their texts are glossed."""

    model = LedgerText
    icon = "globe"
    menu_label = _("Ledger translations")
    url_prefix = "disclosures/ledger-texts"
    name = "disclosure_ledger_texts"
    list_display = ["source", "text", "language"]
    list_filter = ["language"]
    search_fields = ["source", "text"]
    form_fields = ["source", "language", "text"]


class DisclosuresGroup(ViewSetGroup):
    menu_label = _("Fund disclosures")
    menu_icon = "doc-full"
    menu_order = 247
    items = (
        LedgerEntryViewSet,
        PeriodViewSet,
        FundViewSet,
        CategoryViewSet,
        BudgetViewSet,
        LedgerTextViewSet,
    )


@hooks.register("register_admin_viewset")
def register_disclosures():
    return DisclosuresGroup()


class OverduePanel(Component):
    """Funds whose period should have been published by now."""

    name = "overdue_disclosures"
    template_name = "disclosures/admin/overdue_panel.html"
    order = 95

    def get_context_data(self, parent_context):
        return {
            "overdue": cadence.overdue(),
            "periods_url": reverse("disclosure_periods:index"),
        }


@hooks.register("construct_homepage_panels")
def add_overdue_panel(request, panels):
    if services.is_clerk(request.user) or services.is_oversight(request.user):
        panels.append(OverduePanel())


@hooks.register("before_serve_document")
def keep_vouchers_private_until_published(document, request):
    """A scanned voucher is public once an entry it belongs to is in a published period; before
    that only finance clerks and the oversight group may open it (entries are private until
    publication, and so are their vouchers)."""
    entries = LedgerEntry.objects.filter(voucher=document)
    if not entries.exists() or entries.filter(period__status=PeriodStatus.PUBLISHED).exists():
        return None
    if services.is_clerk(request.user) or services.is_oversight(request.user):
        return None
    raise Http404
