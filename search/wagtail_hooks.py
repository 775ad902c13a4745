"""Search in the Wagtail admin: synonyms, dictionary words, promoted results and query reports.

Promoted results ("Promoted search results" in the Settings menu) come from
wagtail.contrib.search_promotions. Editors and moderators manage synonyms and dictionary words
(permissions granted in ``search/migrations/0002_editor_permissions.py``); the reports need
``portal_search.view_queryday``.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.models import DictionaryWord, SuggestionRule, Synonym
from search.reports import FrequentQueriesView, ZeroResultQueriesView

REPORT_PERMISSION = "portal_search.view_queryday"


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "resubmit"
    menu_label = _("Synonyms")
    list_display = [
        "term",
        "synonyms",
        BooleanColumn("two_way", label=_("works both ways")),
        DateColumn("updated_at", label=_("updated")),
    ]
    search_fields = ["term", "synonyms"]
    ordering = ["term"]


class DictionaryWordViewSet(SnippetViewSet):
    model = DictionaryWord
    icon = "openquote"
    menu_label = _("Dictionary words")
    list_display = ["word", "note", DateColumn("updated_at", label=_("updated"))]
    search_fields = ["word", "note"]
    ordering = ["word"]


class SuggestionRuleViewSet(SnippetViewSet):
    """Editors approve a query as a suggestion ("居民常搜") or hide it (search/suggestions.py)."""

    model = SuggestionRule
    icon = "view"
    menu_label = _("Search suggestions")
    list_display = [
        "query",
        "language",
        "decision",
        "note",
        DateColumn("updated_at", label=_("updated")),
    ]
    list_filter = ["language", "decision"]
    search_fields = ["query", "note"]
    ordering = ["language", "query"]


class SearchViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Search")
    menu_icon = "search"
    menu_order = 260
    items = (SynonymViewSet, DictionaryWordViewSet, SuggestionRuleViewSet)


register_snippet(SearchViewSetGroup)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_frequent_queries_menu_item():
    return ReportMenuItem(
        _("Search: most frequent queries"),
        reverse("search_frequent_queries"),
        name="search-frequent-queries",
        icon_name="search",
        order=1400,
    )


@hooks.register("register_reports_menu_item")
def register_zero_result_queries_menu_item():
    return ReportMenuItem(
        _("Search: queries that found nothing"),
        reverse("search_zero_result_queries"),
        name="search-zero-result-queries",
        icon_name="warning",
        order=1410,
    )


@hooks.register("register_admin_urls")
def register_query_report_urls():
    return [
        path(
            "reports/search-frequent-queries/",
            FrequentQueriesView.as_view(),
            name="search_frequent_queries",
        ),
        path(
            "reports/search-frequent-queries/results/",
            FrequentQueriesView.as_view(results_only=True),
            name="search_frequent_queries_results",
        ),
        path(
            "reports/search-zero-result-queries/",
            ZeroResultQueriesView.as_view(),
            name="search_zero_result_queries",
        ),
        path(
            "reports/search-zero-result-queries/results/",
            ZeroResultQueriesView.as_view(results_only=True),
            name="search_zero_result_queries_results",
        ),
    ]
