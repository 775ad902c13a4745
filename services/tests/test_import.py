"""``manage.py import_service_guides``: validation, upsert, translations, idempotence, search."""

import copy
import io
import json
import re
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Page, Revision

import pytest

from search.segmentation import query_text
from services.models import ServiceCategory, ServiceDepartment, ServiceGuidePage, ServiceIndexPage

pytestmark = pytest.mark.django_db

SAMPLE = Path("/work/shared/examples/service_guides.sample.json")
SAMPLE_ITEMS = [
    {
        "code": "passport-application",
        "language": "zh-hans",
        "slug": "passport-application",
        "title": "普通护照申领",
        "department": "公安出入境",
        "category": "户籍与证件",
        "summary": "中国公民因私出国可以申请普通护照，可在全国任一出入境办证大厅办理。",
        "eligibility": "中国公民。未成年人由监护人陪同办理。",
        "materials": ["居民身份证", "出入境证件申请表（现场填写）", "未成年人需提供监护关系证明"],
        "steps": ["网上预约或现场取号", "采集指纹和照片", "缴费", "7个工作日后领取或邮寄到家"],
        "time_limit": "7个工作日",
        "fee": "120元",
        "location": "区出入境办证大厅",
        "office_hours": "周一至周六 9:00-17:00",
        "phone": "0816-1234567",
        "legal_basis": "《中华人民共和国护照法》",
    },
    {
        "code": "passport-application",
        "language": "en",
        "slug": "passport-application",
        "title": "Applying for an ordinary passport",
        "department": "Exit and Entry Administration",
        "category": "Registration and IDs",
        "summary": "Chinese citizens travelling abroad privately can apply for an ordinary passport at any exit-entry office.",
        "eligibility": "Chinese citizens. Minors come with a guardian.",
        "materials": [
            "ID card",
            "Application form (filled in on site)",
            "Proof of guardianship for minors",
        ],
        "steps": [
            "Book online or take a number on site",
            "Fingerprints and photo",
            "Pay the fee",
            "Collect after 7 working days or have it posted",
        ],
        "time_limit": "7 working days",
        "fee": "120 yuan",
        "location": "District exit-entry office",
        "office_hours": "Mon-Sat 9:00-17:00",
        "phone": "0816-1234567",
        "legal_basis": "Passport Law of the People's Republic of China",
    },
    {
        "code": "water-outage-report",
        "language": "zh-hans",
        "slug": "water-outage-report",
        "title": "停水停电报修",
        "department": "物业服务",
        "category": "环境与物业",
        "summary": "小区突发停水、停电或管道漏水，可以拨打物业热线或在社区网站提交报修诉求。",
        "eligibility": "辖区居民。",
        "materials": ["故障位置", "现场照片（可选）"],
        "steps": ["提交报修", "物业2小时内响应", "维修完成后回访"],
        "time_limit": "2小时内响应，24小时内修复",
        "fee": "公共部位免费，户内维修按价目表收费",
        "location": "小区物业服务中心",
        "office_hours": "24小时",
        "phone": "0816-7654321",
        "legal_basis": "",
    },
]


def items():
    return copy.deepcopy(SAMPLE_ITEMS)


def write(tmp_path, data, name="guides.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_service_guides", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "guides": ServiceGuidePage.objects.count(),
        "revisions": Revision.objects.count(),
        "departments": ServiceDepartment.objects.count(),
        "categories": ServiceCategory.objects.count(),
    }


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample is not on this machine")
def test_the_test_data_is_the_shared_sample():
    assert json.loads(SAMPLE.read_text(encoding="utf-8")) == SAMPLE_ITEMS


def test_good_file_creates_published_guides_and_the_index(tmp_path, home_page):
    out, err = run(write(tmp_path, items()))
    assert "2 created" in out or "3 created" in out
    assert err == ""
    index = ServiceIndexPage.objects.get(locale__language_code="zh-hans")
    assert index.get_parent().pk == home_page.pk
    assert ServiceIndexPage.objects.filter(locale__language_code="en").count() == 1
    passport = ServiceGuidePage.objects.get(code="passport-application", locale=home_page.locale)
    assert passport.live and not passport.has_unpublished_changes
    assert passport.get_parent().pk == index.pk
    assert passport.department.name == "公安出入境"
    assert passport.category.name == "户籍与证件"
    assert [b.value["name"] for b in passport.materials] == SAMPLE_ITEMS[0]["materials"]
    assert [b.value for b in passport.steps][0] == "网上预约或现场取号"
    assert passport.fee == "120元"
    assert ServiceGuidePage.objects.filter(locale__language_code="zh-hans").live().count() == 2


def test_english_item_is_a_wagtail_localize_translation(tmp_path):
    from wagtail_localize.models import Translation

    run(write(tmp_path, items()))
    zh = ServiceGuidePage.objects.get(code="passport-application", locale__language_code="zh-hans")
    en = ServiceGuidePage.objects.get(code="passport-application", locale__language_code="en")
    assert en.translation_key == zh.translation_key
    assert en.live
    assert en.title == "Applying for an ordinary passport"
    assert en.summary.startswith("Chinese citizens travelling abroad")
    assert [b.value["name"] for b in en.materials][0] == "ID card"
    assert en.url == "/en/services/passport-application/"
    assert Translation.objects.filter(
        source__object_id=zh.translation_key, target_locale__language_code="en"
    ).exists()
    # The English department and category are translations of the Chinese ones.
    assert en.department.locale.language_code == "en"
    assert en.department.name == "Exit and Entry Administration"
    assert en.department.translation_key == zh.department.translation_key
    assert en.category.translation_key == zh.category.translation_key
    assert en.category.name == "Registration and IDs"


def test_reimport_changes_nothing_then_applies_changes(tmp_path):
    path = write(tmp_path, items())
    run(path)
    before = counts()
    out, _err = run(path)
    assert counts() == before
    assert "0 created, 0 updated, 3 unchanged" in out

    changed = items()
    changed[0]["fee"] = "免费"
    changed[1]["title"] = "Ordinary passports"
    out, _err = run(write(tmp_path, changed, "changed.json"))
    assert "0 created, 2 updated, 1 unchanged" in out
    after = counts()
    assert after["guides"] == before["guides"]
    assert after["pages"] == before["pages"]
    assert after["revisions"] == before["revisions"] + 2
    assert (
        ServiceGuidePage.objects.get(
            code="passport-application", locale__language_code="zh-hans"
        ).fee
        == "免费"
    )
    assert (
        ServiceGuidePage.objects.get(code="passport-application", locale__language_code="en").title
        == "Ordinary passports"
    )


def test_bad_items_are_reported_and_good_ones_imported(tmp_path):
    data = items()
    data[2]["title"] = ""  # item 3
    data.append(
        {
            "code": "x1",
            "language": "fr",
            "title": "T",
            "department": "D",
            "category": "C",
            "summary": "S",
        }
    )
    data.append(
        {
            "code": "x2",
            "language": "zh-hans",
            "title": 5,
            "department": "D",
            "category": "C",
            "summary": "S",
            "slug": "no spaces!",
        }
    )
    data.append(
        {
            "code": "ghost",
            "language": "en",
            "title": "Ghost",
            "department": "D",
            "category": "C",
            "summary": "S",
        }
    )
    data.append(
        {
            "code": "x3",
            "language": "zh-hans",
            "title": "好",
            "department": "D",
            "category": "C",
            "summary": "S",
            "online_url": "not a url",
            "materials": [{"name": "证", "form": "scan", "copies": 0}],
        }
    )
    data.append(
        {
            "code": "x4",
            "language": "zh-hans",
            "title": "好",
            "department": "D",
            "category": "C",
            "summary": "S",
            "related": ["nope"],
        }
    )
    data.append("not an object")
    with pytest.raises(CommandError) as raised:
        run(write(tmp_path, data))
    assert "7 of 9 items failed" in str(raised.value)
    assert not ServiceGuidePage.objects.filter(
        code__in=["water-outage-report", "x1", "x2", "x3", "x4"]
    ).exists()
    assert ServiceGuidePage.objects.filter(code="passport-application").count() == 2


def test_each_error_names_the_item_and_field(tmp_path):
    data = items()
    data[2]["title"] = ""
    data.append(
        {
            "code": "x2",
            "language": "zh-hans",
            "title": 5,
            "department": "D",
            "category": "C",
            "summary": "S",
            "slug": "no spaces!",
        }
    )
    data.append(
        {
            "code": "ghost",
            "language": "en",
            "title": "Ghost",
            "department": "D",
            "category": "C",
            "summary": "S",
        }
    )
    data.append(
        {
            "code": "x3",
            "language": "zh-hans",
            "title": "好",
            "department": "D",
            "category": "C",
            "summary": "S",
            "online_url": "not a url",
            "materials": [{"name": "证", "form": "scan", "copies": 0}],
        }
    )
    data.append(
        {
            "language": "zh-hans",
            "title": "无编码",
            "department": "D",
            "category": "C",
            "summary": "S",
            "related": ["nope"],
        }
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_service_guides", write(tmp_path, data), stdout=out, stderr=err)
    lines = err.getvalue().splitlines()
    assert 'item 3 (code "water-outage-report"): field "title": this field is required' in lines
    assert 'item 4 (code "x2"): field "title": must be a string' in lines
    assert (
        'item 4 (code "x2"): field "slug": must contain only letters, numbers, hyphens and underscores'
        in lines
    )
    assert (
        'item 5 (code "ghost"): field "code": there is no Chinese (zh-hans) guide with this code, in the file or the site'
        in lines
    )
    assert (
        'item 6 (code "x3"): field "online_url": must be a web address starting with http:// or https://'
        in lines
    )
    assert (
        'item 6 (code "x3"): field "materials[1].form": must be "original", "copy" or "original_and_copy"'
        in lines
    )
    assert (
        'item 6 (code "x3"): field "materials[1].copies": must be a whole number of at least 1'
        in lines
    )
    assert 'item 7: field "code": this field is required' in lines
    assert len(lines) == 8
    assert "2 created" in out.getvalue()


def test_english_item_for_a_guide_already_on_the_site(tmp_path):
    run(write(tmp_path, [items()[0]]))
    assert not ServiceGuidePage.objects.filter(locale__language_code="en").exists()
    run(write(tmp_path, [items()[1]], "en.json"))
    en = ServiceGuidePage.objects.get(locale__language_code="en")
    assert en.title == "Applying for an ordinary passport"


def test_extended_format_materials_faqs_keywords_related(tmp_path):
    data = items()
    data[0]["materials"] = [
        "居民身份证",
        {"name": "户口簿", "form": "original_and_copy", "copies": 2, "note": "首页和本人页"},
    ]
    data[0]["keywords"] = "办护照，出国证件"
    data[0]["faqs"] = [{"question": "能代办吗？", "answer": "不能。"}]
    data[0]["related"] = ["water-outage-report"]
    data[0]["online_url"] = "https://example.cn/passport"
    data[2]["related"] = ["passport-application"]
    run(write(tmp_path, data))
    zh = ServiceGuidePage.objects.get(code="passport-application", locale__language_code="zh-hans")
    assert zh.materials[1].value["form"] == "original_and_copy"
    assert zh.materials[1].value["copies"] == 2
    assert zh.keyword_list == ["办护照", "出国证件"]
    assert zh.faqs[0].value["question"] == "能代办吗？"
    assert [guide.code for guide in zh.related_guides()] == ["water-outage-report"]
    water = ServiceGuidePage.objects.get(code="water-outage-report")
    assert [guide.code for guide in water.related_guides()] == ["passport-application"]
    before = counts()
    run(write(tmp_path, data))
    assert counts() == before


def test_imported_guide_is_found_by_search_right_away(tmp_path, client, home_page):
    run(write(tmp_path, items()))
    found = (
        ServiceGuidePage.objects.live()
        .filter(locale=home_page.locale)
        .search(query_text("护照怎么办"), operator="or")
    )
    assert [guide.code for guide in found][:1] == ["passport-application"]

    def text(response) -> str:  # matched words are marked up in results
        return re.sub(r"<[^>]+>", "", response.content.decode())

    assert "普通护照申领" in text(client.get("/search/", {"q": "护照", "section": "services"}))
    assert "Applying for an ordinary passport" in text(client.get("/en/search/", {"q": "passport"}))


def test_unreadable_file_is_a_command_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        run(str(path))
    with pytest.raises(CommandError, match="JSON list"):
        run(write(tmp_path, {"code": "x"}, "object.json"))


def test_progress_bar_only_when_asked(tmp_path):
    path = write(tmp_path, items())
    out, err = run(path)
    assert "[" not in err
    out, err = run(path, "--progress")
    assert "3/3" in err
