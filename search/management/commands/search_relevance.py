"""``python manage.py search_relevance [PATH] [--backend database|elasticsearch] [--stock]
[--misses]``: how well search answers.

Prints recall@1, recall@5 and MRR over a set of queries with known right answers (by default
search/relevance/queries.json, run against the demo guides), per kind of query, and the same
figures for Wagtail's stock search with ``--stock``. ``--backend`` chooses the search backend
measured (``SEARCH_BACKEND`` by default); Elasticsearch is measured as it answers, never through
the database fallback: the command fails when the cluster cannot answer. Exits non-zero when ``--min-recall5`` or
``--min-mrr`` are given and not met.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import elastic
from search.relevance import DEFAULT_SET, Scores, evaluate, load_cases, portal_on, stock_codes


class Command(BaseCommand):
    help = "Measure search relevance (recall@1, recall@5, MRR) on a set of queries."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_SET))
        parser.add_argument(
            "--stock", action="store_true", help="Also measure Wagtail's stock search."
        )
        parser.add_argument(
            "--misses", action="store_true", help="List queries not answered in the top 5."
        )
        parser.add_argument(
            "--backend",
            choices=elastic.BACKENDS,
            default=None,
            help="The search backend to measure (default: the SEARCH_BACKEND setting).",
        )
        parser.add_argument("--min-recall5", type=float, default=None)
        parser.add_argument("--min-mrr", type=float, default=None)

    def handle(self, *args, path, stock, misses, backend, min_recall5, min_mrr, **options):
        if not Path(path).is_file():
            raise CommandError(f"No relevance set at {path}")
        cases = load_cases(Path(path))
        self.stdout.write(f"{len(cases)} queries from {path}")
        backend = backend or settings.SEARCH_BACKEND
        try:
            portal = evaluate(cases, portal_on(backend), name=f"portal ({backend})")
        except elastic.SearchUnavailable as exc:
            raise CommandError(f"The {backend} backend could not answer: {exc}") from exc
        self._table(portal)
        if misses:
            for case, rank in portal.misses():
                found = "not in the top 10" if rank is None else f"rank {rank}"
                self.stdout.write(
                    f"  miss [{case.kind}] {case.query!r} -> {', '.join(case.expected)}: {found}"
                )
        if stock:
            self._table(evaluate(cases, stock_codes, name="Wagtail stock search"))
        failed = []
        if min_recall5 is not None and portal.recall_at(5) < min_recall5:
            failed.append(f"recall@5 {portal.recall_at(5):.3f} < {min_recall5}")
        if min_mrr is not None and portal.mrr() < min_mrr:
            failed.append(f"MRR {portal.mrr():.3f} < {min_mrr}")
        if failed:
            raise CommandError("; ".join(failed))

    def _table(self, scores: Scores) -> None:
        self.stdout.write("")
        self.stdout.write(f"{scores.name}")
        self.stdout.write(f"{'kind':<12} {'queries':>7} {'recall@1':>9} {'recall@5':>9} {'MRR':>6}")
        for kind in [*scores.kinds(), ""]:
            count = len([case for case in scores.cases if not kind or case.kind == kind])
            self.stdout.write(
                f"{kind or 'all':<12} {count:>7} {scores.recall_at(1, kind):>9.3f} "
                f"{scores.recall_at(5, kind):>9.3f} {scores.mrr(kind):>6.3f}"
            )
