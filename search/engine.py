"""From a resident's words to ranked results: understand the query, retrieve, rank, describe.

1. ``parse``: the query is cut into concepts (jieba words with question words dropped, or an
   editor's synonym term); each concept gets its alternatives: synonyms, the Chinese words of a
   pinyin spelling, English word stems, and a spelling correction when the words are unknown to
   the portal (one wrong, missing or extra character in three or more).
2. ``search``: the search backend retrieves candidates with any of the words: Wagtail's database
   backend by default, or an Elasticsearch cluster (``search.elastic``, falling back to the
   database backend when the cluster cannot answer); they are re-ranked here by how many
   concepts each matches in its title, summary and keywords, weighted by how rare each concept
   is, so that ranking is the same on SQLite, PostgreSQL and Elasticsearch and a title match
   beats a passing mention in a long body.
3. Each result carries its section, facet values, code and a snippet with the matched words marked.
"""

import functools
import html
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import FieldError
from django.db.models import Model
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wagtail.models import Locale, Page

from search import documents, elastic
from search import events as life_events
from search import vocabulary as vocabularies
from search.registry import Section, get_section, section_for_model, sections
from search.segmentation import (
    ASCII_WORD,
    CJK,
    MAX_QUERY_CHARACTERS,
    WORD,
    pinyin,
    query_words,
    simplified,
    stem,
    tokenizer,
)

logger = logging.getLogger(__name__)

CANDIDATES = 100
SNIPPET_CHARACTERS = 120
TITLE_POINTS = 3.0
SUMMARY_POINTS = 1.5
FOCUS_POINTS = 0.5
PART_SHARE = 0.5  # a word inside the concept (失业 for 失业金) counts half
CHARACTER_SHARE = 0.25
# How often jieba's dictionary has seen a word: abbreviations are rare in running text (医保 50,
# 个税 4); everyday words are not (老家 686, 名字 5,359). An unknown word used less than
# SHORT_FORM_USE may be a short form, one used less than EVERYDAY_USE backs off to its characters.
SHORT_FORM_USE = 200
EVERYDAY_USE = 1000
# Results scoring below this share of the best result's score are not shown.
RELEVANCE_FLOOR = 0.4
# Characters too common to say anything about a page on their own.
COMMON_CHARACTERS = vocabularies.COMMON_CHARACTERS


@dataclass
class Concept:
    """One thing the resident asked for, and every form that counts as finding it."""

    text: str
    alternatives: list[str]
    correction: str | None = None
    weight: float = 1.0
    unknown: bool = False
    initials: bool = False  # Latin letters read as pinyin initials (dbsq)
    # For a word the portal does not know: names sharing its telling characters (敬老院 ->
    # 养老院). Searched too, but a page that holds one is only a weak match.
    weak: list[str] = field(default_factory=list)

    def characters(self) -> list[str]:
        return [char for char in self.text if CJK.search(char) and char not in COMMON_CHARACTERS]

    def forms(self) -> list[str]:
        return list(dict.fromkeys([self.text, *self.alternatives]))

    def parts(self) -> list[str]:
        """The shorter words inside a Chinese form (失业 in 失业金), for partial matches."""
        found: list[str] = []
        for form in self.forms():
            if CJK.search(form) and len(form) >= 3:
                found.extend(
                    word
                    for word in tokenizer().cut_for_search(form)
                    if len(word) >= 2 and word != form and CJK.search(word)
                )
        return list(dict.fromkeys(found))


@dataclass
class ParsedQuery:
    text: str
    concepts: list[Concept] = field(default_factory=list)
    suggestion: str | None = None

    def backend_terms(self) -> str:
        """The words handed to the search backend (any of them may match)."""
        words: list[str] = []
        for concept in self.concepts:
            for form in concept.forms():
                words.append(form)
                if ASCII_WORD.fullmatch(form):
                    words.append(stem(form))
                else:
                    words.extend(query_words(form))
            words.extend(concept.parts())
            words.extend(concept.weak)
        return " ".join(dict.fromkeys(word for word in words if WORD.fullmatch(word)))

    def marks(self) -> list[str]:
        """The words to highlight, longest first (so 最低生活保障 wins over 保障)."""
        forms = {form for concept in self.concepts for form in concept.forms()}
        forms |= {stem(form) for form in forms if ASCII_WORD.fullmatch(form)}
        return sorted((form for form in forms if form), key=len, reverse=True)


def normalise(query: str) -> str:
    """The query as searched: simplified characters (養老 -> 养老), lower case, single spaces."""
    return " ".join(simplified((query or "")[:MAX_QUERY_CHARACTERS]).lower().split())


def parse(query: str, language_code: str) -> ParsedQuery:
    text = normalise(query)
    parsed = ParsedQuery(text=text)
    if not WORD.search(text):
        return parsed
    vocabulary = vocabularies.for_language(language_code)

    # Editors' synonym terms first: they may span several jieba words (最低生活保障).
    rest = text
    for term in vocabulary.synonyms.terms_in(text):
        parsed.concepts.append(
            Concept(text=term, alternatives=sorted(vocabulary.synonyms.expansions[term]))
        )
        rest = rest.replace(term, " ")

    tokens = query_words(rest)
    if not tokens and not parsed.concepts:
        tokens = list(WORD.findall(rest.lower()))
    parsed.concepts.extend(_concepts(tokens, vocabulary))

    corrected = [concept for concept in parsed.concepts if concept.correction]
    if corrected:
        suggestion = text
        for concept in corrected:
            suggestion = suggestion.replace(concept.text, concept.correction, 1)
        parsed.suggestion = suggestion if suggestion != text else None
    for concept in parsed.concepts:
        # How telling a concept is: by the forms pages use (a word no page uses, such as 办证
        # for 证件, tells as much as the word it leads to, not more).
        known = [form for form in concept.forms() if vocabulary.knows(form)]
        concept.weight = max(vocabulary.idf(form) for form in known or concept.forms())
        concept.unknown = not known
    return parsed


def _concepts(tokens: list[str], vocabulary: vocabularies.Vocabulary) -> list[Concept]:
    concepts: list[Concept] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        # Pinyin typed with spaces ("di bao"): join short Latin words that spell a known word.
        if ASCII_WORD.fullmatch(token):
            joined, end = _joined_pinyin(tokens, i, vocabulary)
            if joined:
                concepts.append(
                    Concept(
                        text=" ".join(tokens[i:end]),
                        alternatives=_with_synonyms(vocabulary.hanzi_for(joined), vocabulary),
                    )
                )
                i = end
                continue
        # Pinyin initials ("dbsq" for 低保申请): one concept per word they spell.
        if ASCII_WORD.fullmatch(token):
            spelled = _initials_concepts(token, vocabulary)
            if spelled:
                concepts.extend(spelled)
                i += 1
                continue
        # A typo in Chinese usually makes jieba split the word: try the run of short tokens.
        if CJK.search(token):
            span, end = _unknown_cjk_span(tokens, i, vocabulary)
            if span:
                fixes = _real_corrections(span, tokens[i:end], vocabulary)
                if fixes:
                    concepts.append(
                        Concept(
                            text=span,
                            alternatives=_with_synonyms([fixes[0]], vocabulary),
                            correction=fixes[0],
                        )
                    )
                    i = end
                    continue
        concepts.append(_concept(token, vocabulary))
        i += 1
    return concepts


def _real_corrections(span: str, part: list[str], vocabulary) -> list[str]:
    """Corrections of a span: words that sound the same or nearly (低包 -> 低保, 居住正 -> 居住证),
    that differ by a look-alike character (侯 -> 候), or, from three characters, by any one
    character. Not ones that only drop a whole word the resident added (丧葬费 + 领 is not a
    typo of 丧葬费)."""
    pieces = {"".join(part[:k]) for k in range(1, len(part))}
    pieces |= {"".join(part[k:]) for k in range(1, len(part))}
    if len(part) == 1 and tokenizer().FREQ.get(span):
        # A word of the dictionary the portal does not use (居住证明) is no typo; only another
        # way to write the same sounds is (身分证 for 身份证).
        same = [known for known in vocabulary.hanzi_for(pinyin(span)) if known != span]
        return [fix for fix in same if fix not in pieces]
    fixes = [*vocabulary.sound_alikes(span), *vocabulary.shape_alikes(span)]
    if len(span) >= 3:
        # Any other last character is another thing (敬老卡 is not 敬老院): only one that sounds
        # or looks the same is a typo there.
        fixes.extend(
            fix
            for fix in vocabulary.corrections(span)
            if not (len(fix) == len(span) and fix[:-1] == span[:-1])
        )
    return [fix for fix in dict.fromkeys(fixes) if fix not in pieces and fix != span]


def _initials_concepts(token: str, vocabulary: vocabularies.Vocabulary) -> list["Concept"]:
    """Pinyin initials as the fewest known words ("dbsq" -> 低保 + 申请, "jzz" -> 居住证).

    Only for Latin words the portal does not know as words or pinyin, of 2 to 12 letters; each
    piece has at least two letters. Empty when the letters spell no known words.
    """
    if not 2 <= len(token) <= 12 or vocabulary.knows(token) or vocabulary.knows(stem(token)):
        return []
    if vocabulary.hanzi_for(token) or _split_pinyin(token, vocabulary):
        return []
    best: list[list[str] | None] = [None] * (len(token) + 1)
    best[0] = []
    for end in range(2, len(token) + 1):
        for start in range(max(0, end - 8), end - 1):
            if best[start] is None or not vocabulary.words_for_initials(token[start:end]):
                continue
            if best[end] is None or len(best[start]) + 1 < len(best[end]):
                best[end] = [*best[start], token[start:end]]
    pieces = best[len(token)]
    if not pieces:
        return []
    return [
        Concept(
            text=piece,
            alternatives=_with_synonyms(vocabulary.words_for_initials(piece), vocabulary),
            initials=True,
        )
        for piece in pieces
    ]


def _concept(token: str, vocabulary: vocabularies.Vocabulary) -> Concept:
    alternatives: list[str] = []
    alternatives.extend(sorted(vocabulary.synonyms.expansions.get(token, ())))
    correction = None
    if CJK.search(token) and not alternatives and not vocabulary.knows(token):
        # A word no page uses: a short form of a title or thesaurus word (个税 -> 个人所得税),
        # else, as a weak hint, the words that share its characters (压伤 -> 工伤). Not for a
        # word in everyday use (老家 is no short form of 老人家; 机器 is not 机构).
        used = tokenizer().FREQ.get(token) or 0
        if 2 <= len(token) <= 3 and used < SHORT_FORM_USE:
            short = vocabulary.abbreviations(token)
            if short:
                return Concept(text=token, alternatives=_with_synonyms(short, vocabulary))
        if len(token) >= 2 and used < EVERYDAY_USE:
            return Concept(text=token, alternatives=[], weak=vocabulary.back_off(token))
    if ASCII_WORD.fullmatch(token):
        alternatives.extend(_with_synonyms(vocabulary.hanzi_for(token), vocabulary))
        if not (vocabulary.knows(token) or vocabulary.knows(stem(token))):
            spelled = _split_pinyin(token, vocabulary)
            if spelled:  # "gaolingbutie" -> 高龄 + 补贴
                alternatives.append("".join(spelled))
                return Concept(text=token, alternatives=list(dict.fromkeys(alternatives)))
            fixes = vocabulary.corrections(token)
            if fixes:
                correction = fixes[0]
                alternatives.append(correction)
                alternatives.extend(_with_synonyms(vocabulary.hanzi_for(correction), vocabulary))
    return Concept(
        text=token, alternatives=list(dict.fromkeys(alternatives)), correction=correction
    )


def _with_synonyms(words: list[str], vocabulary: vocabularies.Vocabulary) -> list[str]:
    """``words`` and their synonyms (the Chinese of a pinyin spelling gets its synonyms too)."""
    found = list(words)
    for word in words:
        found.extend(sorted(vocabulary.synonyms.expansions.get(word, ())))
    return list(dict.fromkeys(found))


def _split_pinyin(text: str, vocabulary: vocabularies.Vocabulary) -> list[str]:
    """Pinyin typed without spaces across several words, as the fewest known words:
    "gaolingbutie" -> ["高龄", "补贴"]. Empty when it is not such a spelling."""
    if len(text) < 6:
        return []
    best: list[list[str] | None] = [None] * (len(text) + 1)
    best[0] = []
    for end in range(2, len(text) + 1):
        for start in range(max(0, end - 18), end - 1):
            if best[start] is None:
                continue
            words = vocabulary.hanzi_for(text[start:end])
            if words and (best[end] is None or len(best[start]) + 1 < len(best[end])):
                best[end] = [*best[start], words[0]]
    found = best[len(text)]
    return found if found and len(found) >= 2 else []


def _joined_pinyin(tokens, start, vocabulary) -> tuple[str, int]:
    for end in range(min(len(tokens), start + 4), start + 1, -1):
        part = tokens[start:end]
        if all(ASCII_WORD.fullmatch(word) and len(word) <= 12 for word in part):
            joined = "".join(part)
            if vocabulary.hanzi_for(joined):
                return joined, end
    return "", start


def _unknown_cjk_span(tokens, start, vocabulary) -> tuple[str, int]:
    """The longest run of Chinese tokens from ``start`` (2 to 6 characters) that the portal does
    not know but that contains a token it does not know either: a likely typo."""
    for end in range(min(len(tokens), start + 3), start, -1):
        part = tokens[start:end]
        if not all(CJK.search(word) for word in part):
            continue
        span = "".join(part)
        if not 2 <= len(span) <= 6 or vocabulary.knows(span):
            continue
        if len(span) == 2 and len(part) == 2 and start + 2 < len(tokens):
            continue  # two single characters before more words are usually words of their own
        # A word jieba had to break because of the typo: an unknown piece, or a single character
        # at the end of the query ("居住正"). A single character before more words is usually a
        # word of its own ("出生 上 户口").
        if any(len(word) >= 2 and not vocabulary.knows(word) for word in part) or (
            end == len(tokens) and any(len(word) == 1 for word in part)
        ):
            return span, end
    return "", start


@dataclass
class Result:
    """One page found: what ranking and display need, read without loading the page itself.

    ``page`` (for its URL) is loaded when first asked for; ``with_pages`` loads it for the
    results a page of results shows, in one query. The marked title and snippet are made when
    first shown, not for every candidate ranked.
    """

    pk: int
    section: Section | None
    score: float
    title: str
    summary: str
    keywords: str = ""
    code: str | None = None
    facets: dict[str, str] = field(default_factory=dict)
    events: tuple[str, ...] = ()  # life events inferred from the page's text (search.events)
    matched: float = 0.0  # share of the query's known concepts this result matches
    marks: tuple[str, ...] = ()  # the query's words to mark in the title and snippet
    loaded_page: Model | None = field(default=None, repr=False, compare=False)

    @property
    def section_name(self) -> str:
        return self.section.name if self.section else "pages"

    @property
    def page(self) -> Page:
        if self.loaded_page is None:
            self.loaded_page = Page.objects.select_related("locale").get(pk=self.pk)
        return self.loaded_page

    @functools.cached_property
    def title_html(self) -> SafeString:
        return highlight(self.title, list(self.marks))

    @functools.cached_property
    def snippet_text(self) -> str:
        return _around_first_match(self.summary, list(self.marks))

    @functools.cached_property
    def snippet_html(self) -> SafeString:
        return highlight(self.snippet_text, list(self.marks))


def with_pages(results: Iterable[Result]) -> None:
    """Load the pages of ``results`` (the ones shown), for their URLs, in one query."""
    wanted = [result for result in results if result.loaded_page is None]
    if not wanted:
        return
    pages = Page.objects.filter(pk__in=[result.pk for result in wanted]).select_related("locale")
    found = {page.pk: page for page in pages}
    for result in wanted:
        result.loaded_page = found.get(result.pk)


@dataclass
class SearchOutcome:
    parsed: ParsedQuery
    results: list[Result]
    section_counts: list[tuple[str, str, int]]
    facet_counts: list[tuple[str, str, list[tuple[str, int]]]]
    filters: dict[str, str]
    # True when no result matches everything the query asks for: the page then says the results
    # are related ones, not matches.
    related: bool = False


def search(
    query: str,
    locale: Locale,
    section_name: str = "",
    filters: dict[str, str] | None = None,
    *,
    backend: str | None = None,
    fallback: bool = True,
) -> SearchOutcome:
    """Every result for ``query`` in ``locale``, best first, with facet counts.

    ``backend`` is ``SEARCH_BACKEND`` unless given. When Elasticsearch cannot answer (unreachable,
    timed out, an error response, no index yet) the database backend answers and the failure is
    logged; with ``fallback=False`` the ``SearchUnavailable`` error is raised instead.
    """
    parsed = parse(query, locale.language_code)
    filters = dict(filters or {})
    section = get_section(section_name) if section_name else None
    if not parsed.concepts:
        return SearchOutcome(parsed, [], [], [], filters)
    if (backend or settings.SEARCH_BACKEND) == elastic.ELASTICSEARCH:
        try:
            return _elasticsearch(parsed, locale, section, filters)
        except elastic.SearchUnavailable as exc:
            if not fallback:
                raise
            logger.warning(
                "Elasticsearch could not answer %r (%s): answering from the database backend",
                parsed.text,
                exc,
            )
    return _database(parsed, locale, section, filters)


def _database(
    parsed: ParsedQuery, locale: Locale, section: Section | None, filters: dict[str, str]
) -> SearchOutcome:
    model = section.model if section else Page
    # Only what ranking needs: _describe loads what the results show, one query per section.
    pages = model.objects.live().public().filter(locale=locale).only("pk", "content_type_id")
    found = pages.search(parsed.backend_terms(), operator="or")
    if hasattr(found, "ranked"):
        # The portal's backends (search.backend) rank in the index and load no page here.
        hits = found.ranked(CANDIDATES)
    else:
        found = found.annotate_score("_score")
        hits = [(hit.pk, hit.content_type_id, hit._score or 0.0) for hit in found[:CANDIDATES]]
    results = _ranked(parsed, hits, _describe(hits))

    section_counts = _section_counts(results)
    facet_counts: list[tuple[str, str, list[tuple[str, int]]]] = []
    if section is not None:
        for facet in section.facets:
            counts: dict[str, int] = {}
            for result in results:
                value = result.facets.get(facet.name)
                if value:
                    counts[value] = counts.get(value, 0) + 1
            ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            facet_counts.append((facet.name, facet.label, ordered))
        filters = _known_filters(section, filters)
        for name, value in filters.items():
            results = [result for result in results if result.facets.get(name) == value]
    else:
        filters = {}
    _mark(parsed, results)
    return SearchOutcome(
        parsed, results, section_counts, facet_counts, filters, related=is_related(results)
    )


def _elasticsearch(
    parsed: ParsedQuery, locale: Locale, section: Section | None, filters: dict[str, str]
) -> SearchOutcome:
    """The same outcome from the cluster: candidates, facet counts (aggregations), highlights
    and spelling suggestions come from Elasticsearch, ranking and display from here."""
    filters = _known_filters(section, filters) if section is not None else {}
    request = elastic.build_search(
        parsed, locale.language_code, section=section, filters=filters, size=CANDIDATES
    )
    return from_elasticsearch(parsed, section, filters, elastic.execute(request))


def from_elasticsearch(
    parsed: ParsedQuery, section: Section | None, filters: dict[str, str], response
) -> SearchOutcome:
    """The outcome of a cluster's ``response`` to the request ``elastic.build_search`` made."""
    found = elastic.hits(response)
    hits = [(hit.page_id, hit.content_type, hit.score) for hit in found]
    # Only pages that are live and public now: a document the index has not dropped yet
    # (an update still queued) is never shown.
    results = _ranked(parsed, hits, _describe(hits, current_only=True))

    labels = {registered.name: registered.label for registered in sections()}
    section_counts = [
        (name, labels[name], count)
        for name, count in elastic.buckets(response, "sections")
        if name in labels
    ]
    order = [registered.name for registered in sections()]
    section_counts.sort(key=lambda row: order.index(row[0]))
    facet_counts = [
        (
            facet.name,
            facet.label,
            sorted(
                elastic.buckets(response, f"facet_{facet.name}"),
                key=lambda item: (-item[1], item[0]),
            ),
        )
        for facet in (section.facets if section else ())
    ]
    if parsed.suggestion is None:
        parsed.suggestion = elastic.suggestion(response, parsed.text)
    highlights = {hit.page_id: hit for hit in found}
    _mark(parsed, results)
    for result in results:
        hit = highlights.get(result.pk)
        if hit is not None:
            _use_body_highlight(result, hit)
    return SearchOutcome(
        parsed, results, section_counts, facet_counts, filters, related=is_related(results)
    )


def _use_body_highlight(result: Result, hit: "elastic.Hit") -> None:
    """When the summary does not show what matched but the body does, show the body's passage.

    Only for text the cluster cut itself (smartcn): with the portal's segmentation the stored
    body is a list of words, not something to show a resident.
    """
    if "<mark>" in result.snippet_html or hit.analysis != documents.SMARTCN:
        return
    fragments = hit.highlight.get("body") or []
    if fragments:
        # The cluster escaped the text (encoder "html") and added only <mark> tags.
        result.snippet_html = mark_safe(fragments[0])  # noqa: S308
        result.snippet_text = html.unescape(re.sub(r"</?mark>", "", fragments[0]))


def _known_filters(section: Section, filters: dict[str, str]) -> dict[str, str]:
    known = {facet.name for facet in section.facets}
    return {name: value for name, value in filters.items() if name in known and value}


def _ranked(
    parsed: ParsedQuery, hits: list[tuple[int, int, float]], described: dict[int, "Result"]
) -> list["Result"]:
    """The described hits, ranked by the portal's rules on top of the backend's order."""
    results = []
    for position, (pk, _content_type, _backend_score) in enumerate(hits):
        result = described.get(pk)
        if result is None:
            continue
        # The backend's order, not its raw score: SQLite's bm25 is negative, PostgreSQL's rank
        # positive and unbounded; a position is comparable everywhere.
        result.score = _score(parsed, result, 1 - position / len(hits))
        results.append(result)
    results.sort(key=lambda result: -result.score)
    if results:
        # Weak matches far below the best are noise (every guide that mentions 证明 for 居住证).
        floor = RELEVANCE_FLOOR * results[0].score
        results = [result for result in results if result.score >= floor]
    return results


def is_related(results: list["Result"]) -> bool:
    """No result matches every concept the portal knows: what is shown is only related."""
    return bool(results) and max(result.matched for result in results) < 1.0


def _describe(
    hits: list[tuple[int, int, float]], *, current_only: bool = False
) -> dict[int, Result]:
    """Read what ranking and display need, one query per section: the columns the section names
    (title, summary, keywords, code, facets, life-event text), not whole pages.

    ``current_only`` keeps only pages that are live and public now (for an external index).
    """
    from django.contrib.contenttypes.models import ContentType

    by_section: dict[str, list[int]] = {}
    plain: list[int] = []
    for pk, content_type_id, _score in hits:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        section = section_for_model(model) if model else None
        if section is None:
            plain.append(pk)
        else:
            by_section.setdefault(section.name, []).append(pk)
    described: dict[int, Result] = {}
    matcher = life_events.matcher()
    for name, pks in by_section.items():
        section = get_section(name)
        pages = section.model.objects.filter(pk__in=pks)
        if current_only:
            pages = pages.live().public()
        for page in _section_records(section, pages):
            described[page.pk] = Result(
                pk=page.pk,
                section=section,
                score=0.0,
                title=page.title,
                summary=section.summary_of(page),
                keywords=section.keywords_of(page),
                code=section.code_of(page),
                facets={facet.name: facet.value(page) for facet in section.facets},
                events=tuple(matcher.events_in(section.event_text(page))),
            )
    plain_pages = Page.objects.filter(pk__in=plain)
    if current_only:
        plain_pages = plain_pages.live().public()
    for pk, title, summary in plain_pages.values_list("pk", "title", "search_description"):
        described[pk] = Result(pk=pk, section=None, score=0.0, title=title, summary=summary)
    return described


def _section_records(section: Section, pages) -> list:
    """The section's pages as records holding only the attributes the section names (dotted
    paths such as ``department.name`` become nested records), read with one ``values()`` query.

    An attribute that is not a database column (a property) cannot be read that way: the pages
    are then loaded whole, their streams left out.
    """
    paths = {"title", section.summary}
    paths.update(path for path in (section.keywords, section.code) if path)
    paths.update(facet.attribute for facet in section.facets)
    paths.update(section.events_from)
    try:
        rows = list(pages.values("pk", *(path.replace(".", "__") for path in sorted(paths))))
    except FieldError:
        loaded = pages.select_related(*section.select_related)
        if hasattr(loaded, "defer_streamfields"):
            loaded = loaded.defer_streamfields()
        return list(loaded)
    return [_record(row) for row in rows]


def _record(row: dict) -> SimpleNamespace:
    record = SimpleNamespace()
    for key, value in row.items():
        target = record
        *parents, last = key.split("__")
        for parent in parents:
            child = getattr(target, parent, None)
            if child is None:
                child = SimpleNamespace()
                setattr(target, parent, child)
            target = child
        setattr(target, last, value)
    return record


def _contains(text: str, form: str) -> bool:
    if ASCII_WORD.fullmatch(form):
        return re.search(r"\b" + re.escape(stem(form)), text) is not None
    return form in text


def _score(parsed: ParsedQuery, result: Result, backend: float) -> float:
    title = simplified(result.title).lower()
    # Keywords and life events count like the summary.
    summary = simplified(f"{result.summary} {result.keywords}").lower()
    summary = " ".join([summary, *result.events])
    score = 0.0
    matched = 0
    covered = 0
    known = found = 0
    for concept in parsed.concepts:
        forms = concept.forms()
        in_title = [form for form in forms if _contains(title, form)]
        known += not concept.unknown
        if in_title:
            score += TITLE_POINTS * concept.weight
            matched += 1
            covered += max(len(form) for form in in_title)
            found += not concept.unknown
        elif any(_contains(summary, form) for form in forms):
            score += SUMMARY_POINTS * concept.weight
            matched += 1
            found += not concept.unknown
        else:
            parts = concept.parts()
            if any(part in title for part in parts):
                score += PART_SHARE * TITLE_POINTS * concept.weight
                matched += PART_SHARE
            elif any(part in summary for part in parts):
                score += PART_SHARE * SUMMARY_POINTS * concept.weight
                matched += PART_SHARE
            elif any(_contains(title, form) for form in concept.weak):
                score += CHARACTER_SHARE * TITLE_POINTS * concept.weight
                matched += CHARACTER_SHARE
            elif any(_contains(summary, form) for form in concept.weak):
                score += CHARACTER_SHARE * SUMMARY_POINTS * concept.weight
                matched += CHARACTER_SHARE
            elif concept.unknown and any(char in title for char in concept.characters()):
                # A word the portal never uses (没水): a telling character of it in the title
                # (停水) is a weak hint, enough to order otherwise equal results.
                score += CHARACTER_SHARE * TITLE_POINTS * concept.weight
                matched += CHARACTER_SHARE
    coverage = matched / len(parsed.concepts)
    result.matched = found / known if known else coverage
    total_weight = sum(concept.weight for concept in parsed.concepts) or 1.0
    # Of two titles that match equally, the one the query says more of is the closer answer
    # (公共租赁住房申请 before 公共租赁住房租赁补贴申请).
    focus = min(covered / len(title), 1.0) if title else 0.0
    score = score / total_weight * (0.5 + coverage) + FOCUS_POINTS * focus + backend
    weight = result.section.weight if result.section else 0.7
    return score * weight


def _section_counts(results: list[Result]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for result in results:
        counts[result.section_name] = counts.get(result.section_name, 0) + 1
    labelled = []
    for section in sections():
        if section.name in counts:
            labelled.append((section.name, section.label, counts[section.name]))
    return labelled


def _mark(parsed: ParsedQuery, results: list[Result]) -> None:
    # The marked title and snippet are made from these when shown (Result.title_html ...).
    marks = tuple(parsed.marks())
    for result in results:
        result.marks = marks


def _around_first_match(text: str, marks: list[str]) -> str:
    if len(text) <= SNIPPET_CHARACTERS:
        return text
    lowered = text.lower()
    positions = [lowered.find(mark) for mark in marks if mark and lowered.find(mark) >= 0]
    start = max(0, min(positions, default=0) - SNIPPET_CHARACTERS // 3)
    end = min(len(text), start + SNIPPET_CHARACTERS)
    # In Latin text, cut between words, not inside one.
    if start and text[start - 1].isascii() and text[start - 1].isalnum():
        space = text.find(" ", start, end)
        start = space + 1 if space != -1 else start
    if end < len(text) and text[end].isascii() and text[end].isalnum():
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    snippet = text[start:end].strip()
    return ("…" if start else "") + snippet + ("…" if end < len(text) else "")


@functools.lru_cache(maxsize=256)
def _marks_pattern(marks: tuple[str, ...]) -> re.Pattern:
    """One pattern for the marks of a query (built once, not for every title and snippet)."""
    patterns = []
    for mark in marks:
        if ASCII_WORD.fullmatch(mark):
            patterns.append(r"\b" + re.escape(mark) + r"\w*")
        else:
            patterns.append(re.escape(mark))
    return re.compile("|".join(patterns), re.IGNORECASE)


def highlight(text: str, marks: list[str]) -> SafeString:
    """``text`` escaped, with every occurrence of a mark wrapped in ``<mark>``."""
    if not marks or not text:
        return escape(text)
    pattern = _marks_pattern(tuple(marks))
    pieces = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above
