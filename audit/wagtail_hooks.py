"""The audit log in the Wagtail admin (Settings → Audit log): read-only, filterable, exportable.

Nobody adds, edits or deletes entries here (the database refuses it anyway). Superusers see it,
and every group given "Can view audit entry". Each export is itself an audit entry: the log
holds names and addresses.
"""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from audit import services
from audit.filters import AuditEntryFilterSet
from audit.models import Action, AuditEntry
from portal.exports import neutralise
from portal.formats import join_list
from portal.names import display_name


class ReadOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action not in ("view", "inspect"):
            return False
        return super().user_has_permission(user, "view")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(AuditEntry, ReadOnlyPolicy(AuditEntry))


def _local(value):
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i:s")
    return value


def about(entry: AuditEntry) -> str:
    """What an entry is about; a group by its name in the reader's language (entries record the
    name as stored)."""
    if entry.object_type == "auth.group":
        return display_name(entry.object_repr)
    return entry.object_repr


def group_change(detail: dict) -> str:
    """The groups an account joined or left, named in the reader's language."""
    labels = {
        "added": gettext("Added to: %(groups)s"),
        "removed": gettext("Removed from: %(groups)s"),
    }
    return "; ".join(
        labels[change] % {"groups": join_list(display_name(name) for name in detail[change])}
        for change in ("added", "removed")
        if detail.get(change)
    )


class AuditIndexView(IndexView):
    def get_base_queryset(self):
        return AuditEntry.objects.all()

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["at"] = _local(item.at)
        row["action"] = item.get_action_display()
        return row

    def write_csv_row(self, writer, row_dict):
        return super().write_csv_row(
            writer, {field: neutralise(value) for field, value in row_dict.items()}
        )

    def as_spreadsheet(self, queryset, spreadsheet_format):
        services.record(
            Action.PERSONAL_DATA_EXPORTED,
            request=self.request,
            object_type="audit.auditentry",
            object_repr=str(_("audit log")),
            detail={"format": spreadsheet_format, "filters": self.request.GET.urlencode()[:500]},
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class AuditInspectView(InspectView):
    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if isinstance(value, datetime.datetime):
            return _local(value)
        if value in (None, "", {}):
            return "—"
        if field_name == "object_repr":
            return about(self.object)
        if field_name == "detail" and self.object.action == Action.GROUP_CHANGED:
            return group_change(value) or "—"
        return super().get_field_display_value(field_name, field)


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    name = "audit"
    url_prefix = "audit"
    icon = "history"
    menu_label = _("Audit log")
    add_to_settings_menu = True
    menu_order = 700
    index_view_class = AuditIndexView
    inspect_view_class = AuditInspectView
    inspect_view_enabled = True
    filterset_class = AuditEntryFilterSet
    list_per_page = 50
    list_display = [
        DateColumn("at", label=_("when"), sort_key="at"),
        Column("action", label=_("what"), accessor="get_action_display"),
        Column("actor_text", label=_("who")),
        Column("object_repr", label=_("about"), accessor=about),
        Column("ip_address", label=_("IP address")),
    ]
    list_export = [
        "at",
        "action",
        "actor_text",
        "actor_id",
        "object_type",
        "object_id",
        "object_repr",
        "detail",
        "ip_address",
        "path",
    ]
    export_filename = "audit-log"
    exclude_form_fields = []  # no add or edit view is reachable (ReadOnlyPolicy)
    search_fields = ["actor_text", "object_repr", "object_id"]
    inspect_view_fields = [
        "at",
        "action",
        "actor_text",
        "actor_id",
        "object_type",
        "object_id",
        "object_repr",
        "detail",
        "ip_address",
        "path",
    ]


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEntryViewSet()


# -- accounts that acted are deactivated, not deleted ------------------------------------------

KEEP_REASON = _(
    "This account has acted in the portal (complaints, verifications, polls, disclosures or "
    "other recorded work). The records must keep naming who acted, so the account is "
    "deactivated instead of deleted: it can no longer sign in and loses every role check."
)


@hooks.register("before_delete_user")
def deactivate_instead_of_deleting(request, user):
    if not services.has_acted(user):
        return None
    if request.method == "POST":
        services.deactivate_instead_of_delete(user, actor=request.user, request=request)
        messages.warning(
            request,
            _("%(user)s was deactivated, not deleted. %(reason)s")
            % {"user": services.actor_text(user), "reason": KEEP_REASON},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "audit/deactivate_instead.html",
        {"account": user, "account_text": services.actor_text(user), "reason": KEEP_REASON},
    )


@hooks.register("before_bulk_action")
def refuse_bulk_deletion_of_accounts_that_acted(request, action_type, objects, action_class):
    User = get_user_model()
    if action_type != "delete" or not objects or not isinstance(objects[0], User):
        return None
    acted = [user for user in objects if services.has_acted(user)]
    if not acted:
        return None
    for user in acted:
        services.deactivate_instead_of_delete(user, actor=request.user, request=request)
    messages.warning(
        request,
        _("Nothing was deleted. Deactivated instead: %(users)s. %(reason)s")
        % {"users": ", ".join(services.actor_text(user) for user in acted), "reason": KEEP_REASON},
    )
    return redirect("wagtailusers_users:index")


@hooks.register("after_delete_user")
def record_deletion(request, user):
    services.record(
        Action.ACCOUNT_DELETED,
        request=request,
        object_type=user._meta.label_lower,
        object_id=user.pk or "",
        object_repr=services.actor_text(user),
    )
