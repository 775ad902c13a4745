"""The community's map in the Wagtail admin: grids, buildings, households and residencies.

Who may see or change what follows the Django model permissions of each model (the viewsets use
Wagtail's default model permission policy); the roles that hold them are set up in
``accounts/migrations/0002_roles.py``.
"""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from audit import services as audit
from community import admin_views, services
from community.filters import BuildingFilterSet, HouseholdFilterSet, ResidencyFilterSet
from community.models import Building, Grid, Household, Residency
from portal.admin_menu import RestrictedMenuItem


class HouseholdAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Building.__str__ names its grid: one query for the whole select, not one per option.
        self.fields["building"].queryset = Building.objects.select_related("grid")


class ResidencyAdminForm(WagtailAdminModelForm):
    """Records who verified a residency and when, from the official saving the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        household = self.fields["household"]
        household.queryset = Household.objects.select_related("building__grid")
        # Room numbers repeat across grids; the household code tells them apart.
        household.label_from_instance = lambda obj: f"{obj.code} · {obj}"

    def clean(self):
        cleaned_data = super().clean()
        if "verified" in self.changed_data:
            if cleaned_data.get("verified"):
                self.instance.verified_by = self.for_user
                self.instance.verified_at = timezone.now()
            else:
                self.instance.verified_by = None
                self.instance.verified_at = None
        return cleaned_data

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if commit and "verified" in self.changed_data:
            audit.record(
                audit.Action.HOUSEHOLD_VERIFICATION,
                actor=self.for_user,
                obj=instance,
                detail={
                    "step": "verified" if instance.verified else "revoked",
                    "household": instance.household_id,
                    "user": instance.user_id,
                    "by_hand": True,
                },
            )
        return instance


class GridViewSet(ModelViewSet):
    model = Grid
    name = "community_grids"
    url_prefix = "community/grids"
    icon = "site"
    list_display = [
        TitleColumn("display_name", label=_("name"), url_name="community_grids:edit"),
        "code",
        "responsible_worker",
    ]
    search_fields = ["name", "name_en", "code"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en"), FieldPanel("code")]),
        FieldPanel("responsible_worker"),
        FieldPanel("description"),
        FieldPanel("description_en"),
    ]


class BuildingViewSet(ModelViewSet):
    model = Building
    name = "community_buildings"
    url_prefix = "community/buildings"
    icon = "home"
    list_display = [
        TitleColumn("display_name", label=_("name"), url_name="community_buildings:edit"),
        "grid",
        "units",
        "floors",
        "leader",
    ]
    search_fields = ["name", "name_en", "grid__name", "grid__name_en"]
    filterset_class = BuildingFilterSet
    panels = [
        FieldRowPanel([FieldPanel("grid"), FieldPanel("name"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("units"), FieldPanel("floors")]),
        FieldPanel("leader"),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Building.objects.select_related("grid", "leader"), **kwargs
        )


class HouseholdViewSet(ModelViewSet):
    model = Household
    name = "community_households"
    url_prefix = "community/households"
    icon = "key"
    list_display = ["code", "building", "unit", "room"]
    search_fields = ["code", "room", "building__name"]
    filterset_class = HouseholdFilterSet
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("building"),
            FieldRowPanel([FieldPanel("unit"), FieldPanel("room")]),
            FieldPanel("code"),
        ],
        base_form_class=HouseholdAdminForm,
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Household.objects.select_related("building__grid"), **kwargs
        )


class ResidencyViewSet(ModelViewSet):
    model = Residency
    name = "community_residencies"
    url_prefix = "community/residencies"
    icon = "user"
    list_display = [
        "user",
        "household",
        BooleanColumn("verified", label=_("verified"), sort_key="verified"),
        BooleanColumn(
            "is_representative", label=_("household representative"), sort_key="is_representative"
        ),
        "verified_by",
        DateColumn("created_at", label=_("requested at"), sort_key="created_at"),
    ]
    search_fields = [
        "user__display_name",
        "user__email",
        "user__username",
        "household__code",
    ]
    filterset_class = ResidencyFilterSet
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            FieldPanel("household"),
            FieldRowPanel([FieldPanel("verified"), FieldPanel("is_representative")]),
        ],
        base_form_class=ResidencyAdminForm,
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Residency.objects.select_related(
                "user", "verified_by", "household__building__grid"
            ),
            **kwargs,
        )


class CommunityViewSetGroup(ModelViewSetGroup):
    menu_label = _("Community")
    menu_icon = "group"
    menu_order = 250
    items = (GridViewSet, BuildingViewSet, HouseholdViewSet, ResidencyViewSet)


@hooks.register("register_admin_viewset")
def register_community_viewsets():
    return CommunityViewSetGroup()


@hooks.register("register_admin_urls")
def register_request_urls():
    return [
        path("community/requests/", admin_views.requests_index, name="community_requests"),
        path(
            "community/requests/<int:pk>/",
            admin_views.decide,
            name="community_request_decide",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_requests_menu_item():
    return RestrictedMenuItem(
        _("Household requests"),
        reverse("community_requests"),
        shown_to=lambda request: services.grids_verified_by(request.user).exists(),
        icon_name="user",
        order=251,
    )
