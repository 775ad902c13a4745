"""The Elasticsearch backend as data: the index settings and mappings, the documents, the
synonym rules, the request bodies built for residents' queries, and how a cluster's answer
becomes the same outcome the database backend gives (no cluster needed)."""

import pytest
from elasticsearch_dsl.response import Response

from search import documents, elastic, engine, registry
from search.models import Synonym
from search.registry import get_section

pytestmark = pytest.mark.django_db


def body_for(query, language="zh-hans", section="", filters=None, **kwargs):
    parsed = engine.parse(query, language)
    return elastic.build_search(
        parsed,
        language,
        section=get_section(section) if section else None,
        filters=filters,
        **kwargs,
    ).to_dict()


def test_mapping_weights_text_fields_and_takes_facets_from_the_registry():
    mapping = documents.mapping()
    properties = mapping["properties"]
    assert mapping["dynamic"] == "strict"
    for name in ("title", "summary", "keywords", "body"):
        assert properties[name] == {
            "type": "text",
            "analyzer": "portal_text",
            "search_analyzer": "portal_search",
        }
    assert properties["spelled"] == {"type": "text", "analyzer": "portal_words"}
    assert properties["did_you_mean"] == {"type": "text", "analyzer": "portal_words"}
    for name in ("section", "language", "code", "analysis"):
        assert properties[name] == {"type": "keyword"}
    # One keyword field per facet name any section registers (services: department and
    # category; notices: category ...), shared by the sections that use the same name.
    assert {"category", "department"} <= set(properties["facets"]["properties"])
    assert properties["facets"]["properties"] == {
        facet.name: {"type": "keyword"}
        for section in registry.sections()
        for facet in section.facets
    }
    assert mapping["dynamic_templates"][0]["facet_values"]["mapping"] == {"type": "keyword"}


def test_chinese_uses_smartcn_only_when_every_node_has_it_english_never():
    assert documents.analysis_mode("zh-hans", smartcn_available=True) == documents.SMARTCN
    assert documents.analysis_mode("zh-hans", smartcn_available=False) == documents.PORTAL
    assert documents.analysis_mode("en", smartcn_available=True) == documents.PORTAL

    smartcn = documents.index_body("zh-hans", documents.SMARTCN)
    analyzers = smartcn["settings"]["analysis"]["analyzer"]
    assert analyzers["portal_text"] == {
        "type": "custom",
        "tokenizer": "smartcn_tokenizer",
        "filter": ["lowercase", "cjk_width"],
    }
    assert analyzers["portal_search"]["filter"] == ["lowercase", "cjk_width", "portal_synonyms"]
    assert smartcn["mappings"]["_meta"] == {"analysis": "smartcn", "language": "zh-hans"}

    portal = documents.index_body("zh-hans", documents.PORTAL)
    analyzers = portal["settings"]["analysis"]["analyzer"]
    # jieba already cut the text: the cluster only splits on spaces.
    assert analyzers["portal_text"] == {
        "type": "custom",
        "tokenizer": "whitespace",
        "filter": ["lowercase"],
    }
    assert analyzers["portal_search"]["filter"] == ["lowercase", "portal_synonyms"]
    assert portal["mappings"]["_meta"]["analysis"] == "portal"


def test_shards_and_replicas_of_a_new_index():
    settings = documents.index_body("en", documents.PORTAL, shards=3, replicas=2)["settings"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == (3, 2)


def test_synonyms_are_a_search_time_filter_over_the_prefixed_synonym_set():
    settings = documents.index_body("zh-hans", documents.PORTAL)["settings"]
    assert settings["analysis"]["filter"]["portal_synonyms"] == {
        "type": "synonym_graph",
        "synonyms_set": "portal-test-synonyms",
        "updateable": True,
    }
    # Only the search analyzer uses it: saving a synonym needs no re-index.
    assert "portal_synonyms" not in settings["analysis"]["analyzer"]["portal_text"]["filter"]


def test_index_and_alias_names_carry_the_environment_prefix(settings):
    assert documents.alias_name("zh-hans") == "portal-test-zh-hans"
    settings.ELASTICSEARCH_INDEX_PREFIX = "city-prod"
    assert documents.alias_name("en") == "city-prod-en"
    assert documents.synonym_set_name() == "city-prod-synonyms"


def test_editors_synonyms_become_synonym_set_rules():
    two_way = Synonym.objects.create(term="幸福卡", synonyms="居民卡，幸福里居民卡", two_way=True)
    one_way = Synonym.objects.create(term="老房证", synonyms="不动产权证书", two_way=False)
    odd = Synonym.objects.create(term="a=>b", synonyms="c, d#e", two_way=True)
    rules = documents.synonym_rules(
        [(rule.pk, rule.term, rule.words(), rule.two_way) for rule in [two_way, one_way, odd]]
    )
    assert rules == [
        {"id": f"rule-{two_way.pk}", "synonyms": "幸福卡, 居民卡, 幸福里居民卡"},
        {"id": f"rule-{one_way.pk}", "synonyms": "老房证 => 不动产权证书"},
        # characters with a meaning in the rule format are dropped, not passed on
        {"id": f"rule-{odd.pk}", "synonyms": "a b, c, d e"},
    ]


def test_the_starting_synonyms_all_become_rules():
    rows = [(rule.pk, rule.term, rule.words(), rule.two_way) for rule in Synonym.objects.all()]
    rules = documents.synonym_rules(rows)
    assert len(rules) == len(rows) > 10
    by_text = {rule["synonyms"] for rule in rules}
    assert any(text.startswith("低保, ") and "最低生活保障" in text for text in by_text)


def test_documents_hold_jieba_words_and_pinyin_or_the_text_as_written(portal_pages):
    notice = portal_pages["dibao-review"].specific
    document = documents.page_document(notice, documents.PORTAL, "zh-hans")
    assert document["page_id"] == notice.pk
    assert document["section"] == "notices"
    assert document["language"] == "zh-hans"
    assert document["analysis"] == "portal"
    assert document["code"] is None
    assert document["facets"] == {"category": "政策通知"}
    assert "最低生活保障" in document["title"].split()
    assert "低保" in document["summary"].split()
    assert "dibao" in document["spelled"].split()
    assert "zuidishenghuobaozhang" in document["spelled"].split()
    assert "低保" in document["did_you_mean"].split()

    smartcn = documents.page_document(notice, documents.SMARTCN, "zh-hans")
    assert smartcn["title"] == "最低生活保障年度复核"
    assert smartcn["summary"] == "享受低保的家庭请在月底前到社区办理年度复核。"
    assert smartcn["spelled"] == document["spelled"]


def test_a_page_outside_every_section_is_indexed_with_its_search_fields(portal_pages):
    page = portal_pages["permit"].specific
    document = documents.page_document(page, documents.PORTAL, "zh-hans")
    assert document["section"] == "pages"
    assert document["facets"] == {}
    assert "居住证" in document["body"].split()  # StandardPage's intro is a search field


def test_request_for_a_question_in_one_section_with_a_facet_chosen(portal_pages):
    body = body_for("低保怎么申请", section="notices", filters={"category": "停水停电"})
    query = body["query"]["bool"]
    assert query["filter"] == [
        {"term": {"language": "zh-hans"}},
        {"term": {"section": "notices"}},
    ]
    assert query["minimum_should_match"] == 1
    words = query["should"][0]["multi_match"]["query"].split()
    assert "低保" in words and "申请" in words
    assert "最低生活保障" in words  # the editors' synonym, expanded by the portal
    assert "怎么" not in words  # question words dropped
    assert query["should"][0]["multi_match"]["fields"] == [
        "title^3",
        "summary^1.5",
        "keywords^1.5",
        "body",
    ]
    assert query["should"][1] == {"match": {"spelled": {"query": " ".join(words), "boost": 0.5}}}
    # No fuzziness for Chinese words; the life events the pages serve.
    assert query["should"][2:] == [{"match": {"events": {"query": " ".join(words), "boost": 1.0}}}]
    # The chosen facet narrows the hits after the aggregations: counts stay whole.
    assert body["post_filter"] == {"bool": {"filter": [{"term": {"facets.category": "停水停电"}}]}}
    assert body["aggs"] == {
        # One bucket per registered section, and one for pages of no section.
        "sections": {"terms": {"field": "section", "size": len(registry.sections()) + 1}},
        "facet_category": {"terms": {"field": "facets.category", "size": 50}},
    }
    assert body["highlight"] == {
        "fields": {"title": {}, "summary": {}, "body": {}},
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "encoder": "html",
        "fragment_size": 120,
        "number_of_fragments": 1,
    }
    assert body["suggest"] == {
        "did_you_mean": {
            "text": "低保 申请",
            "term": {"field": "did_you_mean", "suggest_mode": "popular", "min_word_length": 2},
        }
    }
    assert body["_source"] == ["page_id", "content_type", "section", "analysis"]
    assert (body["from"], body["size"], body["track_total_hits"]) == (0, 200, True)


def test_request_for_pinyin_is_typo_tolerant(portal_pages):
    body = body_for("dibao")
    should = body["query"]["bool"]["should"]
    assert "低保" in should[0]["multi_match"]["query"].split()  # the pinyin's Chinese word
    assert should[2] == {
        "multi_match": {
            "query": "dibao",
            "fields": ["title^3", "summary^1.5", "keywords^1.5", "body", "spelled^0.5"],
            "fuzziness": "AUTO",
            "prefix_length": 1,
            "max_expansions": 20,
            "boost": 0.5,
        }
    }
    # All sections: no section filter, no facet aggregation, facet filters ignored.
    assert body["query"]["bool"]["filter"] == [{"term": {"language": "zh-hans"}}]
    assert set(body["aggs"]) == {"sections"}
    assert "post_filter" not in body


def test_request_for_a_chinese_typo_carries_the_portals_correction(portal_pages):
    body = body_for("公租防", filters={"category": "政策通知"})
    words = body["query"]["bool"]["should"][0]["multi_match"]["query"].split()
    assert words[:2] == ["公租防", "公租房"]
    assert "post_filter" not in body


def test_request_in_english_goes_to_the_english_index_with_stems(portal_pages):
    search = elastic.build_search(engine.parse("applying allowance", "en"), "en")
    body = search.to_dict()
    assert search._index == ["portal-test-en"]
    words = body["query"]["bool"]["should"][0]["multi_match"]["query"].split()
    assert "applying" in words and "apply" in words
    assert (
        body["query"]["bool"]["should"][2]["multi_match"]["query"]
        == "applying apply allowance allowanc"
    )
    assert body["query"]["bool"]["filter"] == [{"term": {"language": "en"}}]


def test_request_pages_through_results(portal_pages):
    body = body_for("停水", size=10, offset=20)
    assert (body["from"], body["size"]) == (20, 10)


def cluster_answer(request, hits, sections=(), facets=None, suggest=None):
    """A response body in the shape Elasticsearch 8 answers a search with."""
    data = {
        "took": 3,
        "timed_out": False,
        "hits": {
            "total": {"value": len(hits), "relation": "eq"},
            "max_score": 9.0,
            "hits": [
                {
                    "_index": "portal-test-zh-hans-1",
                    "_id": str(page.pk),
                    "_score": 9.0 - position,
                    "_source": {
                        "page_id": page.pk,
                        "content_type": page.content_type_id,
                        "section": section,
                        "analysis": analysis,
                    },
                    "highlight": highlight,
                }
                for position, (page, section, analysis, highlight) in enumerate(hits)
            ],
        },
        "aggregations": {
            "sections": {"buckets": [{"key": k, "doc_count": n} for k, n in sections]},
            **{
                f"facet_{name}": {"buckets": [{"key": k, "doc_count": n} for k, n in values]}
                for name, values in (facets or {}).items()
            },
        },
    }
    if suggest:
        data["suggest"] = {"did_you_mean": suggest}
    return Response(request, data)


def test_a_cluster_answer_becomes_the_same_outcome_shape(portal_pages):
    parsed = engine.parse("低保", "zh-hans")
    section = get_section("notices")
    request = elastic.build_search(parsed, "zh-hans", section=section)
    dibao = portal_pages["dibao-review"]
    rental = portal_pages["rental-housing"]
    response = cluster_answer(
        request,
        [(rental, "notices", "portal", {}), (dibao, "notices", "portal", {})],
        sections=[("notices", 2)],
        facets={"category": [("政策通知", 2), ("停水停电", 7)]},
    )
    outcome = engine.from_elasticsearch(parsed, section, {}, response)
    # The portal ranks the cluster's candidates: the title match first; the other candidate does
    # not mention 低保 at all and falls below the relevance floor.
    assert [result.page.pk for result in outcome.results] == [dibao.pk]
    assert rental.pk not in [result.page.pk for result in outcome.results]
    first = outcome.results[0]
    assert first.section_name == "notices"
    assert first.title_html == "<mark>最低生活保障</mark>年度复核"
    assert "<mark>低保</mark>" in first.snippet_html
    assert outcome.section_counts == [("notices", section.label, 2)]
    # Facet counts come from the aggregations (all matches, not just the candidates).
    assert outcome.facet_counts == [
        ("category", section.facets[0].label, [("停水停电", 7), ("政策通知", 2)])
    ]


def test_a_page_unpublished_since_it_was_indexed_is_never_shown(portal_pages):
    parsed = engine.parse("低保", "zh-hans")
    dibao = portal_pages["dibao-review"]
    dibao.unpublish()
    response = cluster_answer(
        elastic.build_search(parsed, "zh-hans"), [(dibao, "notices", "portal", {})]
    )
    assert engine.from_elasticsearch(parsed, None, {}, response).results == []


def test_the_clusters_spelling_suggestion_is_offered(portal_pages):
    parsed = engine.parse("复查", "zh-hans")
    response = cluster_answer(
        elastic.build_search(parsed, "zh-hans"),
        [],
        suggest=[{"text": "复查", "offset": 0, "length": 2, "options": [{"text": "复核"}]}],
    )
    outcome = engine.from_elasticsearch(parsed, None, {}, response)
    assert outcome.parsed.suggestion == "复核"


def test_a_body_passage_is_the_snippet_only_when_the_cluster_cut_the_text(portal_pages):
    parsed = engine.parse("月底", "zh-hans")
    rental = portal_pages["rental-housing"]
    fragment = "请<mark>月底</mark>前提交 &lt;材料&gt;"
    for analysis, expected_html in [("smartcn", fragment), ("portal", None)]:
        response = cluster_answer(
            elastic.build_search(parsed, "zh-hans"),
            [(rental, "notices", analysis, {"body": [fragment]})],
        )
        result = engine.from_elasticsearch(parsed, None, {}, response).results[0]
        if expected_html:
            assert result.snippet_html == fragment
            assert result.snippet_text == "请月底前提交 <材料>"
        else:
            assert result.snippet_text == "符合条件的住房困难家庭可以申请公共租赁住房。"


def test_mapping_holds_initials_and_life_events_as_words():
    properties = documents.mapping()["properties"]
    assert properties["initials"] == {"type": "text", "analyzer": "portal_words"}
    assert properties["events"] == {"type": "text", "analyzer": "portal_words"}


def test_documents_carry_simplified_text_initials_and_inferred_life_events(home_page):
    from home.models import StandardPage

    page = StandardPage(
        title="喪葬補助金申領",
        slug="funeral",
        search_description="參保人員死亡後，遺屬可以申領喪葬補助金。",
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    for mode in (documents.PORTAL, documents.SMARTCN):
        document = documents.page_document(page, mode, "zh-hans")
        assert "丧葬" in document["title"] and "喪" not in document["title"]
        assert "身后事" in document["events"].split()
        assert {"sz", "bzj", "szbzjsl"} <= set(document["initials"].split())  # 丧葬补助金申领


def test_life_event_phrasings_become_one_way_rules_to_the_event():
    from search.models import LifeEvent

    event = LifeEvent.objects.get(name="身后事")
    rules = documents.synonym_rules(
        [
            (f"event-{event.pk}-{n}", phrasing, [event.name], False)
            for n, phrasing in enumerate(event.phrasing_words())
        ]
    )
    assert {"id": f"rule-event-{event.pk}-0", "synonyms": "去世 => 身后事"} in rules
    # Thesaurus entries in traditional characters reach the cluster simplified.
    assert documents.synonym_rules([(1, "養老金", ["養老保險"], False)]) == [
        {"id": "rule-1", "synonyms": "养老金 => 养老保险"}
    ]


def test_request_carries_the_thesaurus_conversion_initials_and_life_events(portal_pages):
    body = body_for("養老金")  # traditional, converted before the request is built
    terms = body["query"]["bool"]["should"][0]["multi_match"]["query"].split()
    assert "养老金" in terms and "养老保险" in terms  # thesaurus: 养老金 -> 养老保险
    body = body_for("我爸去世了")
    should = body["query"]["bool"]["should"]
    assert any("events" in clause.get("match", {}) for clause in should)
    assert "身后事" in should[0]["multi_match"]["query"].split()
    body = body_for("dbsq")
    initials = [
        clause["match"]["initials"]
        for clause in body["query"]["bool"]["should"]
        if "initials" in clause.get("match", {})
    ]
    assert initials and initials[0]["query"] == "db sq"
