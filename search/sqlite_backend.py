"""Wagtail's SQLite search backend, with relevance ranking that does not grow with the matches.

Chosen by ``search.backend`` on SQLite only (this module needs SQLite's full-text tables).
Wagtail's backend ranks by relevance with a subquery per matching page that runs the full-text
match again for that page, so a word found in 10,000 guides took 25 seconds. Here the match runs once: the index entries that match, of
pages in the searched queryset, are scored by bm25 and ordered in the same query, and only the
requested slice of pages is loaded afterwards (with the score on each, as before).
"""

from django.db.models import AutoField, BigIntegerField, F, IntegerField
from django.db.models.functions import Cast

from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class SQLiteSearchQueryCompiler(sqlite.SQLiteSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None):
        query = normalize(self.query)
        if not self.order_by_relevance or isinstance(query, MatchAll | Not):
            return super().search(config, start, stop, score_field=score_field)
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        model = self.queryset.model
        ranked = (
            sqlite.SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(model),
                index_entry__object_id__in=self.queryset.order_by().values("pk"),
            )
            .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
            .order_by("score", self._newest_first(model))
            .values_list("index_entry__object_id", "score")
        )[start:stop]
        scores = {model._meta.pk.to_python(object_id): score for object_id, score in ranked}
        found = {obj.pk: obj for obj in self.queryset.filter(pk__in=list(scores))}
        results = []
        for pk, score in scores.items():
            obj = found.get(pk)
            if obj is not None:
                if score_field is not None:
                    setattr(obj, score_field, score)
                results.append(obj)
        return results

    @staticmethod
    def _newest_first(model):
        """Ties in order of the primary key, newest first, as Wagtail's backend orders them
        (the index keeps object ids as text, where "99" would come before "100")."""
        object_id = "index_entry__object_id"
        if isinstance(model._meta.pk, AutoField | IntegerField):
            return Cast(object_id, output_field=BigIntegerField()).desc()
        return F(object_id).desc()


class SQLiteSearchResults(sqlite.SQLiteSearchResults):
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
