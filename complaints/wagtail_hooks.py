"""Complaints in the Wagtail admin.

- **Complaints** (诉求办理): the officials' list, only the complaints the user has a role on
  (``Complaint.objects.handled_by``), filtered by status, category, grid, channel, overdue or due
  within 24 hours, sorted by deadline; each opens on a page with the whole timeline, replies and
  internal notes, photos, and the actions its state allows. Actions call ``complaints.services``;
  there is no edit form, so nothing bypasses the workflow.
- **Complaint settings**: categories (translatable snippet) and the working-day calendar.

Permissions come from ``complaints/migrations/0002_roles_and_categories.py``.
"""

import datetime

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, LocaleColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from audit import services as audit
from complaints import admin_views
from complaints.admin_forms import ComplaintActionForm
from complaints.filters import ComplaintFilterSet, mine, my_grids
from complaints.models import CalendarDay, Channel, Complaint, ComplaintCategory
from complaints.permissions import can_handle, is_official
from complaints.workdays import TZ


class ComplaintPermissionPolicy(ModelPermissionPolicy):
    """Officials view complaints here; every change goes through ``complaints.services``."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Complaint, ComplaintPermissionPolicy(Complaint))


class DeadlineColumn(Column):
    """The deadline as a date and time (Wagtail's date column says "just now" of future dates),
    flagged when overdue."""

    cell_template_name = "complaints/admin/deadline_cell.html"


class StatusColumn(Column):
    """The status as a coloured tag with its name (colour is never the only signal)."""

    cell_template_name = "complaints/admin/status_cell.html"


def beijing_time(value: datetime.datetime | None) -> datetime.datetime | None:
    """An aware datetime as naive Beijing time, which spreadsheets show as it is."""
    if value is None:
        return None
    return timezone.localtime(value, TZ).replace(tzinfo=None, microsecond=0)


EXPORT = [
    "number",
    "subject",
    "status",
    "category",
    "grid",
    "building",
    "channel",
    "department",
    "assignee",
    "submitted_at",
    "deadline",
    "is_overdue",
    "answered_at",
    "closed_at",
]
EXPORT_HEADINGS = {
    "number": _("Tracking number"),
    "subject": _("Subject"),
    "status": _("Status"),
    "category": _("Category"),
    "grid": _("Grid"),
    "building": _("Building"),
    "channel": _("Channel"),
    "department": _("Department"),
    "assignee": _("Assignee"),
    "submitted_at": _("Submitted (Beijing time)"),
    "deadline": _("Deadline (Beijing time)"),
    "is_overdue": _("Overdue"),
    "answered_at": _("Answered (Beijing time)"),
    "closed_at": _("Closed (Beijing time)"),
    "contact_name": _("Name"),
    "contact_phone": _("Phone"),
    "contact_email": _("Email"),
    "address": _("Address"),
}
DATETIME_EXPORTS = ("submitted_at", "deadline", "answered_at", "closed_at")


PERSONAL_EXPORT = ["contact_name", "contact_phone", "contact_email", "address"]
IDENTITY_FIELDS = ("contact_name", "contact_phone", "contact_email")


class ComplaintIndexView(IndexView):
    """The officials' list. Its exports add the complainants' names and contact details only for
    holders of ``complaints.export_personal_data``, and never those of anonymous complaints."""

    export_headings = EXPORT_HEADINGS

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if request.user.has_perm("complaints.export_personal_data"):
            self.list_export = [*self.list_export, *PERSONAL_EXPORT]

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        """The number leads to the focused view for working on the complaint; the full record
        stays one click away ("Inspect" in the row's menu)."""
        column_class = self._get_title_column_class(column_class)
        return self._get_custom_column(
            field_name,
            column_class,
            get_url=lambda instance: reverse("complaints_admin:answer", args=[instance.pk]),
            **kwargs,
        )

    def get_filename(self):
        return "complaints-" + timezone.localtime(timezone.now(), TZ).strftime("%Y%m%d-%H%M")

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if any(field in self.list_export for field in PERSONAL_EXPORT):
            audit.record(
                audit.Action.PERSONAL_DATA_EXPORTED,
                request=self.request,
                object_type="complaints.complaint",
                object_repr=str(_("complaints")),
                detail={
                    "format": spreadsheet_format,
                    "rows": queryset.count(),
                    "filters": self.request.GET.urlencode()[:500],
                },
            )
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def to_row_dict(self, item):
        """One row in the reader's language: names instead of codes, Beijing time."""
        row = super().to_row_dict(item)
        row["status"] = item.get_status_display()
        row["channel"] = item.get_channel_display()
        row["category"] = item.category.localized.name if item.category_id else ""
        row["assignee"] = item.assignee.get_full_name() if item.assignee_id else ""
        row["is_overdue"] = _("yes") if item.is_overdue() else ""
        for field in DATETIME_EXPORTS:
            row[field] = beijing_time(row[field])
        if item.anonymous:
            for field in IDENTITY_FIELDS:
                if field in row:
                    row[field] = ""
        return {field: "" if value is None else value for field, value in row.items()}

    def write_csv_response(self, queryset):
        """The CSV is written after the view returns, outside the admin's language: keep the
        reader's language for it, and start with a byte order mark so that spreadsheet
        programs read the Chinese as UTF-8."""
        response = super().write_csv_response(queryset)
        response.streaming_content = _in_language(
            translation.get_language(), response.streaming_content
        )
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["my_work"] = my_work(self.request)
        return context

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if is_official(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Record a complaint"),
                    url=reverse("complaints_admin:intake"),
                    icon_name="plus",
                )
            )
            buttons.append(
                HeaderButton(
                    _("Assign several"),
                    url=reverse("complaints_admin:bulk_assign"),
                    icon_name="user",
                )
            )
        return buttons

    def get_base_queryset(self):
        return (
            Complaint.objects.handled_by(self.request.user)
            .select_related("category", "grid", "building", "assignee", "department")
            .order_by("deadline")
        )


def _in_language(language: str, chunks):
    yield "\ufeff".encode()
    with translation.override(language):
        yield from chunks


def my_work(request) -> list[dict]:
    """The official's views of the list, with how many open complaints each holds."""
    user = request.user
    handled = Complaint.objects.handled_by(user).open()
    index = reverse("complaints_admin:index")
    views = [
        ("me", _("Waiting for me"), Complaint.objects.responsible(user).open(), "?who=me"),
        ("mine", _("Assigned to me"), handled.filter(mine(user)), "?who=mine"),
        ("grid", _("My grids"), handled.filter(my_grids(user)).distinct(), "?who=grid"),
        ("overdue", _("Overdue"), handled.overdue(), "?due=overdue"),
        ("open", _("All open"), handled, "?state=open"),
    ]
    current = request.GET.urlencode()
    return [
        {
            "key": key,
            "label": label,
            "count": queryset.count(),
            "url": index + query,
            "current": current == query.lstrip("?"),
        }
        for key, label, queryset, query in views
    ]


INSPECT_FIELDS = [
    "number",
    "status",
    "category",
    "subject",
    "description",
    "grid",
    "building",
    "address",
    "channel",
    "contact_name",
    "contact_phone",
    "contact_email",
    "anonymous",
    "consent_to_publish",
    "reply_channel",
    "language",
    "department",
    "assignee",
    "deadline",
    "submitted_at",
]


class ComplaintInspectView(InspectView):
    template_name = "complaints/admin/inspect.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.object.anonymous:
            # The portal keeps an anonymous resident's phone or email only to send updates.
            self.fields = [field for field in self.fields if field not in IDENTITY_FIELDS]

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "Y-m-d H:i")
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if value is None or value == "":
            return "—"
        if field_name == "channel" and value == Channel.OPEN311:
            # which partner system filed it: the name of its API key
            partner = getattr(self.object, "open311_submission", None)
            if partner is not None:
                return f"{self.object.get_channel_display()} · {partner.api_key.name}"
        return super().get_field_display_value(field_name, field)

    def get_object(self, queryset=None):
        complaint = get_object_or_404(
            Complaint.objects.select_related("category", "grid"), pk=self.pk
        )
        if not can_handle(self.request.user, complaint):
            raise Http404
        return complaint

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        complaint = self.object
        shown = [field for field in PERSONAL_EXPORT if field in self.fields]
        if complaint.anonymised_at is None and any(getattr(complaint, f) for f in shown):
            audit.record(
                audit.Action.PERSONAL_DATA_VIEWED,
                request=self.request,
                obj=complaint,
                object_repr=complaint.number,
                detail={"fields": [f for f in shown if getattr(complaint, f)]},
            )
        context.update(
            {
                "anonymise_after": complaint.anonymise_after,
                "retention_months": settings.COMPLAINTS_RETENTION_MONTHS,
                "complaint": complaint,
                "events": complaint.events.select_related("actor"),
                "replies": complaint.replies.select_related("author"),
                "photos": complaint.photos.all(),
                "ratings": complaint.ratings.all(),
                "action_form": ComplaintActionForm(complaint=complaint),
                "answer_url": reverse("complaints_admin:answer", args=[complaint.pk]),
                "action_url": reverse("complaints_admin:act", args=[complaint.pk]),
                "overdue": complaint.is_overdue(),
            }
        )
        return context


class ComplaintViewSet(ModelViewSet):
    model = Complaint
    name = "complaints_admin"
    url_prefix = "complaints"
    icon = "mail"
    menu_label = _("Complaints")
    menu_order = 245
    add_to_admin_menu = True
    index_view_class = ComplaintIndexView
    index_template_name = "complaints/admin/index.html"
    inspect_view_class = ComplaintInspectView
    inspect_view_enabled = True
    inspect_view_fields = INSPECT_FIELDS
    filterset_class = ComplaintFilterSet
    search_fields = ["number", "subject"]
    list_display = [
        "number",
        "subject",
        StatusColumn("status", label=_("status")),
        "category",
        "grid",
        Column("channel", label=_("channel"), accessor="get_channel_display"),
        DeadlineColumn("deadline", label=_("deadline"), sort_key="deadline"),
        "assignee",
    ]
    ordering = ["deadline"]
    list_export = EXPORT
    form_fields = ["subject"]  # required by ModelViewSet; the edit view is never allowed

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("act/<int:pk>/", admin_views.act, name="act"),
            path("answer/<int:pk>/", admin_views.answer, name="answer"),
            path("intake/", admin_views.intake, name="intake"),
            path("bulk-assign/", admin_views.bulk_assign, name="bulk_assign"),
        ]


@hooks.register("register_admin_viewset")
def register_complaint_viewset():
    return ComplaintViewSet()


class MyComplaintsPanel(Component):
    """The dashboard panel of an official: their overdue complaints and those due today."""

    name = "my_complaints"
    template_name = "complaints/admin/dashboard_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        mine = Complaint.objects.responsible(request.user)
        index = reverse("complaints_admin:index")
        return {
            "overdue_count": mine.overdue().count(),
            "today_count": mine.due_today().count(),
            "overdue_url": f"{index}?who=me&due=overdue",
            "today_url": f"{index}?who=me&due=today",
            "all_url": f"{index}?who=me",
        }


@hooks.register("insert_global_admin_css")
def complaints_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("complaints/admin.css"))


@hooks.register("construct_homepage_panels")
def add_my_complaints_panel(request, panels):
    if is_official(request.user):
        panels.append(MyComplaintsPanel())


class ComplaintCategoryViewSet(SnippetViewSet):
    model = ComplaintCategory
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "owner", "department", "deadline_days", LocaleColumn(label=_("Locale"))]
    search_fields = ["name", "slug"]
    ordering = ["sort_order", "name"]


class CalendarDayViewSet(SnippetViewSet):
    """Public holidays and make-up workdays (调休), entered when the State Council publishes them."""

    model = CalendarDay
    icon = "date"
    menu_label = _("Working-day calendar")
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    ordering = ["-date"]


class ComplaintSettingsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Complaint settings")
    menu_icon = "cog"
    menu_order = 246
    items = (ComplaintCategoryViewSet, CalendarDayViewSet)


register_snippet(ComplaintSettingsViewSetGroup)
