"""The officials' report "Targeted notices: households reached".

One row per live targeted notice (its original, whatever languages it was translated into): the
grids and buildings it is for, how many households that is, and how many of them have opened it
in any language. Reads are counted per household (``NoticeRead``), never per person, and the
report names no one.

The numbers are correlated subqueries on the notice query, so the report runs the same handful of
queries whether there are ten households or ten thousand, three notices or three hundred.
"""

import datetime

from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

import django_filters

from community.models import Building, Grid, Household
from notices.models import Audience, NoticeCategory, NoticePage, NoticeRead, NotificationRound
from portal.formats import join_groups, join_list


class _Count(Func):
    """``COUNT(*)`` of a subquery's rows, without the GROUP BY an aggregate would add."""

    function = "COUNT"
    template = "%(function)s(*)"
    output_field = IntegerField()


def _audience_filter(notice, prefix: str = "") -> Q:
    """Rows (households, or reads through ``prefix``) inside the notice's grids or buildings.

    ``notice`` is an expression for the notice's primary key as seen from the filtered query.
    """
    grids = NoticePage.grids.through.objects.filter(noticepage=notice).values("grid")
    buildings = NoticePage.buildings.through.objects.filter(noticepage=notice).values("building")
    return Q(**{f"{prefix}building__grid__in": grids}) | Q(**{f"{prefix}building__in": buildings})


def targeted_notice_reach() -> QuerySet[NoticePage]:
    """Live targeted notices, one per translation, with ``households``, ``opened`` and ``reach``.

    ``reach`` is the share of targeted households that opened the notice, in percent (``None``
    when the notice targets no household). Translations share the original's reads:
    ``NoticeRead`` is keyed on the translation key. The same numbers as ``services.read_counts``,
    for every notice at once.
    """
    live_targeted = NoticePage.objects.live().public().filter(audience=Audience.TARGETED)
    originals = (
        live_targeted.order_by().values("translation_key").annotate(first=Min("pk")).values("first")
    )
    notice = OuterRef(OuterRef("pk"))
    households = (
        Household.objects.order_by()
        .filter(_audience_filter(notice))
        .annotate(n=_Count())
        .values("n")
    )
    opened = (
        NoticeRead.objects.order_by()
        .filter(notice_key=OuterRef("translation_key"))
        .filter(_audience_filter(notice, prefix="household__"))
        .annotate(n=_Count())
        .values("n")
    )
    return (
        live_targeted.filter(pk__in=originals)
        .annotate(
            households=Subquery(households, output_field=IntegerField()),
            opened=Subquery(opened, output_field=IntegerField()),
        )
        .annotate(
            reach=Case(
                When(households=0, then=Value(None)),
                default=Cast(F("opened"), FloatField())
                * 100.0
                / Cast(F("households"), FloatField()),
                output_field=FloatField(),
            )
        )
        .select_related("category")
        .prefetch_related("grids", Prefetch("buildings", Building.objects.select_related("grid")))
    )


def audience_label(notice: NoticePage) -> str:
    """The notice's grids, then its buildings by grid, in the reader's language.

    "第一网格（幸福里）；第三网格（翠竹园）1号楼、2号楼" / "Grid 1 (Xingfuli); Grid 3 (Cuizhuyuan)
    Building 1, Building 2".
    """
    parts = [str(grid) for grid in notice.grids.all()]
    buildings_by_grid: dict[Grid, list[str]] = {}
    for building in notice.buildings.all():
        buildings_by_grid.setdefault(building.grid, []).append(building.display_name)
    separator = "" if translation.get_language().startswith("zh") else " "
    parts += [f"{grid}{separator}{join_list(names)}" for grid, names in buildings_by_grid.items()]
    return join_groups(parts)


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def percentage_label(notice: NoticePage) -> str:
    return "—" if notice.reach is None else f"{notice.reach:.1f}%"


class GridFilter(django_filters.ModelChoiceFilter):
    """Notices for the grid itself or for any of its buildings."""

    def filter(self, qs, value):
        if not value:
            return qs
        chosen = NoticePage.objects.filter(Q(grids=value) | Q(buildings__grid=value))
        return qs.filter(pk__in=chosen.values("pk"))


class TargetedNoticeReachFilterSet(WagtailFilterSet):
    grid = GridFilter(label=_("Grid"), queryset=Grid.objects.all())
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=lambda request: NoticeCategory.objects.filter(locale__language_code="zh-hans"),
        method="filter_category",
    )

    class Meta:
        model = NoticePage
        fields: list[str] = []

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(category__translation_key=value.translation_key)


class TargetedNoticeReachView(ReportView):
    """Per targeted notice, how many of its households opened it. Gated by ``view_noticeread``."""

    template_name = "notices/admin/targeted_reach_report.html"
    page_title = _("Targeted notices: households reached")
    header_icon = "group"
    index_url_name = "notices_targeted_reach"
    index_results_url_name = "notices_targeted_reach_results"
    filterset_class = TargetedNoticeReachFilterSet
    permission_policy = ModelPermissionPolicy(NoticeRead)
    permission_required = "view"
    default_ordering = "-first_published_at"
    export_filename = "targeted-notices-households-reached"
    list_export = [
        "title",
        "category.name",
        "audience_label",
        "first_published_at",
        "households",
        "opened",
        "reach",
    ]
    custom_field_preprocess = {
        "first_published_at": {
            ReportView.FORMAT_CSV: lambda value: _local(value).strftime("%Y-%m-%d %H:%M"),
            ReportView.FORMAT_XLSX: lambda value: timezone.make_naive(_local(value)),
        },
        "reach": {
            ReportView.FORMAT_CSV: lambda value: "" if value is None else f"{value:.1f}",
            ReportView.FORMAT_XLSX: lambda value: None if value is None else round(value, 1),
        },
    }
    export_headings = {
        "title": _("Notice"),
        "category.name": _("Category"),
        "audience_label": _("Audience"),
        "first_published_at": _("Published"),
        "households": _("Households targeted"),
        "opened": _("Households that opened it"),
        "reach": _("Percentage of households"),
    }

    @property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Notice"),
                sort_key="title",
                get_url=lambda notice: notice.get_url(self.request),
            ),
            Column("category", label=_("Category"), accessor="category.name"),
            Column("audience", label=_("Audience"), accessor="audience_label"),
            DateColumn("first_published_at", label=_("Published"), sort_key="first_published_at"),
            Column("households", label=_("Households targeted"), sort_key="households"),
            Column("opened", label=_("Households that opened it"), sort_key="opened"),
            Column("reach", label=_("Percentage"), accessor="percentage_label", sort_key="reach"),
        ]

    def get_base_queryset(self):
        return targeted_notice_reach()

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "-pk")

    def decorate_paginated_queryset(self, object_list):
        for notice in object_list:
            notice.audience_label = audience_label(notice)
            notice.percentage_label = percentage_label(notice)
        return object_list


class EmailRoundsView(ReportView):
    """Each round of emails to subscribers, newest first: how many were sent, given up (the mail
    server refused them every time) and are still to go, and the last mail server error."""

    page_title = _("Notice emails: rounds")
    header_icon = "mail"
    index_url_name = "notices_email_rounds"
    index_results_url_name = "notices_email_rounds_results"
    permission_policy = ModelPermissionPolicy(NotificationRound)
    permission_required = "view"
    list_export = [
        "notice_title",
        "number",
        "created_at",
        "total",
        "sent_count",
        "failed_count",
        "pending_count",
        "retries",
        "next_try_at",
        "finished_at",
        "last_error",
    ]
    export_filename = "notice-email-rounds"
    paginate_by = 50

    @property
    def columns(self):
        return [
            Column("notice_title", label=_("Notice")),
            Column("number", label=_("Round")),
            DateColumn("created_at", label=_("Started")),
            Column("total", label=_("Recipients")),
            Column("sent_count", label=_("Sent")),
            Column("failed_count", label=_("Failed")),
            Column("pending_count", label=_("Pending")),
            Column("retries", label=_("Retries")),
            DateColumn("next_try_at", label=_("Next try")),
            DateColumn("finished_at", label=_("Finished")),
            Column("last_error", label=_("Last error")),
        ]

    def get_queryset(self):
        title = (
            NoticePage.objects.filter(translation_key=OuterRef("notice_key"))
            .order_by("locale_id")
            .values("title")[:1]
        )
        return (
            NotificationRound.objects.with_progress()
            .annotate(notice_title=Subquery(title))
            .order_by("-created_at")
        )
