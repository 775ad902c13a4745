"""Wagtail's PostgreSQL search backend, with a search whose cost does not follow the matches.

Chosen by ``search.backend`` on PostgreSQL. Wagtail's backend joins every page to its index
entry, keeps the entries whose ``title || body`` match and orders them all by ``ts_rank`` over
both vectors. Two things made that slow at 10,000 guides (1.3 s for an everyday word):

- the planner reads the whole index table instead of the GIN index on ``title || body`` as soon
  as it expects many matches (it does not count the cost of reading each entry's body, stored
  compressed out of line): 0.8 s for a query with common words, a few ms through the index;
- ``ts_rank`` reads the body vector of every match (thousands for ``办理`` or ``社会``).

Here the matching entries are found through the index (the planner is told not to scan the
table, for this query only) and ranked by ``ts_rank`` exactly as Wagtail ranks them when at most
``RANKED_ENTRIES`` match (or as many as the requested slice ends at, if more). Beyond that, the
entries whose titles contain the most query words (then the newest) are the ones ranked: the
title is short and stored with the entry, so choosing them reads no body. The portal re-ranks the
best of them by its own rules (``search.engine``), where a title match counts most.
"""

from django.db import connections, transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Cast

from modelsearch.backends.database.postgres import postgres

from search.backend import RankedResults, RankedSearch

# How many matching index entries are ranked by ts_rank at most.
RANKED_ENTRIES = 300
# The planner settings a search runs with (see fetch).
QUERY_SETTINGS = {"enable_seqscan": "off", "max_parallel_workers_per_gather": "0"}


class PostgresSearchQueryCompiler(RankedSearch, postgres.PostgresSearchQueryCompiler):
    def match(self, config):
        search_query = self.build_tsquery(self.query, config=config)
        vector = F("title")._combine(F("body"), "||", False)
        return postgres.IndexEntry.objects.alias(_vector_=vector).filter(_vector_=search_query)

    def rank_expression(self, config):
        # The rank Wagtail's backend orders by (get_index_vectors): the title's, scaled by the
        # title's norm, plus the body's.
        title = self.build_tsrank(F("title"), self.query, config=config) * F("title_norm")
        return title + self.build_tsrank(F("body"), self.query, config=config)

    def ranked(self, config, start, stop) -> list[tuple[object, int, float]]:
        if stop is None:  # every match asked for: every match ranked
            return super().ranked(config, start, stop)
        head = (
            self._entries(config)
            .annotate(_title_hits=self._title_hits())
            .order_by("-_title_hits", self._newest_first())
            .values("pk")[: max(RANKED_ENTRIES, stop)]
        )
        # The chosen entries by key: matching them again would read every body once more.
        return self._scored(postgres.IndexEntry.objects.filter(pk__in=head), config, start, stop)

    def _title_hits(self):
        """How many of the query's words the entry's title contains (ignoring the case of Latin
        words only: upper-casing every title for Chinese words tripled the cost)."""
        hits = [
            Case(
                When(
                    **{f"title_text__{'icontains' if term.isascii() else 'contains'}": term},
                    then=Value(1),
                ),
                default=Value(0),
            )
            for term in dict.fromkeys(self.terms())
        ]
        if not hits:
            return Value(0, output_field=IntegerField())
        total = hits[0]
        for hit in hits[1:]:
            total = total + hit
        return Cast(total, output_field=IntegerField())

    def fetch(self, queryset) -> list:
        connection = connections[queryset.db]
        with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
            # For this transaction only (or, inside an enclosing one, until restored below): an
            # index scan however many matches the planner expects, and no parallel workers, whose
            # start costs more than they save on a search and who take the cores other requests
            # are waiting for.
            names = list(QUERY_SETTINGS)
            cursor.execute(
                "SELECT "
                + ", ".join("current_setting(%s), set_config(%s, %s, true)" for _ in names),
                [value for name in names for value in (name, name, QUERY_SETTINGS[name])],
            )
            row = cursor.fetchone()
            previous = {name: row[2 * index] for index, name in enumerate(names)}
            try:
                return list(queryset)
            finally:
                cursor.execute(
                    "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names),
                    [value for name in names for value in (name, previous[name])],
                )


class PostgresSearchResults(RankedResults, postgres.PostgresSearchResults):
    def _do_search(self):
        compiler = self.query_compiler
        if not compiler.can_rank():
            return super()._do_search()
        return compiler.ranked_objects(
            compiler.get_config(self.backend), self.start, self.stop, self._score_field
        )


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    results_class = PostgresSearchResults
