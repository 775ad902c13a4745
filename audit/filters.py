"""Filters of the audit log in the admin."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

import django_filters

from audit.models import Action, AuditEntry


class AuditEntryFilterSet(WagtailFilterSet):
    action = django_filters.MultipleChoiceFilter(label=_("what"), choices=Action.choices)
    at = django_filters.DateFromToRangeFilter(label=_("when"), widget=DateRangePickerWidget)
    actor_text = django_filters.CharFilter(label=_("who"), lookup_expr="icontains")
    object_type = django_filters.CharFilter(label=_("object type"), lookup_expr="iexact")
    object_id = django_filters.CharFilter(label=_("object"), lookup_expr="exact")
    ip_address = django_filters.CharFilter(label=_("IP address"), lookup_expr="exact")

    class Meta:
        model = AuditEntry
        fields = ["action", "at", "actor_text", "object_type", "object_id", "ip_address"]
