"""The search engine over real pages and Wagtail's database backend (SQLite and PostgreSQL)."""

import os
import threading
import uuid

from wagtail.models import Locale

import pytest

from search import engine
from search.models import Synonym

pytestmark = pytest.mark.django_db


def titles(query: str, locale: Locale, section: str = "", **filters) -> list[str]:
    return [result.title for result in engine.search(query, locale, section, filters).results]


def test_a_title_match_ranks_first(portal_pages, zh):
    assert titles("公租房", zh)[0] == "公租房申请受理开始"
    assert titles("停水", zh)[0] == "翠竹园小区计划停水通知"


def test_pinyin_finds_the_chinese_word(portal_pages, zh):
    assert titles("dibao", zh)[0] == "最低生活保障年度复核"
    assert titles("gongzufang", zh)[0] == "公租房申请受理开始"
    assert titles("gong zu fang", zh)[0] == "公租房申请受理开始"


def test_a_one_character_typo_is_corrected_and_suggested(portal_pages, zh):
    outcome = engine.search("公租防", zh)
    assert outcome.results[0].title == "公租房申请受理开始"
    assert outcome.parsed.suggestion == "公租房"


def test_a_latin_typo_is_corrected(portal_pages, zh):
    outcome = engine.search("gongzufnag", zh)
    assert outcome.results and outcome.results[0].title == "公租房申请受理开始"


def test_known_words_are_not_corrected(portal_pages, zh):
    assert engine.parse("公租房", "zh-hans").suggestion is None
    assert engine.parse("停水", "zh-hans").suggestion is None


def test_short_queries_are_never_corrected(portal_pages, zh):
    assert engine.parse("公租", "zh-hans").suggestion is None


def test_the_default_synonyms_cover_everyday_names(portal_pages, zh):
    assert titles("失业金", zh)[0] == "失业保险金申领指南"
    assert titles("老年卡", zh)[0] == "老年人免费乘车卡办理"


def test_synonyms_apply_at_query_time(portal_pages, zh):
    assert "最低生活保障年度复核" not in titles("救助金", zh)
    Synonym.objects.create(term="救助金", synonyms="低保", two_way=True)
    assert titles("救助金", zh)[0] == "最低生活保障年度复核"


def test_one_way_synonyms_lead_only_one_way(portal_pages, zh):
    Synonym.objects.filter(term="廉租房").delete()  # one of the default rules
    rule = Synonym(term="廉租房", synonyms="公租房", two_way=False)
    rule.full_clean()
    rule.save()
    assert titles("廉租房", zh)[0] == "公租房申请受理开始"
    parsed = engine.parse("公租房", "zh-hans")
    assert "廉租房" not in parsed.concepts[0].forms()


def test_synonym_spanning_several_words(portal_pages, zh):
    Synonym.objects.update_or_create(
        term="老年卡", defaults={"synonyms": "老年人免费乘车卡，乘车卡", "two_way": True}
    )
    assert titles("老年卡怎么办", zh)[0] == "老年人免费乘车卡办理"


def test_an_unknown_compound_word_still_finds_its_parts(portal_pages, zh):
    # 失业金 is nowhere in the pages (no synonym yet): 失业 in a title still counts.
    assert titles("失业金", zh)[0] == "失业保险金申领指南"


def test_question_words_do_not_decide_the_ranking(portal_pages, zh):
    assert titles("失业保险金需要什么材料", zh)[0] == "失业保险金申领指南"
    assert titles("请问公租房怎么申请", zh)[0] == "公租房申请受理开始"


def test_results_are_in_the_active_language_only(portal_pages):
    en = Locale.objects.get(language_code="en")
    assert titles("allowance", en) == ["Minimum living allowance: annual review"]
    assert titles("低保", en) == []


def test_english_word_forms_match(portal_pages):
    en = Locale.objects.get(language_code="en")
    assert titles("renewing allowances", en) == ["Minimum living allowance: annual review"]


def test_section_counts_and_facets(portal_pages, zh):
    everywhere = engine.search("申请 停水 居住证 老人", zh)
    counts = {name: count for name, _label, count in everywhere.section_counts}
    assert counts == {"notices": 3}
    assert "居住证办理" in [result.title for result in everywhere.results]
    assert everywhere.facet_counts == []

    notices = engine.search("申请 停水 居住证 老人", zh, "notices")
    ((name, _label, values),) = notices.facet_counts
    assert name == "category"
    assert dict(values) == {"政策通知": 2, "停水停电": 1}
    assert "居住证办理" not in [result.title for result in notices.results]


def test_facet_filter_keeps_the_counts_of_the_whole_result(portal_pages, zh):
    outcome = engine.search("申请 停水 老人", zh, "notices", {"category": "停水停电"})
    assert [result.title for result in outcome.results] == ["翠竹园小区计划停水通知"]
    assert dict(outcome.facet_counts[0][2]) == {"政策通知": 2, "停水停电": 1}
    assert outcome.filters == {"category": "停水停电"}


def test_unknown_facets_are_ignored(portal_pages, zh):
    outcome = engine.search("停水", zh, "notices", {"colour": "red"})
    assert outcome.filters == {}
    assert outcome.results


def test_matched_words_are_highlighted_and_text_escaped(portal_pages, zh):
    result = engine.search("dibao", zh).results[0]
    assert "<mark>低保</mark>" in result.snippet_html
    assert str(engine.highlight("<b>低保</b>", ["低保"])) == "&lt;b&gt;<mark>低保</mark>&lt;/b&gt;"
    assert str(engine.highlight("Allowances paid", ["allowanc"])) == "<mark>Allowances</mark> paid"


def test_a_change_is_findable_as_soon_as_it_is_published(portal_pages, zh):
    notice = portal_pages["water-cut"]
    assert titles("燃气", zh, "notices") == []
    notice.title = "翠竹园小区燃气检修通知"
    notice.save_revision().publish()
    assert titles("燃气", zh, "notices") == ["翠竹园小区燃气检修通知"]
    assert titles("ranqi", zh, "notices") == ["翠竹园小区燃气检修通知"]
    notice.unpublish()
    assert titles("燃气", zh, "notices") == []


@pytest.mark.parametrize(
    "query", ["", "？？？", "\"'()*:^-OR AND NOT", "低保" * 5000, "a" * 10_000, "%_\\\x00"]
)
def test_odd_queries_give_an_empty_or_normal_answer(portal_pages, zh, query):
    outcome = engine.search(query, zh)
    assert isinstance(outcome.results, list)


def test_snippets_start_at_the_match_and_cut_between_english_words():
    text = (
        "Residents aged 60 and over can get a senior citizen card for discounts in parks and "
        "sights; those aged 65 and over can also get a free bus pass from the transport office."
    )
    snippet = engine._around_first_match(text, ["bus"])
    assert snippet.startswith("…aged 65") and "bus pass" in snippet
    chinese = "共同生活的家庭成员" * 20 + "低保" + "标准" * 40
    snippet = engine._around_first_match(chinese, ["低保"])
    assert "低保" in snippet and snippet.startswith("…") and snippet.endswith("…")


def test_the_vocabulary_is_rebuilt_after_a_change_at_most_every_refresh_interval(
    portal_pages, settings
):
    from search import vocabulary

    settings.SEARCH_VOCABULARY_REFRESH = 0
    first = vocabulary.for_language("zh-hans")
    assert vocabulary.for_language("zh-hans") is first  # nothing changed
    settings.SEARCH_VOCABULARY_REFRESH = 3600
    vocabulary.invalidate()
    assert vocabulary.for_language("zh-hans") is first  # changed, but built moments ago
    settings.SEARCH_VOCABULARY_REFRESH = 0
    assert vocabulary.for_language("zh-hans") is not first


def test_a_worker_takes_the_vocabulary_another_worker_built(portal_pages, settings, monkeypatch):
    from search import vocabulary

    settings.SEARCH_VOCABULARY_REFRESH = 0
    built = vocabulary.for_language("zh-hans")
    vocabulary._built.clear()  # a worker that has just started

    def no_build(language_code):
        raise AssertionError("built again although another worker's build was current")

    monkeypatch.setattr(vocabulary, "build", no_build)
    taken = vocabulary.for_language("zh-hans")
    assert taken is not built
    assert taken.frequency == built.frequency and taken.by_pinyin == built.by_pinyin


def test_a_starting_worker_answers_with_a_stale_vocabulary_and_rebuilds_behind(
    portal_pages, settings, monkeypatch
):
    from search import vocabulary

    settings.SEARCH_VOCABULARY_REFRESH = 0
    vocabulary.for_language("zh-hans")
    vocabulary._built.clear()
    vocabulary.invalidate()
    rebuilds = []
    monkeypatch.setattr(
        vocabulary, "_rebuild_in_background", lambda code, current: rebuilds.append(code)
    )
    settings.SEARCH_VOCABULARY_REFRESH = 30
    stale = vocabulary.for_language("zh-hans")
    assert stale.knows("低保") and rebuilds == ["zh-hans"]
    settings.SEARCH_VOCABULARY_REFRESH = 0  # no stale answers: this one builds
    monkeypatch.setattr(vocabulary, "build", lambda code: vocabulary.Vocabulary(documents=-1))
    vocabulary._built.clear()
    assert vocabulary.for_language("zh-hans").documents == -1


def test_one_worker_builds_a_stale_vocabulary_for_all(portal_pages, settings, monkeypatch):
    """After a change the first worker to notice builds; the others answer with what they have
    and neither build nor read the store while it works, then take its build."""
    from search import vocabulary

    settings.SEARCH_VOCABULARY_REFRESH = 0
    first = vocabulary.for_language("zh-hans")
    vocabulary.invalidate()
    settings.SEARCH_VOCABULARY_REFRESH = 30
    monkeypatch.setattr(vocabulary.time, "monotonic", lambda: 10**9)  # ours is old now
    cache = vocabulary._shared_cache()
    lock = vocabulary._build_lock("zh-hans")
    cache.set(lock, 1, 60)  # another worker is building
    started = []
    monkeypatch.setattr(vocabulary.threading, "Thread", lambda **kw: started.append(kw))
    monkeypatch.setattr(vocabulary, "_stored", lambda code: pytest.fail("read the store"))
    try:
        assert vocabulary.for_language("zh-hans") is first
        assert started == []
    finally:
        cache.delete(lock)
    monkeypatch.undo()
    settings.SEARCH_VOCABULARY_REFRESH = 30
    started = []
    monkeypatch.setattr(vocabulary.time, "monotonic", lambda: 10**9)
    monkeypatch.setattr(
        vocabulary.threading, "Thread", lambda **kw: started.append(kw) or _NotStarted()
    )
    assert vocabulary.for_language("zh-hans") is first
    assert len(started) == 1  # nobody was building: this worker starts the one build
    assert cache.get(lock) is not None  # and tells the others
    vocabulary._rebuilding.discard("zh-hans")
    cache.delete(lock)


@pytest.mark.django_db(transaction=True)
def test_a_running_task_worker_builds_a_stale_vocabulary_not_a_web_worker(
    portal_pages, settings, monkeypatch
):
    """A build holds a core for seconds at 10,000 guides: in a web worker's thread it would slow
    the searches that worker answers. With a task worker running, the build is queued for it,
    and it builds in a thread of lower priority, stores the result for all and frees the lock."""
    from django_tasks_db.models import DBTaskResult

    from jobs.workers import check_in, process_id
    from notices.tasks import send_notice_emails
    from portal.queue import people_waiting
    from search import tasks, vocabulary

    settings.SEARCH_VOCABULARY_REFRESH = 0
    vocabulary._built.clear()
    first = vocabulary.for_language("zh-hans")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    check_in("worker", process_id("worker"))
    # A round of emails is being sent: its next batch waits in the queue.
    people_waiting(send_notice_emails).enqueue(str(uuid.uuid4()), 1)
    vocabulary.invalidate()
    settings.SEARCH_VOCABULARY_REFRESH = 30
    monkeypatch.setattr(vocabulary.time, "monotonic", lambda: 10**9)  # ours is old now
    started = []
    monkeypatch.setattr(
        vocabulary.threading, "Thread", lambda **kw: started.append(kw) or _NotStarted()
    )
    cache = vocabulary._shared_cache()
    lock = vocabulary._build_lock("zh-hans")
    try:
        assert vocabulary.for_language("zh-hans") is first  # answered at once, with the old one
        assert started == []  # and nothing is built in the web worker
        queued = DBTaskResult.objects.get(task_path="search.tasks.build_vocabulary")
        assert queued.args_kwargs["args"] == ["zh-hans"]
        # Searches wait on it: the worker takes it before the next batch of emails.
        assert DBTaskResult.objects.ready().first() == queued
        assert cache.get(lock) is not None  # the other web workers wait for the task's build
        monkeypatch.undo()

        priorities = []
        build_and_share = vocabulary._build_and_share

        def recorded(code, current):
            priorities.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
            return build_and_share(code, current)

        monkeypatch.setattr(vocabulary, "_build_and_share", recorded)
        assert tasks.build_vocabulary.call("zh-hans").endswith("words")
        ours = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        assert priorities == [min(19, ours + vocabulary.BUILD_NICENESS)]
        assert cache.get(lock) is None
        stored_generation, _built_at, digest, _previous = vocabulary._stored("zh-hans")
        assert stored_generation == vocabulary.generation()
        assert vocabulary._take("zh-hans", digest).knows("低保")
    finally:
        cache.delete(lock)
        vocabulary._built.clear()


def test_the_server_loads_each_vocabulary_before_it_forks_its_workers(
    portal_pages, settings, monkeypatch
):
    """``portal/wsgi.py`` calls ``preload`` in gunicorn's master: built here when none is stored
    (never in a thread or a task: neither follows the fork), taken from the store when one is."""
    from search import vocabulary

    settings.SEARCH_VOCABULARY_REFRESH = 30
    vocabulary._built.clear()
    vocabulary._shared_cache().clear()
    monkeypatch.setattr(vocabulary.threading, "Thread", lambda **kw: pytest.fail("a thread"))
    monkeypatch.setattr(vocabulary, "_queue_build", lambda code: pytest.fail("a task"))
    assert sorted(vocabulary.preload()) == ["en", "zh-hans"]
    current = vocabulary.generation()
    assert {code: built[0] for code, built in vocabulary._built.items()} == {
        "en": current,
        "zh-hans": current,
    }
    assert vocabulary.for_language("zh-hans").knows("低保")  # no build on the first search
    assert vocabulary._stored("zh-hans")[0] == current  # and the others find it stored

    vocabulary._built.clear()  # a restart: the stored ones are current
    monkeypatch.setattr(vocabulary, "build", lambda code: pytest.fail("built again"))
    assert vocabulary.preload() == []
    assert vocabulary.for_language("zh-hans").knows("低保")
    vocabulary._built.clear()


def test_a_vocabulary_is_not_rebuilt_only_because_minutes_passed(portal_pages, settings):
    from search import vocabulary

    settings.SEARCH_VOCABULARY_REFRESH = 0
    vocabulary._built.clear()
    built = vocabulary.for_language("zh-hans")
    settings.SEARCH_VOCABULARY_REFRESH = 30
    vocabulary._built.clear()  # a worker started an hour after the build, nothing changed since
    generation, built_at, digest, previous = vocabulary._stored("zh-hans")
    vocabulary._shared_cache().set(
        f"{vocabulary.STORE_KEY}:zh-hans", (generation, built_at - 3600, digest, previous), None
    )
    vocabulary._rebuilding.clear()
    taken = vocabulary.for_language("zh-hans")
    assert taken.frequency == built.frequency
    assert "zh-hans" not in vocabulary._rebuilding


class _NotStarted:
    def start(self):
        pass


def test_numbers_and_codes_are_not_corrected():
    """2025 is no typo of 2026, nor A102 of A101: a resident who types a year, a room or a
    service code means it. Words still are (applicaton -> application)."""
    from search.vocabulary import Vocabulary

    known = Vocabulary()
    known.add_document("2026 allowance A101 application")
    known.finish()
    assert known.corrections("2025") == []
    assert known.corrections("a102") == []
    assert known.corrections("applicaton") == ["application"]
