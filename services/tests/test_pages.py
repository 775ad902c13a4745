"""Guide and index pages: where they may be created, unique codes, what a resident sees."""

import re

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

import pytest

from home.models import HomePage, StandardPage
from portal.demo_tools import publish_translation
from services.models import ServiceGuidePage, ServiceIndexPage

pytestmark = pytest.mark.django_db


def full_guide(make_guide, **extra):
    return make_guide(
        "passport",
        title="普通护照申领",
        summary="中国公民因私出国可以申请普通护照。",
        keywords="办护照，出国证件",
        eligibility="中国公民。未成年人由监护人陪同办理。",
        materials=[
            (
                "material",
                {"name": "居民身份证", "form": "original_and_copy", "copies": 2, "note": "正反面"},
            ),
            ("material", {"name": "申请表", "form": "original", "copies": None, "note": ""}),
        ],
        steps=[("step", "网上预约"), ("step", "采集指纹和照片"), ("step", "缴费")],
        time_limit="7个工作日",
        fee="120元",
        location="区出入境办证大厅",
        office_hours="周一至周六 9:00-17:00",
        phone="0816-1234567",
        legal_basis="《中华人民共和国护照法》",
        online_url="https://example.cn/passport",
        faqs=[("faq", {"question": "可以代办吗？", "answer": "不可以。"})],
        **extra,
    )


# -- where pages may be created ------------------------------------------------------------


def test_index_goes_under_the_home_page_and_holds_only_guides():
    assert ServiceIndexPage.allowed_parent_page_models() == [HomePage]
    assert ServiceIndexPage.allowed_subpage_models() == [ServiceGuidePage]
    assert ServiceGuidePage.allowed_parent_page_models() == [ServiceIndexPage]
    assert ServiceGuidePage.allowed_subpage_models() == []


def test_guides_cannot_be_created_outside_an_index(home_page, service_index):
    assert ServiceGuidePage.can_create_at(service_index)
    assert not ServiceGuidePage.can_create_at(home_page)
    assert not StandardPage.can_create_at(service_index)
    # One index per home page.
    assert not ServiceIndexPage.can_create_at(home_page)
    assert not ServiceIndexPage.can_create_at(Page.get_first_root_node())


# -- the service code ----------------------------------------------------------------------


def test_code_is_unique_in_each_language(make_guide):
    make_guide("passport")
    with pytest.raises(ValidationError) as raised:
        make_guide("passport", slug="passport-again")
    assert "code" in raised.value.message_dict


def test_translation_keeps_the_code(make_guide):
    guide = make_guide("passport", title="普通护照申领")
    translated = publish_translation(guide, {"普通护照申领": "Passports"})
    assert translated.code == "passport"
    assert translated.locale.language_code == "en"
    translated.full_clean()  # the same code in another language is fine


# -- the guide page ------------------------------------------------------------------------


def test_guide_page_shows_every_field_in_order(client, make_guide):
    full_guide(make_guide)
    response = client.get("/services/passport/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "普通护照申领",
        "passport",
        "社区服务站",
        "户籍与证件",
        "中国公民因私出国可以申请普通护照。",
        "办护照、出国证件",
        "中国公民。未成年人由监护人陪同办理。",
        "居民身份证",
        "原件和复印件2份",
        "正反面",
        "7个工作日",
        "120元",
        "区出入境办证大厅",
        "周一至周六 9:00-17:00",
        "0816-1234567",
        "https://example.cn/passport",
        "可以代办吗？",
        "《中华人民共和国护照法》",
    ]:
        assert text in html, text
    headings = re.findall(r"<h2 id=\"guide-[a-z]+\">([^<]+)</h2>", html)
    assert headings == [
        "谁可以申请",
        "需要带什么",
        "办理步骤",
        "办理时限、费用、地点和时间",
        "网上办理",
        "常见问题",
        "法律依据",
        "有疑问或问题？",
    ]
    assert '<th scope="row">居民身份证</th>' in html
    assert re.search(r'<ol class="guide__steps">\s*<li>网上预约</li>', html)
    assert 'href="/services/passport/checklist/"' in html


def test_english_guide_page(client, make_guide):
    guide = full_guide(make_guide)
    publish_translation(guide, {"普通护照申领": "Applying for a passport", "居民身份证": "ID card"})
    html = client.get("/en/services/passport/").content.decode()
    assert "Applying for a passport" in html
    assert "Who can apply" in html
    assert "Community service station" in html  # the English department
    assert "Original and 2 copies" in html


def test_checklist_is_printable(client, make_guide):
    full_guide(make_guide)
    response = client.get("/services/passport/checklist/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>清单：普通护照申领</h1>" in html
    assert html.count("☐") == 2
    assert '<th scope="row">居民身份证</th>' in html
    assert "原件和复印件2份" in html
    assert "正反面" in html
    for text in ["区出入境办证大厅", "周一至周六 9:00-17:00", "0816-1234567", "幸福路88号"]:
        assert text in html, text
    assert 'class="site-header"' not in html  # one sheet: no menus


def test_related_guides_link_in_the_readers_language(client, make_guide):
    other = make_guide("water", title="停水报修")
    guide = make_guide("passport", title="护照", related=[("guide", other)])
    publish_translation(other, {"停水报修": "Water cuts"})
    publish_translation(guide, {"护照": "Passports"})
    assert "停水报修" in client.get("/services/passport/").content.decode()
    html = client.get("/en/services/passport/").content.decode()
    assert 'href="/en/services/water/">Water cuts</a>' in html


# -- the ask link --------------------------------------------------------------------------


def test_ask_link_goes_to_the_complaints_form(client, make_guide):
    make_guide("passport")
    html = client.get("/services/passport/").content.decode()
    assert 'href="/complaints/?service=passport"' in html


def test_the_complaints_form_starts_with_the_guide(client, make_guide):
    guide = make_guide("passport")
    response = client.get("/complaints/?service=passport")
    assert guide.title in response.context["form"].initial["subject"]
    assert f'href="{guide.url}">{guide.title}</a>' in response.content.decode()


def test_ask_link_falls_back_to_the_contact_page_then_home(make_guide, home_page, settings):
    guide = make_guide("passport")
    settings.ROOT_URLCONF = "services.tests.complaints_urls"  # a portal without complaints
    contact = StandardPage.objects.child_of(home_page).get(slug="contact")
    assert guide.ask_url() == contact.url == "/contact/"
    contact.unpublish()
    assert guide.ask_url() == "/"


# -- the index -----------------------------------------------------------------------------


def test_index_browses_by_department_and_category_with_counts(
    client, make_guide, other_department, life_event
):
    make_guide("a", title="甲")
    make_guide("b", title="乙")
    make_guide("c", title="丙", department=other_department, category=life_event)
    make_guide("draft", title="草稿", publish=False, department=other_department)
    html = client.get("/services/").content.decode()
    assert "按人生事件" in html and "按主题" in html and "按部门" in html
    assert re.search(
        r'href="\?department=service-station"[^>]*>社区服务站</a> <span[^>]*>（2项）', html
    )
    assert re.search(r'href="\?department=police"[^>]*>派出所</a> <span[^>]*>（1项）', html)
    assert re.search(r'href="\?category=having-a-baby"[^>]*>生育</a> <span[^>]*>（1项）', html)
    assert "草稿" not in html


def guide_titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="guide-item__title"><a href="[^"]+">([^<]+)</a>', html)


def test_index_filters_by_department_id_or_slug_and_category(
    client, make_guide, department, other_department, life_event
):
    make_guide("a", title="甲")
    make_guide("c", title="丙", department=other_department, category=life_event)
    make_guide("d", title="丁", department=other_department)
    assert guide_titles(client.get("/services/?department=police").content.decode()) == ["丁", "丙"]
    assert guide_titles(
        client.get(f"/services/?department={other_department.pk}").content.decode()
    ) == ["丁", "丙"]
    assert guide_titles(
        client.get("/services/?department=police&category=having-a-baby").content.decode()
    ) == ["丙"]
    response = client.get("/services/?category=nothing&page=99")
    assert response.status_code == 200
    assert len(guide_titles(response.content.decode())) == 3
    assert "没有" in response.content.decode()


def test_english_index_filters_by_a_chinese_department_id(client, make_guide, department):
    guide = make_guide("a", title="甲")
    publish_translation(guide, {"甲": "A"})
    html = client.get(f"/en/services/?department={department.pk}").content.decode()
    assert guide_titles(html) == ["A"]
    assert "Community service station" in html


def test_index_paginates(client, make_guide):
    for number in range(25):
        make_guide(f"g{number:02d}", title=f"指南{number:02d}")
    first = guide_titles(client.get("/services/").content.decode())
    second = guide_titles(client.get("/services/?page=2").content.decode())
    assert len(first) == 20 and len(second) == 5
    assert 'rel="next"' in client.get("/services/").content.decode()


def count_queries(client, path: str) -> int:
    client.get(path)  # warm Wagtail's site and locale caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_index_makes_as_many_queries_for_40_guides_as_for_5(
    client, make_guide, department, other_department, category, life_event
):
    for number in range(5):
        make_guide(f"g{number:02d}", department=other_department if number % 2 else department)
    paths = ["/services/", "/services/?department=police", "/services/?category=ids&page=2"]
    at_5 = [count_queries(client, path) for path in paths]
    for number in range(5, 40):
        make_guide(f"g{number:02d}", category=life_event if number % 3 else category)
    at_40 = [count_queries(client, path) for path in paths]
    assert at_5 == at_40


def test_checklist_footer_links_to_the_host_that_served_it(client, make_guide, settings):
    """Printed and pinned on a notice board: the address must be the public one, never the
    development default the demo's Wagtail site carries."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "portal.example.org"]
    full_guide(make_guide)
    html = client.get("/services/passport/checklist/", HTTP_HOST="portal.example.org").content
    html = html.decode()
    assert "http://portal.example.org/services/passport/" in html
    assert "127.0.0.1" not in html


def test_common_guides_offered_after_an_empty_search_are_the_editors_order_not_the_newest(
    client, make_guide
):
    """Editors put the most used guides first in the page tree; a guide published last (a
    funeral subsidy) must not lead the list because it is new."""
    import datetime

    from django.utils import timezone

    make_guide("dibao", title="最低生活保障申请")
    make_guide("permit", title="居住证办理")
    funeral = make_guide("funeral", title="参保人员丧葬补助金申领")
    ServiceGuidePage.objects.filter(pk=funeral.pk).update(
        first_published_at=timezone.now() + datetime.timedelta(days=1)
    )
    response = client.get("/search/", {"q": "zzqx"})
    suggested = [page.title for page in response.context["suggested"]]
    assert suggested[:2] == ["最低生活保障申请", "居住证办理"], suggested
