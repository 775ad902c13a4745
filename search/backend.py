"""The database search backend: Wagtail's, with relevance ranked in one pass.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backend"``. On SQLite this is
``search.sqlite_backend``, on PostgreSQL ``search.postgres_backend``; on MySQL Wagtail's database
backend unchanged.

Both search the index entries directly: the entries that match, of pages in the searched
queryset (checked page by page, not by listing every searchable page), are ranked by the
backend's own score (bm25, ``ts_rank``) in the query that finds them, and only the requested
slice is loaded, or with ``results.ranked(limit)`` only the pages' keys, content types and scores.
On PostgreSQL the number of entries ranked is bounded (see ``search.postgres_backend``). The
portal re-ranks the best of them by its own rules (``search.engine``).
"""

import re

from django.db.models import (
    AutoField,
    BigIntegerField,
    Exists,
    IntegerField,
    OuterRef,
)
from django.db.models.functions import Cast

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    backend = database_backend(params)
    name = type(backend).__name__
    if name == "SQLiteSearchBackend":
        from search.sqlite_backend import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    if name == "PostgresSearchBackend":
        from search.postgres_backend import PostgresSearchBackend

        return PostgresSearchBackend(params)
    return backend


def _integer_key(model) -> bool:
    """Whether the model's primary key is a number (a page type's key is its link to the page)."""
    field = model._meta.pk
    while field.is_relation:
        field = field.target_field
    return isinstance(field, AutoField | IntegerField)


class RankedSearch:
    """Ranking in the index, shared by the SQLite and PostgreSQL query compilers.

    A compiler sets where the index entry's fields are (``ENTRY``: a prefix of lookups) and the
    order of its score (``SCORE_ORDER``), and implements ``match`` (the matching entries) and ``rank_expression``;
    ``fetch`` runs the final query.
    """

    ENTRY = ""
    SCORE_ORDER = "-score"

    def can_rank(self) -> bool:
        return (
            self.order_by_relevance
            and self.fields is None
            and not isinstance(self.query, MatchAll | Not | Fuzzy)
        )

    def terms(self, query=None) -> list[str]:
        """The words of the query that may match (none of a negated part)."""
        query = self.query if query is None else query
        if isinstance(query, PlainText | Phrase):
            return [term for term in re.split(r"[\s\-]+", query.query_string) if term]
        if isinstance(query, Boost):
            return self.terms(query.subquery)
        if isinstance(query, And | Or):
            return [term for part in query.subqueries for term in self.terms(part)]
        return []

    def match(self, config):
        raise NotImplementedError

    def rank_expression(self, config):
        raise NotImplementedError

    def fetch(self, queryset) -> list:
        return list(queryset)

    def _entries(self, config):
        model = self.queryset.model
        entries = self.match(config).filter(
            **{
                f"{self.ENTRY}content_type__in": get_descendants_content_types_pks(model),
            }
        )
        # A lookup of the page per match, not a list of every searchable page per search.
        object_id = OuterRef(f"{self.ENTRY}object_id")
        if _integer_key(model):
            object_id = Cast(object_id, output_field=BigIntegerField())
        return entries.filter(Exists(self.queryset.order_by().filter(pk=object_id)))

    def _newest_first(self):
        """Ties in order of the primary key, newest first, as Wagtail's backend orders them
        (the index keeps object ids as text, where "99" would come before "100")."""
        object_id = f"{self.ENTRY}object_id"
        if _integer_key(self.queryset.model):
            return Cast(object_id, output_field=BigIntegerField()).desc()
        return Cast(object_id, output_field=self.queryset.model._meta.pk).desc()

    def ranked(self, config, start, stop) -> list[tuple[object, int, float]]:
        """(pk, content type id, score) of the matching pages in ``[start:stop]``, best first."""
        return self._scored(self._entries(config), config, start, stop)

    def _scored(self, entries, config, start, stop) -> list[tuple[object, int, float]]:
        ranked = (
            entries.annotate(score=self.rank_expression(config))
            .order_by(self.SCORE_ORDER, self._newest_first())
            .values_list(f"{self.ENTRY}object_id", f"{self.ENTRY}content_type_id", "score")[
                start:stop
            ]
        )
        to_python = self.queryset.model._meta.pk.to_python
        return [
            (to_python(object_id), content_type, score)
            for object_id, content_type, score in self.fetch(ranked)
        ]

    def ranked_objects(self, config, start, stop, score_field=None) -> list:
        """The objects of ``ranked``, in its order, with the score in ``score_field``."""
        scores = {pk: score for pk, _content_type, score in self.ranked(config, start, stop)}
        found = {obj.pk: obj for obj in self.queryset.filter(pk__in=list(scores))}
        results = []
        for pk, score in scores.items():
            obj = found.get(pk)
            if obj is not None:
                if score_field is not None:
                    setattr(obj, score_field, score)
                results.append(obj)
        return results


class RankedResults:
    """Search results that can hand over the ranked matches without loading a page."""

    def ranked(self, limit: int) -> list[tuple[object, int, float]]:
        """(pk, content type id, score) of the best ``limit`` matches."""
        compiler = self.query_compiler
        if compiler.can_rank():
            return compiler.ranked(compiler.get_config(self.backend), 0, limit)
        found = self.annotate_score("_score")[:limit]
        return [(obj.pk, obj.content_type_id, getattr(obj, "_score", None) or 0.0) for obj in found]
