"""Wagtail's SQLite search backend, with relevance ranking that does not grow with the matches.

Chosen by ``search.backend`` on SQLite only (this module needs SQLite's full-text tables).
Wagtail's backend ranks by relevance with a subquery per matching page that runs the full-text
match again for that page, so a word found in 10,000 guides took 25 seconds. Here the match runs
once: the index entries that match are scored by bm25 and ordered in the same query, and only the
requested slice of pages is loaded afterwards (with the score on each, as before).

Whether an entry's page is one of the searched queryset (live, in the language, of the section)
is checked for the best ``CHECKED_ENTRIES`` entries only (or three times the slice asked for), in
one query by primary key: checking every match's page cost as much as the match and bm25
together (a third each over 6,700 matches at 10,000 guides). The order is the same as checking
every match; when too few of the best are searched pages, every match is checked.
"""

from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from search.backend import RankedResults, RankedSearch

# How many of the best matching entries are checked against the searched pages at first.
CHECKED_ENTRIES = 300


class SQLiteSearchQueryCompiler(RankedSearch, sqlite.SQLiteSearchQueryCompiler):
    ENTRY = "index_entry__"
    SCORE_ORDER = "score"  # bm25: the lower, the better

    def can_rank(self) -> bool:
        return super().can_rank() and not isinstance(normalize(self.query), MatchAll | Not)

    def match(self, config):
        query = normalize(self.query)
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        return sqlite.SQLiteFTSIndexEntry.objects.filter(match)

    def rank_expression(self, config):
        return self._build_rank_expression(self.get_search_vectors(), config)

    def ranked(self, config, start, stop) -> list[tuple[object, int, float]]:
        """The best matching entries first, then which of them are pages of the searched
        queryset: checking every match's page cost as much as the match and bm25 together."""
        if stop is None:
            return super().ranked(config, start, stop)
        best = self._best(config, stop)
        searched = set(
            self.queryset.order_by()
            .filter(pk__in=[pk for pk, _type, _score in best])
            .values_list("pk", flat=True)
        )
        kept = [hit for hit in best if hit[0] in searched]
        if len(kept) < stop and len(best) == self._checked(stop):
            # Too many of the best are not in the searched pages: check every match instead.
            return super().ranked(config, start, stop)
        return kept[start or 0 : stop]

    def ranked_objects(self, config, start, stop, score_field=None) -> list:
        if stop is None:
            return super().ranked_objects(config, start, stop, score_field)
        best = self._best(config, stop)
        # Loading the pages is the check (two queries, as for any slice of results).
        found = {obj.pk: obj for obj in self.queryset.filter(pk__in=[hit[0] for hit in best])}
        kept = [(found[pk], score) for pk, _type, score in best if pk in found]
        if len(kept) < stop and len(best) == self._checked(stop):
            hits = super().ranked(config, start, stop)
            found = {obj.pk: obj for obj in self.queryset.filter(pk__in=[hit[0] for hit in hits])}
            kept = [(found[pk], score) for pk, _type, score in hits if pk in found]
        else:
            kept = kept[start or 0 : stop]
        for obj, score in kept:
            if score_field is not None:
                setattr(obj, score_field, score)
        return [obj for obj, _score in kept]

    @staticmethod
    def _checked(stop: int) -> int:
        return max(CHECKED_ENTRIES, 3 * stop)

    def _best(self, config, stop: int) -> list[tuple[object, int, float]]:
        """The best ``_checked(stop)`` matching entries of the searched models, of any page."""
        entries = self.match(config).filter(
            index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model)
        )
        return self._scored(entries, config, 0, self._checked(stop))

    def search(self, config, start, stop, score_field=None):
        if not self.can_rank():
            return super().search(config, start, stop, score_field=score_field)
        return self.ranked_objects(config, start, stop, score_field)


class SQLiteSearchResults(RankedResults, sqlite.SQLiteSearchResults):
    def _do_count(self):
        compiler = self.query_compiler
        ordered, compiler.order_by_relevance = compiler.order_by_relevance, False
        try:
            return compiler.search(compiler.get_config(self.backend), None, None).count()
        finally:
            compiler.order_by_relevance = ordered


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchQueryCompiler
    results_class = SQLiteSearchResults
