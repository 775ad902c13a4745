"""``python manage.py search_relevance [PATH] [--backend database|elasticsearch] [--stock]
[--misses] [--import-guides FILE] [--min-recall5 X] [--min-mrr X] [--max-zero X]``: how well
search answers.

Prints recall@1, recall@5, MRR and the share of queries that found nothing over a set of queries
with known right answers (by default search/relevance/queries.json, run against the demo guides),
per kind of query, and the same figures for Wagtail's stock search with ``--stock``.
``--import-guides`` first imports a guide file as an office sends it (only the fields of the
import format: no other names), e.g. the unseen set ``search/relevance/unseen/guides.json`` with
its queries ``search/relevance/unseen/queries.json`` (and likewise ``relevance/unseen2/``). ``--backend`` chooses the search backend
measured (``SEARCH_BACKEND`` by default); Elasticsearch is measured as it answers, never through
the database fallback: the command fails when the cluster cannot answer. Exits non-zero when ``--min-recall5``,
``--min-mrr`` or ``--max-zero`` are given and not met.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import elastic
from search.relevance import (
    DEFAULT_SET,
    Scores,
    evaluate,
    import_as_published,
    load_cases,
    portal_on,
    stock_codes,
)


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
        parser.add_argument(
            "--max-zero",
            type=float,
            default=None,
            help="Fail when a larger share of the queries finds nothing at all.",
        )
        parser.add_argument(
            "--import-guides",
            default=None,
            help="Import this guide file (import format fields only) before measuring.",
        )

    def handle(
        self,
        *args,
        path,
        stock,
        misses,
        backend,
        min_recall5,
        min_mrr,
        max_zero,
        import_guides,
        **options,
    ):
        if not Path(path).is_file():
            raise CommandError(f"No relevance set at {path}")
        if import_guides:
            if not Path(import_guides).is_file():
                raise CommandError(f"No guide file at {import_guides}")
            import_as_published(Path(import_guides))
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
        if max_zero is not None and portal.zero_rate() > max_zero:
            failed.append(f"zero results {portal.zero_rate():.3f} > {max_zero}")
        if failed:
            raise CommandError("; ".join(failed))

    def _table(self, scores: Scores) -> None:
        self.stdout.write("")
        self.stdout.write(f"{scores.name}")
        self.stdout.write(
            f"{'kind':<12} {'queries':>7} {'recall@1':>9} {'recall@5':>9} {'MRR':>6} {'zero':>6}"
        )
        for kind in [*scores.kinds(), ""]:
            count = len([case for case in scores.cases if not kind or case.kind == kind])
            self.stdout.write(
                f"{kind or 'all':<12} {count:>7} {scores.recall_at(1, kind):>9.3f} "
                f"{scores.recall_at(5, kind):>9.3f} {scores.mrr(kind):>6.3f} "
                f"{scores.zero_rate(kind):>6.3f}"
            )
