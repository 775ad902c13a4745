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
        choices=[
            ("overdue", _("Overdue")),
            ("today", _("Due today")),
            ("24h", _("Due within 24 hours")),
        ],
        method="filter_due",
    )
    who = django_filters.ChoiceFilter(
        label=_("waiting for"),
        choices=[("me", _("Me (assigned to me, or unassigned in my grid or department)"))],
        method="filter_who",
    )

    class Meta:
        model = Complaint
        fields = ["status", "category", "grid", "channel", "due", "who"]

    def filter_due(self, queryset, name, value):
        now = timezone.now()
        if value == "overdue":
            return queryset.overdue(now)
        if value == "today":
            return queryset.due_today(now)
        if value == "24h":
            return queryset.due_within(24, now)
        return queryset

    def filter_who(self, queryset, name, value):
        if value == "me" and self.request is not None:
            return queryset & Complaint.objects.responsible(self.request.user)
        return queryset
