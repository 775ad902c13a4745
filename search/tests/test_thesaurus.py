"""The thesaurus, life events, traditional characters, initials and typos, on guides imported as an
office sends them (no other names, no life events: only their own text), through the real
importer, Wagtail's database backend and the search page."""

import io
import json
import re

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale, Page

import pytest

from search import engine, vocabulary
from search.models import LifeEvent, QueryDay, Synonym
from search.segmentation import fuzzy_key, initials, simplified
from search.thesaurus import shipped_entries, shipped_events

pytestmark = pytest.mark.django_db


def guide(code: str, title: str, summary: str, category: str = "社会救助", **more) -> dict:
    return {
        "code": code,
        "language": "zh-hans",
        "slug": code,
        "title": title,
        "department": "社区服务站",
        "category": category,
        "summary": summary,
        **more,
    }


GUIDES = [
    guide(
        "funeral-relief",
        "基本殡葬服务费用减免",
        "本市户籍居民去世后在本市火化的，遗体接运、火化等基本殡葬服务费用按规定减免。",
    ),
    guide(
        "pension",
        "城乡居民基本养老保险参保",
        "未参加职工基本养老保险的城乡居民，可以参加城乡居民基本养老保险，60周岁后领取养老金。",
        "社会保险",
    ),
    guide(
        "dibao",
        "最低生活保障申请",
        "家庭人均收入低于本市最低生活保障标准的，可以申请最低生活保障。",
    ),
    guide(
        "permit",
        "居住证办理",
        "离开户籍地到本市居住半年以上的，可以申领居住证。",
        "户籍与证件",
    ),
    guide(
        "certificates",
        "社区出具证明",
        "居委会只出具能够核实的证明，如居住情况证明。",
        "社区服务",
    ),
    guide(
        "id-card",
        "居民身份证补领",
        "身份证丢失的，可以到派出所补领，需要提供户口簿等证明材料。",
        "户籍与证件",
    ),
    guide(
        "vaccination",
        "儿童预防接种",
        "儿童出生后一个月内办理预防接种证，按程序到社区卫生服务中心免费接种疫苗。",
        "医疗与医保",
    ),
]


def import_guides(tmp_path, items) -> None:
    path = tmp_path / f"guides-{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    call_command("import_service_guides", str(path), stdout=io.StringIO())


@pytest.fixture
def guides(settings, tmp_path, home_page, home_page_en):
    settings.SEARCH_VOCABULARY_REFRESH = 0
    import_guides(tmp_path, GUIDES)


@pytest.fixture
def zh(db):
    return Locale.objects.get(language_code="zh-hans")


def codes(query: str, locale: Locale) -> list[str | None]:
    return [result.code for result in engine.search(query, locale).results]


def test_the_shipped_files_are_well_formed_and_loaded_by_the_migration():
    entries = shipped_entries()
    events = shipped_events()
    assert len(entries) >= 200
    assert {entry.kind for entry in entries} == {"synonym", "alias", "abbreviation", "colloquial"}
    assert {"出生", "入学", "就业", "失业", "退休", "养老", "残疾", "住房", "婚育", "身后事"} <= {
        event.name for event in events
    }
    child = Synonym.objects.get(term="娃")
    assert (child.kind, child.two_way) == ("colloquial", False)
    assert "儿童" in child.words()
    assert Synonym.objects.get(term="打工").words()[0] == "就业"
    assert "丧葬" in LifeEvent.objects.get(name="身后事").sign_words()


def test_a_one_way_entry_leads_from_the_residents_word_only(guides):
    forward = engine.parse("娃", "zh-hans").concepts[0]
    assert "儿童" in forward.alternatives
    backward = engine.parse("儿童", "zh-hans").concepts[0]
    assert "娃" not in backward.alternatives


def test_a_situation_finds_the_guide_by_the_life_event_inferred_from_its_own_text(guides, zh):
    funeral = Page.objects.get(slug="funeral-relief").specific
    assert funeral.keywords == ""  # the import carries no other names
    assert "身后事" in funeral.life_events()
    assert "身后事" in funeral.segmented_text().split()
    assert codes("我爸去世了家里要办什么", zh)[0] == "funeral-relief"
    assert codes("家里老人走了", zh)[0] == "funeral-relief"
    assert codes("娃打疫苗", zh)[0] == "vaccination"


def test_an_editors_life_event_reaches_a_guide_imported_afterwards(guides, zh, tmp_path):
    LifeEvent.objects.create(name="养宠", signs="养犬，犬只", phrasings="毛孩子，铲屎官")
    import_guides(
        tmp_path,
        [
            guide(
                "dogs",
                "养犬登记",
                "在城区饲养犬只的，应当办理登记并领取犬牌。",
                "环境与物业",
            )
        ],
    )
    dogs = Page.objects.get(slug="dogs").specific
    assert "养宠" in dogs.life_events()
    assert codes("家里养了毛孩子要登记吗", zh)[0] == "dogs"


def test_an_editors_thesaurus_entry_takes_effect_on_the_next_search(guides, zh):
    assert "permit" not in codes("绿卡", zh)
    Synonym.objects.create(term="绿卡", synonyms="居住证", two_way=False, kind="alias")
    assert codes("绿卡", zh)[0] == "permit"


def test_traditional_characters_are_converted_at_query_and_index_time(guides, zh, tmp_path):
    assert simplified("養老保險") == "养老保险"
    assert codes("養老保險", zh)[0] == "pension"
    assert codes("居住證", zh)[0] == "permit"
    # A guide written in traditional characters is found with simplified ones.
    import_guides(
        tmp_path,
        [guide("lift", "既有住宅加裝電梯申請", "多層住宅經業主同意後可以申請加裝電梯。", "住房")],
    )
    assert codes("加装电梯", zh)[0] == "lift"


def test_pinyin_initials_and_full_pinyin_match_titles_and_aliases(guides, zh):
    assert initials("低保申请") == "dbsq"
    assert codes("jzz", zh)[0] == "permit"
    assert codes("dbsq", zh)[0] == "dibao"  # 低保 is a shipped alias of 最低生活保障
    assert codes("ylbx", zh)[0] == "pension"
    assert codes("dibao", zh)[0] == "dibao"
    assert codes("juzhuzheng", zh)[0] == "permit"


def test_homophone_and_look_alike_typos_are_corrected(guides, zh):
    assert fuzzy_key("居住正") == fuzzy_key("居住证")
    outcome = engine.search("低包", zh)
    assert outcome.results[0].code == "dibao"
    assert outcome.parsed.suggestion == "低保"
    assert codes("居住正", zh)[0] == "permit"
    assert codes("预防接钟", zh)[0] == "vaccination"  # 钟 for 种
    assert codes("身分证", zh)[0] == "id-card"
    # A dictionary word the portal does not use is not a typo.
    assert engine.parse("居住证明", "zh-hans").suggestion is None


def test_weak_matches_below_the_relevance_floor_are_cut(guides, zh):
    # Every guide that mentions a 证明 or a 证 is not a residence-permit answer.
    found = codes("居住证", zh)
    assert found[0] == "permit"
    assert "id-card" not in found and "vaccination" not in found


def test_the_page_says_when_results_are_only_related(guides, client):
    matching = client.get("/search/", {"q": "居住证"}).content.decode()
    assert "Nothing matches all of" not in matching and "没有同时符合" not in matching
    outcome = engine.search("居住证 疫苗", Locale.objects.get(language_code="zh-hans"))
    assert outcome.related and outcome.results
    page = client.get("/search/", {"q": "居住证 疫苗"}).content.decode()
    assert re.search(r"(Nothing matches all of|没有同时符合)", page)
    api = client.get("/api/search/", {"q": "居住证 疫苗"}).json()
    assert api["related"] is True and api["total"] >= 1


def test_a_zero_result_query_becomes_a_thesaurus_entry_in_one_step(admin_client):
    QueryDay.objects.create(
        date=timezone.localdate(), language="zh-hans", query="蓝印户口", searches=3, zero_results=3
    )
    report = admin_client.get(reverse("search_zero_result_queries")).content.decode()
    add_url = reverse("wagtailsnippets_portal_search_synonym:add")
    link = re.search(rf'href="({re.escape(add_url)}\?term=[^"]+)"', report)
    assert link, report
    form = admin_client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert 'value="蓝印户口"' in form
    response = admin_client.post(
        add_url,
        {"term": "蓝印户口", "synonyms": "居住证", "kind": "alias", "two_way": ""},
    )
    assert response.status_code == 302
    assert Synonym.objects.get(term="蓝印户口").words() == ["居住证"]


def test_editors_manage_life_events_in_the_admin(admin_client):
    listing = admin_client.get(reverse("wagtailsnippets_portal_search_lifeevent:list"))
    assert "bereavement" in listing.content.decode()  # first of the shipped events by name
    response = admin_client.post(
        reverse("wagtailsnippets_portal_search_lifeevent:add"),
        {"name": "养宠", "signs": "养犬, 犬只", "phrasings": "毛孩子"},
    )
    assert response.status_code == 302
    assert LifeEvent.objects.get(name="养宠").sign_words() == ["养犬", "犬只"]
    assert vocabulary.dictionary_words().count("养宠") == 1


def test_the_shipped_thesaurus_covers_the_domains_of_government_service():
    entries = shipped_entries()
    assert len(entries) >= 850
    terms = {entry.term for entry in entries}
    # A term twice would be loaded once (the first line wins) and the second line silently lost.
    assert len(terms) == len(entries)
    # One everyday word from each domain, colloquial -> official, one way.
    for term, official in [
        ("过继", "收养"),  # family
        ("房本", "不动产权证书"),  # property
        ("驾照", "驾驶证"),  # papers, vehicles
        ("开除", "解除劳动合同"),  # work
        ("转校", "转学"),  # education
        ("乞丐", "流浪乞讨人员"),  # assistance
        ("墓地", "公墓"),  # bereavement
        ("个税", "个人所得税"),  # taxes
        ("卧床", "失能"),  # older people, care
        ("家暴", "家庭暴力"),  # family, legal
        ("假货", "商品质量"),  # shops and services
        ("上吐下泻", "食品安全"),  # food
        ("广场舞", "噪声"),  # noise
        ("乱搭", "违法建设"),  # building
        ("电子眼", "交通违法"),  # traffic
        ("挺身而出", "见义勇为"),  # honours
    ]:
        assert term in terms
        entry = next(entry for entry in entries if entry.term == term)
        assert official in entry.words
    # The thesaurus names words, not the guides it is measured on: no entry leads to the title
    # of a guide of the unseen sets, and no entry is one of their queries.
    from search.relevance import UNSEEN_SETS

    titles, queries = set(), set()
    for query_file, guide_file in UNSEEN_SETS:
        titles |= {item["title"] for item in json.loads(guide_file.read_text(encoding="utf-8"))}
        queries |= {item["query"] for item in json.loads(query_file.read_text(encoding="utf-8"))}
    assert not [entry.term for entry in entries if titles & set(entry.words)]
    # Two entries were in the thesaurus before the third set was written, and its author used
    # the same common short forms as queries; they stay (residents type them).
    assert terms & queries == {"长护险", "违建"}


def test_a_short_form_finds_the_words_it_abbreviates(guides, zh, tmp_path):
    import_guides(
        tmp_path,
        [guide("estates", "老旧小区改造意见征集", "小区改造方案向居民征求意见。", "住房")],
    )
    assert not Synonym.objects.filter(term="老改").exists()
    concept = engine.parse("老改", "zh-hans").concepts[0]
    assert "老旧小区改造" in concept.alternatives
    assert codes("老改", zh)[0] == "estates"
    # Only a word the portal does not know is read as a short form.
    assert engine.parse("改造", "zh-hans").concepts[0].alternatives == []


def test_an_unknown_word_backs_off_to_words_sharing_its_characters(guides, zh, tmp_path):
    import_guides(
        tmp_path,
        [
            guide(
                "injury",
                "工伤保险待遇申领",
                "职工因工作遭受事故伤害的，可以申领工伤保险待遇。",
                "社会保险",
            )
        ],
    )
    # 扭伤 is in no page and no entry, is no typo of a known word and abbreviates nothing.
    assert not Synonym.objects.filter(term="扭伤").exists()
    concept = engine.parse("扭伤", "zh-hans").concepts[0]
    assert concept.alternatives == [] and "工伤" in concept.weak
    outcome = engine.search("扭伤", zh)
    assert outcome.results[0].code == "injury"
    assert outcome.related  # a hint, not a match: the page says so


def test_latin_thesaurus_terms_are_found_as_whole_words_only(guides):
    assert Synonym.objects.filter(term="rent").exists()
    assert [concept.text for concept in engine.parse("rent", "en").concepts] == ["rent"]
    assert "rent" not in [concept.text for concept in engine.parse("parents", "en").concepts]
