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
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, LocaleColumn
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
from complaints.filters import ComplaintFilterSet
from complaints.models import CalendarDay, Complaint, ComplaintCategory
from complaints.permissions import can_handle, is_official


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


PERSONAL_EXPORT = ["contact_name", "contact_phone", "contact_email", "address"]
IDENTITY_FIELDS = ("contact_name", "contact_phone", "contact_email")


class ComplaintIndexView(IndexView):
    """The officials' list. Its exports add the complainants' names and contact details only for
    holders of ``complaints.export_personal_data``, and never those of anonymous complaints."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if request.user.has_perm("complaints.export_personal_data"):
            self.list_export = [*self.list_export, *PERSONAL_EXPORT]

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
        row = super().to_row_dict(item)
        if item.anonymous:
            for field in IDENTITY_FIELDS:
                if field in row:
                    row[field] = ""
        return row

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
            .select_related("category", "grid", "assignee")
            .order_by("deadline")
        )


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
    inspect_view_class = ComplaintInspectView
    inspect_view_enabled = True
    inspect_view_fields = INSPECT_FIELDS
    filterset_class = ComplaintFilterSet
    search_fields = ["number", "subject"]
    list_display = [
        "number",
        "subject",
        Column("status", label=_("status"), accessor="get_status_display"),
        "category",
        "grid",
        Column("channel", label=_("channel"), accessor="get_channel_display"),
        DeadlineColumn("deadline", label=_("deadline"), sort_key="deadline"),
        "assignee",
    ]
    ordering = ["deadline"]
    list_export = ["number", "subject", "status", "category", "grid", "channel", "deadline"]
    form_fields = ["subject"]  # required by ModelViewSet; the edit view is never allowed

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("act/<int:pk>/", admin_views.act, name="act"),
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


@hooks.register("construct_homepage_panels")
def add_my_complaints_panel(request, panels):
    if is_official(request.user):
        panels.append(MyComplaintsPanel())


class ComplaintCategoryViewSet(SnippetViewSet):
    model = ComplaintCategory
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "owner", "department", "deadline_days", LocaleColumn()]
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
