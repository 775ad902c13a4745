"""Search in the Wagtail admin: the thesaurus, life events, dictionary words, promoted results and
query reports.

Promoted results ("Promoted search results" in the Settings menu) come from
wagtail.contrib.search_promotions. Editors and moderators manage the thesaurus, life events and
dictionary words (permissions granted in ``search/migrations/0002_editor_permissions.py`` and
``0005``); the reports need ``portal_search.view_queryday``. A query that found nothing is one
click from a new thesaurus entry: the report links to the entry form with the query filled in.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from portal.admin_menu import RestrictedMenuItem
from search.models import DictionaryWord, LifeEvent, SuggestionRule, Synonym
from search.reports import FrequentQueriesView, ZeroResultQueriesView

REPORT_PERMISSION = "portal_search.view_queryday"


class SynonymCreateView(CreateView):
    """The entry form, with the word filled in when the zero-result report links here
    (``?term=...``)."""

    def get_initial(self):
        initial = super().get_initial()
        term = self.request.GET.get("term", "").strip()[
            : Synonym._meta.get_field("term").max_length
        ]
        if term:
            initial["term"] = term
            initial["two_way"] = False  # a resident's word leads to the guides' word
            initial["kind"] = "colloquial"
        return initial


class SynonymFilterSet(WagtailFilterSet):
    class Meta:
        model = Synonym
        fields = ["kind", "two_way"]


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "resubmit"
    menu_label = _("Thesaurus")
    add_view_class = SynonymCreateView
    filterset_class = SynonymFilterSet
    list_display = [
        "term",
        "synonyms",
        Column("kind", label=_("kind"), accessor="get_kind_display"),
        BooleanColumn("two_way", label=_("works both ways")),
        DateColumn("updated_at", label=_("updated")),
    ]
    search_fields = ["term", "synonyms"]
    ordering = ["term"]


class LifeEventViewSet(SnippetViewSet):
    model = LifeEvent
    icon = "group"
    menu_label = _("Life events")
    list_display = ["name", "signs", "phrasings", DateColumn("updated_at", label=_("updated"))]
    search_fields = ["name", "signs", "phrasings"]
    ordering = ["name"]


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
    items = (SynonymViewSet, LifeEventViewSet, DictionaryWordViewSet, SuggestionRuleViewSet)


register_snippet(SearchViewSetGroup)


@hooks.register("register_reports_menu_item")
def register_frequent_queries_menu_item():
    return RestrictedMenuItem(
        _("Search: most frequent queries"),
        reverse("search_frequent_queries"),
        shown_to=REPORT_PERMISSION,
        name="search-frequent-queries",
        icon_name="search",
        order=1400,
    )


@hooks.register("register_reports_menu_item")
def register_zero_result_queries_menu_item():
    return RestrictedMenuItem(
        _("Search: queries that found nothing"),
        reverse("search_zero_result_queries"),
        shown_to=REPORT_PERMISSION,
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
