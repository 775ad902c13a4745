"""The Elasticsearch backend: the client, the query the engine sends, indexing and health.

The engine (``search.engine``) understands the query the same way for both backends; this module
turns its ``ParsedQuery`` into an Elasticsearch request built with elasticsearch-dsl
(``build_search``), runs it and raises ``SearchUnavailable`` when the cluster cannot answer, so
the engine can answer from the database backend instead.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings

from wagtail.models import Locale, Page

from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError
from elasticsearch.helpers import BulkIndexError, streaming_bulk
from elasticsearch_dsl import Q, Search
from elasticsearch_dsl.response import Response

from search import documents
from search.registry import Section, sections
from search.segmentation import ASCII_WORD

if TYPE_CHECKING:
    from search.engine import ParsedQuery

logger = logging.getLogger(__name__)

DATABASE = "database"
ELASTICSEARCH = "elasticsearch"
BACKENDS = (DATABASE, ELASTICSEARCH)

# Title over summary and keywords over body, as the database backend's ranking weighs them.
FIELDS = ["title^3", "summary^1.5", "keywords^1.5", "body"]
SPELLED_BOOST = 0.5
EVENTS_BOOST = 1.0
FUZZY_MIN_LENGTH = 4  # Latin words shorter than this are matched exactly
FACET_BUCKETS = 50
HIGHLIGHT_CHARACTERS = 120

# Errors that mean "the cluster did not answer properly": unreachable, timed out, or an error
# response (missing index, bad request, cluster red).
CLUSTER_ERRORS = (ApiError, TransportError, BulkIndexError)


class SearchUnavailable(Exception):
    """The cluster cannot answer this request; the database backend should."""


def enabled() -> bool:
    """True when the portal is configured to search with Elasticsearch."""
    return settings.SEARCH_BACKEND == ELASTICSEARCH


_clients: dict[tuple[str, float], Elasticsearch] = {}
_clients_lock = threading.Lock()
_down_until = 0.0


def client(timeout: float | None = None) -> Elasticsearch:
    """A client for ``ELASTICSEARCH_URL`` (one per process and timeout, thread safe)."""
    url = settings.ELASTICSEARCH_URL
    if not url:
        raise SearchUnavailable("ELASTICSEARCH_URL is not set")
    timeout = timeout if timeout is not None else settings.ELASTICSEARCH_TIMEOUT
    key = (url, timeout)
    found = _clients.get(key)
    if found is None:
        with _clients_lock:
            found = _clients.get(key)
            if found is None:
                # No retries for residents' searches: the database answers instead, at once.
                try:
                    found = Elasticsearch(
                        url, request_timeout=timeout, max_retries=0, retry_on_timeout=False
                    )
                except ValueError as exc:
                    raise SearchUnavailable(f"ELASTICSEARCH_URL is not usable: {exc}") from exc
                _clients[key] = found
    return found


def indexing_client() -> Elasticsearch:
    return client(settings.ELASTICSEARCH_INDEX_TIMEOUT).options(
        max_retries=2, retry_on_timeout=True
    )


def reset() -> None:
    """Forget clients and recent failures (after settings change, in tests)."""
    global _down_until
    with _clients_lock:
        _clients.clear()
    _down_until = 0.0


# -- Searching ------------------------------------------------------------------------------


def build_search(
    parsed: "ParsedQuery",
    language_code: str,
    *,
    section: Section | None = None,
    filters: dict[str, str] | None = None,
    size: int = 200,
    offset: int = 0,
) -> Search:
    """The request for ``parsed`` in ``language_code``: candidates, facet counts, highlights and
    a spelling suggestion. ``to_dict()`` gives the body sent to the cluster."""
    terms = parsed.backend_terms()
    should = [
        Q("multi_match", query=terms, fields=FIELDS, type="best_fields", operator="or"),
        Q("match", spelled={"query": terms, "boost": SPELLED_BOOST}),
    ]

    latin = " ".join(
        word
        for word in terms.split()
        if ASCII_WORD.fullmatch(word) and len(word) >= FUZZY_MIN_LENGTH
    )
    if latin:
        # Typo tolerance for Latin words (English, pinyin); Chinese typos are corrected by the
        # portal before the query is sent (see search.engine), as with the database backend.
        should.append(
            Q(
                "multi_match",
                query=latin,
                fields=[*FIELDS, f"spelled^{SPELLED_BOOST}"],
                fuzziness="AUTO",
                prefix_length=1,
                max_expansions=20,
                boost=0.5,
            )
        )
    letters = " ".join(concept.text for concept in parsed.concepts if concept.initials)
    if letters:
        # Pinyin initials (dbsq) as typed, besides the words the portal read them as.
        should.append(Q("match", initials={"query": letters, "boost": SPELLED_BOOST}))
    # The life events the page serves (inferred from its text): 去世 leads to 身后事.
    should.append(Q("match", events={"query": terms, "boost": EVENTS_BOOST}))
    scope = [Q("term", language=language_code)]
    if section is not None:
        scope.append(Q("term", section=section.name))
    search = Search(index=documents.alias_name(language_code)).query(
        Q("bool", should=should, minimum_should_match=1, filter=scope)
    )
    chosen = {
        name: value
        for name, value in (filters or {}).items()
        if value and section is not None and name in {facet.name for facet in section.facets}
    }
    if chosen:
        # After the aggregations: facet counts stay those of the whole query, as on the
        # database backend, while the hits are narrowed.
        search = search.post_filter(
            Q(
                "bool",
                filter=[Q("term", **{f"facets.{name}": value}) for name, value in chosen.items()],
            )
        )
    search.aggs.bucket("sections", "terms", field="section", size=len(sections()) + 1)
    if section is not None:
        for facet in section.facets:
            search.aggs.bucket(
                f"facet_{facet.name}", "terms", field=f"facets.{facet.name}", size=FACET_BUCKETS
            )
    search = search.highlight_options(
        pre_tags=["<mark>"],
        post_tags=["</mark>"],
        encoder="html",
        fragment_size=HIGHLIGHT_CHARACTERS,
        number_of_fragments=1,
    ).highlight("title", "summary", "body")
    words = " ".join(concept.text for concept in parsed.concepts)
    if words:
        # The resident's own words, cut by the portal (the suggester splits on spaces).
        search = search.suggest(
            "did_you_mean",
            words,
            term={"field": "did_you_mean", "suggest_mode": "popular", "min_word_length": 2},
        )
    return search.source(["page_id", "content_type", "section", "analysis"]).extra(
        from_=offset, size=size, track_total_hits=True
    )


def execute(search: Search) -> Response:
    """Run ``search``; ``SearchUnavailable`` when the cluster cannot answer.

    After a failure, searches skip the cluster for ``ELASTICSEARCH_RETRY_AFTER`` seconds, so a
    dead cluster costs residents no waiting.
    """
    global _down_until
    if time.monotonic() < _down_until:
        raise SearchUnavailable("the cluster failed recently; trying again later")
    try:
        return search.using(client()).execute()
    except CLUSTER_ERRORS as exc:
        _down_until = time.monotonic() + settings.ELASTICSEARCH_RETRY_AFTER
        raise SearchUnavailable(f"{type(exc).__name__}: {exc}") from exc


@dataclass
class Hit:
    page_id: int
    content_type: int
    score: float
    highlight: dict[str, list[str]]
    analysis: str


def hits(response: Response) -> list[Hit]:
    found = []
    for hit in response.hits:
        highlight = hit.meta.to_dict().get("highlight", {})
        found.append(
            Hit(
                page_id=int(hit.page_id),
                content_type=int(hit.content_type),
                score=float(hit.meta.score or 0.0),
                highlight={name: list(parts) for name, parts in highlight.items()},
                analysis=getattr(hit, "analysis", documents.PORTAL),
            )
        )
    return found


def buckets(response: Response, name: str) -> list[tuple[str, int]]:
    aggregations = response.to_dict().get("aggregations", {})
    return [
        (str(bucket["key"]), int(bucket["doc_count"]))
        for bucket in aggregations.get(name, {}).get("buckets", [])
    ]


def suggestion(response: Response, text: str) -> str | None:
    """The query with each word the cluster would spell differently replaced, or None."""
    suggested = text
    for entry in response.to_dict().get("suggest", {}).get("did_you_mean", []):
        options = entry.get("options") or []
        if options:
            suggested = suggested.replace(entry["text"], options[0]["text"], 1)
    return suggested if suggested != text else None


# -- Health ---------------------------------------------------------------------------------


def health() -> str:
    """One line for /healthz: the backend in use and, for Elasticsearch, the cluster's state."""
    if not enabled():
        return DATABASE
    try:
        status = client().cluster.health(timeout="1s")["status"]
    except (*CLUSTER_ERRORS, SearchUnavailable) as exc:
        logger.warning("Health check: Elasticsearch unreachable: %s", exc)
        return "elasticsearch unreachable, answering from the database"
    return f"elasticsearch {status}"


# -- Indexing -------------------------------------------------------------------------------


def smartcn_available(es: Elasticsearch) -> bool:
    """True when every node of the cluster has the analysis-smartcn plugin."""
    nodes = {row["name"] for row in es.cat.nodes(format="json", h="name")}
    with_plugin = {
        row["name"]
        for row in es.cat.plugins(format="json", h="name,component")
        if row.get("component") == documents.SMARTCN_PLUGIN
    }
    return bool(nodes) and nodes <= with_plugin


def push_synonyms(es: Elasticsearch | None = None) -> int:
    """Send the editors' synonyms to the cluster's synonym set; returns the number of rules.

    Indexes reload their search analyzers when the set changes: no re-index needed.
    """
    from search.models import LifeEvent, Synonym

    es = es or indexing_client()
    entries = [(rule.pk, rule.term, rule.words(), rule.two_way) for rule in Synonym.objects.all()]
    # What residents say of a life event leads to the event's name (indexed in ``events``).
    entries += [
        (f"event-{event.pk}-{number}", phrasing, [event.name], False)
        for event in LifeEvent.objects.all()
        for number, phrasing in enumerate(event.phrasing_words())
    ]
    rules = documents.synonym_rules(entries)
    es.synonyms.put_synonym(id=documents.synonym_set_name(), synonyms_set=rules)
    return len(rules)


def languages() -> list[str]:
    return list(Locale.objects.order_by("pk").values_list("language_code", flat=True))


def pages_to_index(language_code: str):
    """The pages the index holds: every live, public page of the language below the root."""
    return (
        Page.objects.live()
        .public()
        .filter(locale__language_code=language_code, depth__gt=1)
        .order_by("pk")
    )


def _actions(index_name: str, pages: Iterable[Page], mode: str, language: str) -> Iterator[dict]:
    for page in pages:
        yield {
            "_op_type": "index",
            "_index": index_name,
            "_id": page.pk,
            "_source": documents.page_document(page, mode, language),
        }


def _load(
    es: Elasticsearch,
    index_name: str,
    language: str,
    mode: str,
    batch: int,
    progress: Callable[[int, int], None],
) -> int:
    queryset = pages_to_index(language)
    total = queryset.count()
    done = 0
    progress(0, total)
    pages = queryset.specific().iterator(chunk_size=batch)
    # raise_on_error: a document the cluster refuses stops the run with BulkIndexError.
    for _ok, _item in streaming_bulk(
        es, _actions(index_name, pages, mode, language), chunk_size=batch, raise_on_error=True
    ):
        done += 1
        if done % batch == 0:
            progress(done, total)
    if done % batch:
        progress(done, total)
    return done


def current_indexes(es: Elasticsearch, alias: str) -> list[str]:
    try:
        return sorted(es.indices.get_alias(name=alias).body)
    except NotFoundError:
        return []


def rebuild(
    language: str,
    *,
    batch: int = 500,
    progress: Callable[[int, int], None] = lambda done, total: None,
    say: Callable[[str], None] = lambda text: None,
    shards: int = 1,
    replicas: int = 1,
) -> int:
    """Build a new index for ``language``, switch the alias to it, drop the old one.

    Searches keep using the old index until the alias moves in one atomic step.
    """
    es = indexing_client()
    mode = documents.analysis_mode(language, smartcn_available(es))
    alias = documents.alias_name(language)
    name = f"{alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
    say(f"{language}: new index {name} (analysis: {mode})")
    body = documents.index_body(language, mode, shards=shards, replicas=replicas)
    es.indices.create(index=name, settings=body["settings"], mappings=body["mappings"])
    try:
        count = _load(es, name, language, mode, batch, progress)
        es.indices.refresh(index=name)
    except CLUSTER_ERRORS:
        es.indices.delete(index=name, ignore_unavailable=True)
        raise
    old = current_indexes(es, alias)
    if es.indices.exists(index=alias) and not old:
        # A concrete index squats the alias name (indexed before any rebuild): replace it.
        es.indices.delete(index=alias)
    actions: list[dict[str, Any]] = [{"remove": {"index": index, "alias": alias}} for index in old]
    actions.append({"add": {"index": name, "alias": alias}})
    es.indices.update_aliases(actions=actions)
    say(f"{language}: alias {alias} -> {name}")
    for index in old:
        es.indices.delete(index=index, ignore_unavailable=True)
        say(f"{language}: dropped {index}")
    return count


def update(
    language: str,
    *,
    batch: int = 500,
    progress: Callable[[int, int], None] = lambda done, total: None,
    say: Callable[[str], None] = lambda text: None,
) -> int:
    """Index every page of ``language`` into the current index, remove pages no longer live.

    Builds the index first when there is none yet.
    """
    es = indexing_client()
    alias = documents.alias_name(language)
    if not current_indexes(es, alias):
        say(f"{language}: no index yet, building one")
        return rebuild(language, batch=batch, progress=progress, say=say)
    mode = _mode_of(es, alias)
    count = _load(es, alias, language, mode, batch, progress)
    live = set(pages_to_index(language).values_list("pk", flat=True))
    stale = [
        int(hit.meta.id)
        for hit in Search(using=es, index=alias).source(False).scan()
        if int(hit.meta.id) not in live
    ]
    for page_id in stale:
        es.delete(index=alias, id=page_id, refresh=False)
    if stale:
        say(f"{language}: removed {len(stale)} pages that are no longer live")
    es.indices.refresh(index=alias)
    return count


def _mode_of(es: Elasticsearch, alias: str) -> str:
    for info in es.indices.get_mapping(index=alias).body.values():
        return info["mappings"].get("_meta", {}).get("analysis", documents.PORTAL)
    return documents.PORTAL


def index_page(page_id: int) -> str:
    """Bring one page's document up to date: indexed when live and public, else removed."""
    es = indexing_client()
    page = Page.objects.filter(pk=page_id).select_related("locale").first()
    if page is None:
        remove_page(page_id)
        return "removed"
    language = page.locale.language_code
    alias = documents.alias_name(language)
    if not pages_to_index(language).filter(pk=page_id).exists():
        es.options(ignore_status=404).delete(index=alias, id=page_id)
        return "removed"
    es.index(
        index=alias,
        id=page_id,
        document=documents.page_document(page.specific, _mode_of(es, alias), language),
    )
    return "indexed"


def remove_page(page_id: int) -> None:
    """Remove a page's document from every language's index (the page was deleted)."""
    es = indexing_client()
    for language, _name in settings.LANGUAGES:
        es.options(ignore_status=404).delete(index=documents.alias_name(language), id=page_id)
