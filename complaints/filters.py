"""Filters for the officials' complaint list in the Wagtail admin."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from community.models import Grid
from complaints.models import Channel, Complaint, ComplaintCategory, Status


class ComplaintFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("status"), choices=Status.choices)
    category = django_filters.ModelChoiceFilter(
        label=_("category"),
        queryset=ComplaintCategory.objects.filter(locale__language_code="zh-hans"),
    )
    grid = django_filters.ModelChoiceFilter(label=_("grid"), queryset=Grid.objects.all())
    channel = django_filters.ChoiceFilter(label=_("channel"), choices=Channel.choices)
    due = django_filters.ChoiceFilter(
        label=_("deadline"),
        choices=[("overdue", _("Overdue")), ("24h", _("Due within 24 hours"))],
        method="filter_due",
    )

    class Meta:
        model = Complaint
        fields = ["status", "category", "grid", "channel", "due"]

    def filter_due(self, queryset, name, value):
        now = timezone.now()
        if value == "overdue":
            return queryset.overdue(now)
        if value == "24h":
            return queryset.due_within(24, now)
        return queryset
