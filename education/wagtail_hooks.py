"""Course rosters in the Wagtail admin: who is enrolled or waiting, exportable as CSV and XLSX.

Officials see the roster (``view_enrolment``, given by ``migrations/0002_roles.py``); nobody
edits it here: places change only through ``education.services`` (the residents' own enrol and
cancel buttons), so capacity and the waiting list are never bypassed.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from audit import services as audit
from education.filters import EnrolmentFilterSet
from education.models import Enrolment


class RosterPermissionPolicy(ModelPermissionPolicy):
    """Rosters are read here; every change goes through ``education.services``."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(Enrolment, RosterPermissionPolicy(Enrolment))


class RosterIndexView(IndexView):
    """Rosters carry residents' names, emails and phones: each export is in the audit log."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        audit.record(
            audit.Action.PERSONAL_DATA_EXPORTED,
            request=self.request,
            object_type="education.enrolment",
            object_repr=str(_("Course rosters")),
            detail={"format": spreadsheet_format, "filters": self.request.GET.urlencode()[:500]},
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class EnrolmentViewSet(ModelViewSet):
    model = Enrolment
    name = "course_roster"
    url_prefix = "course-roster"
    icon = "group"
    menu_label = _("Course rosters")
    menu_order = 250
    add_to_admin_menu = True
    filterset_class = EnrolmentFilterSet
    index_view_class = RosterIndexView
    list_display = [
        Column("course", label=_("course")),
        Column("resident_name", label=_("resident")),
        Column("resident_email", label=_("email")),
        Column("resident_phone", label=_("phone")),
        Column("status", label=_("status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("signed up at"), sort_key="created_at"),
    ]
    list_export = [
        "course",
        "resident_name",
        "resident_email",
        "resident_phone",
        "get_status_display",
        "created_at",
        "promoted_at",
    ]
    export_headings = {
        "course": _("course"),
        "resident_name": _("resident"),
        "resident_email": _("email"),
        "resident_phone": _("phone"),
        "get_status_display": _("status"),
        "created_at": _("signed up at"),
        "promoted_at": _("moved up from the waiting list at"),
    }
    export_filename = "course-roster"
    ordering = ["course", "status", "created_at"]
    inspect_view_enabled = False
    form_fields = ["status"]  # required by ModelViewSet; the edit view is never allowed

    def get_queryset(self, request):
        return Enrolment.objects.active().select_related("course", "user")


@hooks.register("register_admin_viewset")
def register_roster_viewset():
    return EnrolmentViewSet()
