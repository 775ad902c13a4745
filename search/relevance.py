"""Measuring relevance: recall@1, recall@5 and MRR of a set of queries with known right answers.

A query is a resident's words and the codes of the guides that answer it. The portal's search is
measured as residents use it (all sections together, in the query's language); Wagtail's stock
search is measured on the same pages and the same index, with the query passed as typed.
"""

import io
import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.core.management import call_command

from wagtail.models import Locale

from search import engine
from search.registry import get_section

DEFAULT_SET = Path(__file__).resolve().parent / "relevance" / "queries.json"
HOLDOUT_SET = Path(__file__).resolve().parent / "relevance" / "holdout.json"
# Guides and queries written apart from the rest, never used to tune search (see docs/search.md).
UNSEEN_GUIDES = Path(__file__).resolve().parent / "relevance" / "unseen" / "guides.json"
UNSEEN_SET = Path(__file__).resolve().parent / "relevance" / "unseen" / "queries.json"
# A second such set, from other areas of service (2026-12).
UNSEEN2_GUIDES = Path(__file__).resolve().parent / "relevance" / "unseen2" / "guides.json"
UNSEEN2_SET = Path(__file__).resolve().parent / "relevance" / "unseen2" / "queries.json"
# A third, written by an author who had read neither the thesaurus nor the search code (2026-12).
UNSEEN3_GUIDES = Path(__file__).resolve().parent / "relevance" / "unseen3" / "guides.json"
UNSEEN3_SET = Path(__file__).resolve().parent / "relevance" / "unseen3" / "queries.json"
# Each unseen set's queries and guides, in the order they were written.
UNSEEN_SETS = (
    (UNSEEN_SET, UNSEEN_GUIDES),
    (UNSEEN2_SET, UNSEEN2_GUIDES),
    (UNSEEN3_SET, UNSEEN3_GUIDES),
)
DEPTH = 10
# What an import file carries; other names (keywords), questions and related guides are what
# editors add by hand afterwards, so measuring without them measures the guides' own text.
IMPORTED_FIELDS = frozenset(
    {
        "code",
        "language",
        "slug",
        "title",
        "department",
        "category",
        "summary",
        "eligibility",
        "materials",
        "steps",
        "time_limit",
        "fee",
        "location",
        "office_hours",
        "phone",
        "online_url",
        "legal_basis",
    }
)


@dataclass(frozen=True)
class Case:
    query: str
    lang: str
    expected: tuple[str, ...]
    kind: str = ""


@dataclass
class Scores:
    name: str
    ranks: list[int | None] = field(default_factory=list)  # 1-based rank of the first right code
    cases: list[Case] = field(default_factory=list)
    empty: list[bool] = field(default_factory=list)  # the search found nothing at all

    def add(self, case: Case, rank: int | None, empty: bool = False) -> None:
        self.cases.append(case)
        self.ranks.append(rank)
        self.empty.append(empty)

    def zero_rate(self, kind: str = "") -> float:
        flags = [
            empty
            for case, empty in zip(self.cases, self.empty, strict=True)
            if not kind or case.kind == kind
        ]
        return sum(flags) / len(flags) if flags else 0.0

    def recall_at(self, k: int, kind: str = "") -> float:
        ranks = self._ranks(kind)
        return (
            sum(1 for rank in ranks if rank is not None and rank <= k) / len(ranks)
            if ranks
            else 0.0
        )

    def mrr(self, kind: str = "") -> float:
        ranks = self._ranks(kind)
        return sum(1 / rank for rank in ranks if rank) / len(ranks) if ranks else 0.0

    def kinds(self) -> list[str]:
        return sorted({case.kind for case in self.cases})

    def misses(self, k: int = 5) -> list[tuple[Case, int | None]]:
        return [
            (case, rank)
            for case, rank in zip(self.cases, self.ranks, strict=True)
            if rank is None or rank > k
        ]

    def _ranks(self, kind: str) -> list[int | None]:
        return [
            rank
            for case, rank in zip(self.cases, self.ranks, strict=True)
            if not kind or case.kind == kind
        ]


def load_cases(path: Path = DEFAULT_SET) -> list[Case]:
    items = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        Case(
            query=item["query"],
            lang=item.get("lang", "zh-hans"),
            expected=tuple(item["expected"]),
            kind=item.get("kind", ""),
        )
        for item in items
    ]


def portal_codes(case: Case, locale: Locale, backend: str | None = None) -> list[str | None]:
    """The portal's search on ``backend`` (``SEARCH_BACKEND`` by default), without falling back:
    a measurement of Elasticsearch must not silently measure the database."""
    outcome = engine.search(case.query, locale, backend=backend, fallback=False)
    return [result.code for result in outcome.results[:DEPTH]]


def portal_on(backend: str) -> Callable[[Case, Locale], list[str | None]]:
    return partial(portal_codes, backend=backend)


def stock_codes(case: Case, locale: Locale) -> list[str | None]:
    """Wagtail's own search as shipped: the services pages, the query as typed."""
    section = get_section("services")
    if section is None:
        return []
    pages = section.model.objects.live().filter(locale=locale).search(case.query)[:DEPTH]
    return [section.code_of(page) for page in pages]


def evaluate(
    cases: Iterable[Case],
    rank: Callable[[Case, Locale], list[str | None]] = portal_codes,
    name: str = "portal",
) -> Scores:
    scores = Scores(name=name)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    for case in cases:
        codes = rank(case, locales[case.lang])
        position = next(
            (index + 1 for index, code in enumerate(codes) if code in case.expected), None
        )
        scores.add(case, position, empty=not codes)
    return scores


def import_as_published(path: Path, *, own_text_only: bool = True) -> None:
    """Import a guide file with the portal's importer, as an office would send it: with
    ``own_text_only`` only the fields of the import format are kept (no other names, questions
    or related guides), so search is measured on the guides' own text."""
    # Through the command, by name: the search app does not import content apps.
    items = json.loads(Path(path).read_text(encoding="utf-8"))
    if own_text_only:
        items = [
            {name: value for name, value in item.items() if name in IMPORTED_FIELDS}
            for item in items
        ]
    with tempfile.TemporaryDirectory() as folder:
        stripped = Path(folder) / "guides.json"
        stripped.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        call_command("import_service_guides", str(stripped), stdout=io.StringIO())
