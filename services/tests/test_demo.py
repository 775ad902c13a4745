"""The demo guides: imported through the importer, in both languages, idempotent."""

import io

from wagtail.models import Page, Revision

import pytest

from services import demo
from services.importer import read_items
from services.models import ServiceCategory, ServiceDepartment, ServiceGuidePage

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "departments": ServiceDepartment.objects.count(),
        "categories": ServiceCategory.objects.count(),
    }


def test_demo_loads_every_guide_of_the_file_and_a_second_run_changes_nothing():
    items = read_items(demo.DATA)
    zh_codes = {item["code"] for item in items if item["language"] == "zh-hans"}
    en_codes = {item["code"] for item in items if item["language"] == "en"}
    output = io.StringIO()
    demo.load(output)
    assert f"{len(items)} created" in output.getvalue()
    zh = ServiceGuidePage.objects.live().filter(locale__language_code="zh-hans")
    en = ServiceGuidePage.objects.live().filter(locale__language_code="en")
    assert set(zh.values_list("code", flat=True)) == zh_codes
    assert set(en.values_list("code", flat=True)) == en_codes
    assert en_codes == zh_codes and len(zh_codes) == 50  # every guide has its English
    for guide in en.select_related("department__locale", "category__locale"):
        source = zh.get(code=guide.code)
        assert guide.translation_key == source.translation_key
        assert guide.department.locale.language_code == "en"
        assert guide.title != source.title

    before = counts()
    output = io.StringIO()
    demo.load(output)
    assert counts() == before
    assert f"0 created, 0 updated, {len(items)} unchanged" in output.getvalue()


def test_demo_index_and_a_guide_are_served(client):
    demo.load(io.StringIO())
    items = read_items(demo.DATA)
    first = next(item for item in items if item["language"] == "zh-hans")
    assert client.get("/services/").status_code == 200
    assert client.get("/en/services/").status_code == 200
    response = client.get(f"/services/{first['slug']}/")
    assert response.status_code == 200
    assert first["title"] in response.content.decode()
