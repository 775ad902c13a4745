"""What the Elasticsearch backend stores: one document per live public page, one index per language.

The documents are built from the same registration the database backend uses
(``search.registry``): a page's section gives its summary, keywords, code and facet values; the
Wagtail ``search_fields`` of its model give the body. Nothing here names a content app.

Chinese text is analysed in one of two ways, chosen when an index is built:

- ``smartcn``: the cluster has Elasticsearch's official ``analysis-smartcn`` plugin on every node;
  the text is stored as written and the cluster cuts it into words.
- ``portal``: the portal cuts the text with jieba (the same words as the database backend) and the
  cluster only splits on spaces. English indexes always use this, so English words are stemmed
  the way the portal stems the query.

Either way the query the portal sends is the same (its own words, space-separated), so results do
not depend on the plugins an operator installed. Pinyin is computed by the portal (pypinyin) into
the ``spelled`` field and the initials of the words of the title, other names and life events
("dbsq") into ``initials``; the page's life events (inferred from its own text, search.events)
into ``events``. Traditional characters are converted to simplified ones (OpenCC) before any of
it, in both analysis modes, as the database backend does. The thesaurus reaches the cluster as a
synonym set used by a ``synonym_graph`` filter at search time (``updateable``, so saving an entry
needs no re-index), with the life events' phrasings as one-way rules to the event's name.
"""

import re
from typing import Any

from django.conf import settings
from django.utils.html import strip_tags

from wagtail.search import index

from elasticsearch_dsl import Date, Document, Integer, Keyword, MetaField, Object, Text

from search.events import events_of
from search.registry import Section, section_for_model, sections
from search.segmentation import CJK, initials, pinyin, plain_words, simplified

SMARTCN = "smartcn"
PORTAL = "portal"
SMARTCN_PLUGIN = "analysis-smartcn"
# Fields that describe the page elsewhere in the document, or that the database backend adds.
NOT_BODY = frozenset({"title", "segmented_text", "search_description", "slug"})


class PageDocument(Document):
    """A live, public page as the cluster sees it. The document id is the page's id."""

    page_id = Integer()
    content_type = Integer()
    section = Keyword()
    language = Keyword()
    analysis = Keyword()  # SMARTCN or PORTAL: how the text fields below were prepared
    code = Keyword()
    title = Text(analyzer="portal_text", search_analyzer="portal_search")
    summary = Text(analyzer="portal_text", search_analyzer="portal_search")
    keywords = Text(analyzer="portal_text", search_analyzer="portal_search")
    body = Text(analyzer="portal_text", search_analyzer="portal_search")
    spelled = Text(analyzer="portal_words")  # pinyin of the Chinese words, by the portal
    initials = Text(analyzer="portal_words")  # initials of title, keyword and event words: dbsq
    events = Text(analyzer="portal_words")  # life events inferred from the page's text
    did_you_mean = Text(analyzer="portal_words")  # words of title, summary and keywords
    facets = Object(dynamic=True)
    published = Date()

    class Meta:
        dynamic = MetaField("strict")
        # Facet values are exact strings to count and filter by.
        dynamic_templates = MetaField(
            [
                {
                    "facet_values": {
                        "path_match": "facets.*",
                        "match_mapping_type": "string",
                        "mapping": {"type": "keyword"},
                    }
                }
            ]
        )


def language_slug(language_code: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", language_code.lower()).strip("-")


def alias_name(language_code: str, prefix: str | None = None) -> str:
    """The name searches use (an alias of the current concrete index): ``portal-zh-hans``."""
    prefix = prefix if prefix is not None else settings.ELASTICSEARCH_INDEX_PREFIX
    return f"{prefix}-{language_slug(language_code)}"


def synonym_set_name(prefix: str | None = None) -> str:
    prefix = prefix if prefix is not None else settings.ELASTICSEARCH_INDEX_PREFIX
    return f"{prefix}-synonyms"


def is_chinese(language_code: str) -> bool:
    return language_code.lower().startswith("zh")


def analysis_mode(language_code: str, smartcn_available: bool) -> str:
    return SMARTCN if smartcn_available and is_chinese(language_code) else PORTAL


def analysis_settings(mode: str, synonym_set: str) -> dict[str, Any]:
    """The ``analysis`` part of an index's settings.

    ``portal_text`` indexes the text fields, ``portal_search`` analyses queries against them (it
    adds the editors' synonyms), ``portal_words`` splits text the portal already cut into words.
    """
    if mode == SMARTCN:
        tokenizer = "smartcn_tokenizer"
        filters = ["lowercase", "cjk_width"]
    else:
        tokenizer = "whitespace"
        filters = ["lowercase"]
    return {
        "filter": {
            "portal_synonyms": {
                "type": "synonym_graph",
                "synonyms_set": synonym_set,
                "updateable": True,
            }
        },
        "analyzer": {
            "portal_text": {"type": "custom", "tokenizer": tokenizer, "filter": filters},
            "portal_search": {
                "type": "custom",
                "tokenizer": tokenizer,
                "filter": [*filters, "portal_synonyms"],
            },
            "portal_words": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
        },
    }


def mapping() -> dict[str, Any]:
    """The document mapping, with a keyword field for every registered facet."""
    body = PageDocument._doc_type.mapping.to_dict()
    facet_fields = body["properties"]["facets"].setdefault("properties", {})
    for section in sections():
        for facet in section.facets:
            facet_fields[facet.name] = {"type": "keyword"}
    return body


def index_body(language_code: str, mode: str, *, shards: int = 1, replicas: int = 1) -> dict:
    """Settings and mappings of a new index for ``language_code``."""
    body = mapping()
    body["_meta"] = {"analysis": mode, "language": language_code}
    return {
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            "analysis": analysis_settings(mode, synonym_set_name()),
        },
        "mappings": body,
    }


def synonym_rules(rules: list[tuple[int | str, str, list[str], bool]]) -> list[dict[str, str]]:
    """Thesaurus entries as rules of an Elasticsearch synonym set (Solr format).

    ``rules`` holds (id, term, words, two_way). Two-way rules become ``"低保, 最低生活保障"``,
    one-way rules ``"廉租房 => 公租房, 公共租赁住房"``. Characters with a meaning in the format
    are dropped from the words; traditional characters become simplified (as the index holds).
    """
    made = []
    for rule_id, term, words, two_way in rules:
        term, words = simplified(term), [simplified(word) for word in words]
        clean = [w for w in (_rule_word(word) for word in [term, *words]) if w]
        if len(clean) < 2 or clean[0] != _rule_word(term):
            continue
        if two_way:
            text = ", ".join(dict.fromkeys(clean))
        else:
            text = f"{clean[0]} => " + ", ".join(dict.fromkeys(clean[1:]))
        made.append({"id": f"rule-{rule_id}", "synonyms": text})
    return made


def _rule_word(word: str) -> str:
    return " ".join(re.sub(r"[=>,#\\]", " ", word).split()).lower()


def _field_text(page, name: str) -> str:
    value = getattr(page, name, None)
    if callable(value):
        value = value()
    if value is None:
        return ""
    stream_block = getattr(value, "stream_block", None)
    if stream_block is not None:
        return " ".join(str(part) for part in stream_block.get_searchable_content(value))
    return strip_tags(str(value))


def body_text(page, section: Section | None) -> str:
    """The text the database backend searches besides the title, summary and keywords: the
    page's Wagtail ``search_fields`` and, for a ``SegmentedSearchMixin`` page, its
    ``segmented_fields`` (a guide's eligibility, materials, steps ...)."""
    skip = set(NOT_BODY)
    if section is not None:
        skip |= {section.summary, section.keywords or ""}
    names = [
        field.field_name
        for field in page.get_search_fields()
        if isinstance(field, index.SearchField)
    ]
    names.extend(getattr(page, "segmented_fields", ()))
    names = [name for name in dict.fromkeys(names) if name not in skip]
    return " ".join(text for text in (_field_text(page, name) for name in names) if text)


def short_titles(title: str) -> list[str]:
    """A title of at most 12 Chinese characters as one word (its runs between punctuation), so
    its full pinyin and its initials find it: "zdshbzsq" for 最低生活保障申请."""
    runs = re.findall(r"[\u3400-\u9fff]+", simplified(title))
    return [run for run in runs if 4 <= len(run) <= 12]


def _words(text: str) -> str:
    return " ".join(plain_words(text))


def page_document(page, mode: str, language_code: str) -> dict[str, Any]:
    """The document for a specific page (``page.specific``), ready for the bulk API."""
    section = section_for_model(type(page))
    title = page.title or ""
    if section is not None:
        summary = section.summary_of(page)
        keywords = section.keywords_of(page)
        code = section.code_of(page)
        facets = {facet.name: facet.value(page) for facet in section.facets}
        facets = {name: value for name, value in facets.items() if value}
    else:
        summary, keywords, code, facets = page.search_description or "", "", None, {}
    body = body_text(page, section)
    texts = {"title": title, "summary": summary, "keywords": keywords, "body": body}
    texts = {name: simplified(text) for name, text in texts.items()}
    events = events_of(section.event_text(page)) if section else events_of(title, summary)
    if mode == PORTAL:
        texts = {name: _words(text) for name, text in texts.items()}
    all_words = plain_words(f"{title} {summary} {keywords} {body}")
    spelled = [
        pinyin(word) for word in dict.fromkeys(all_words) if len(word) >= 2 and CJK.search(word)
    ]
    named = [*plain_words(f"{title} {keywords}"), *events, *short_titles(title)]
    letters = [
        initials(word) for word in dict.fromkeys(named) if 2 <= len(word) <= 12 and CJK.search(word)
    ]
    return {
        "page_id": page.pk,
        "content_type": page.content_type_id,
        "section": section.name if section else "pages",
        "language": language_code,
        "analysis": mode,
        "code": code,
        **texts,
        "spelled": " ".join(word for word in spelled if word),
        "initials": " ".join(dict.fromkeys(word for word in letters if word)),
        "events": " ".join(events),
        "did_you_mean": _words(f"{title} {summary} {keywords}"),
        "facets": facets,
        "published": page.last_published_at,
    }
