"""Filters for the officials' complaint list in the Wagtail admin."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from community.models import Grid
from complaints.models import OPEN_STATUSES, Channel, Complaint, ComplaintCategory, Status

STATES = [
    ("open", _("Open (not yet answered or closed)")),
    ("answered", _("Answered, waiting for the resident")),
    ("finished", _("Finished (closed or not accepted)")),
    ("all", _("All")),
]
STATE_FILTERS = {
    "open": Q(status__in=OPEN_STATUSES),
    "answered": Q(status=Status.ANSWERED),
    "finished": Q(status__in=[Status.CLOSED, Status.REJECTED]),
}
WHO = [
    ("me", _("Me (assigned to me, or unassigned in my grid or department)")),
    ("mine", _("Assigned to me")),
    ("grid", _("My grids and departments")),
]


def mine(user) -> Q:
    return Q(assignee=user)


def my_grids(user) -> Q:
    """The complaints of the grids the official looks after and of their departments."""
    groups = user.groups.values("pk")
    return (
        Q(grid__responsible_worker=user)
        | Q(department__in=groups)
        | Q(category__department__in=groups)
    )


class ComplaintFilterSet(WagtailFilterSet):
    """The officials' filters. Without a choice the list shows the open complaints: what waits
    for work comes first, finished ones are one choice away ("state")."""

    state = django_filters.ChoiceFilter(
        label=_("shown"),
        choices=STATES,
        method="filter_state",
        empty_label=None,
        initial="open",  # the default is not listed among the active filters
    )
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
    who = django_filters.ChoiceFilter(label=_("waiting for"), choices=WHO, method="filter_who")

    class Meta:
        model = Complaint
        fields = ["state", "status", "category", "grid", "channel", "due", "who"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("state"):
            data = data.copy()
            # A chosen status shows it whatever the state; otherwise the open ones.
            data["state"] = "all" if data.get("status") else "open"
        super().__init__(data, *args, **kwargs)

    def filter_state(self, queryset, name, value):
        condition = STATE_FILTERS.get(value)
        return queryset if condition is None else queryset.filter(condition)

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
        if self.request is None:
            return queryset
        user = self.request.user
        if value == "me":
            return queryset & Complaint.objects.responsible(user)
        if value == "mine":
            return queryset.filter(mine(user))
        if value == "grid":
            return queryset.filter(my_grids(user)).distinct()
        return queryset
