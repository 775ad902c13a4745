"""Editors' reports on what residents search for: the most frequent queries and the ones that
found nothing (so editors know which guide to write or which synonym to add).

One row per query and language over the chosen dates, from the daily counts in ``QueryDay``.
"""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

import django_filters

from portal.privacy import redact
from search.models import QueryDay

LANGUAGES = [("zh-hans", "中文"), ("en", "English")]


class QueryFilterSet(WagtailFilterSet):
    date = django_filters.DateFromToRangeFilter(
        label=_("Dates"), widget=django_filters.widgets.DateRangeWidget
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=LANGUAGES)

    class Meta:
        model = QueryDay
        fields = ["date", "language"]


class QueryReportView(ReportView):
    """Queries with how often they were searched and found nothing, over the chosen dates."""

    template_name = "search/admin/query_report.html"
    header_icon = "search"
    filterset_class = QueryFilterSet
    permission_policy = ModelPermissionPolicy(QueryDay)
    permission_required = "view"
    list_export = ["query", "language", "total_searches", "total_zero_results"]
    export_headings = {
        "query": _("Query"),
        "language": _("Language"),
        "total_searches": _("Searches"),
        "total_zero_results": _("Searches with no result"),
    }
    # Residents sometimes type phone or ID numbers into the search box: the report and its
    # exports show them replaced by "[…]" (portal/privacy.py).
    custom_field_preprocess = {
        "query": {ReportView.FORMAT_CSV: redact, ReportView.FORMAT_XLSX: redact},
    }
    only_zero_results = False

    @property
    def columns(self):
        return [
            Column("query", label=_("Query"), accessor=lambda row: redact(row["query"])),
            Column("language", label=_("Language"), accessor="language"),
            Column("total_searches", label=_("Searches"), accessor="total_searches"),
            Column(
                "total_zero_results",
                label=_("Searches with no result"),
                accessor="total_zero_results",
            ),
        ]

    def get_base_queryset(self):
        # Filters on date and language still apply before the grouping (SQL WHERE).
        grouped = QueryDay.objects.values("query", "language").annotate(
            total_searches=Sum("searches"), total_zero_results=Sum("zero_results")
        )
        if self.only_zero_results:
            grouped = grouped.filter(total_zero_results__gt=0)
        return grouped

    def order_queryset(self, queryset):
        if self.only_zero_results:
            return queryset.order_by("-total_zero_results", "-total_searches", "query")
        return queryset.order_by("-total_searches", "-total_zero_results", "query")


class FrequentQueriesView(QueryReportView):
    page_title = _("Search: most frequent queries")
    index_url_name = "search_frequent_queries"
    index_results_url_name = "search_frequent_queries_results"
    export_filename = "search-frequent-queries"


class ZeroResultQueriesView(QueryReportView):
    page_title = _("Search: queries that found nothing")
    index_url_name = "search_zero_result_queries"
    index_results_url_name = "search_zero_result_queries_results"
    export_filename = "search-zero-result-queries"
    only_zero_results = True
