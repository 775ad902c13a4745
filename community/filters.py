"""Filters for the community listings in the Wagtail admin (see ``wagtail_hooks.py``)."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from community.models import Building, Grid, Household, Residency


class BuildingFilterSet(WagtailFilterSet):
    grid = django_filters.ModelChoiceFilter(label=_("grid"), queryset=Grid.objects.all())

    class Meta:
        model = Building
        fields = ["grid"]


class HouseholdFilterSet(WagtailFilterSet):
    grid = django_filters.ModelChoiceFilter(
        label=_("grid"), field_name="building__grid", queryset=Grid.objects.all()
    )
    building = django_filters.ModelChoiceFilter(
        label=_("building"),
        # Building.__str__ names the grid too: fetch it in the same query.
        queryset=Building.objects.select_related("grid"),
    )

    class Meta:
        model = Household
        fields = ["grid", "building"]


class ResidencyFilterSet(WagtailFilterSet):
    grid = django_filters.ModelChoiceFilter(
        label=_("grid"), field_name="household__building__grid", queryset=Grid.objects.all()
    )

    class Meta:
        model = Residency
        fields = ["verified", "is_representative", "grid"]
