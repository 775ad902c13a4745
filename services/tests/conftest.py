"""Fixtures for the service guide tests: the index, departments, categories and a guide maker."""

from wagtail.models import Locale

import pytest

from services.importer import ensure_index
from services.models import (
    CategoryKind,
    ServiceCategory,
    ServiceDepartment,
    ServiceGuidePage,
)


@pytest.fixture
def locales(db):
    return Locale.objects.get(language_code="zh-hans"), Locale.objects.get(language_code="en")


@pytest.fixture
def service_index(home_page):
    return ensure_index(home_page, english=True)


@pytest.fixture
def department(locales):
    zh, en = locales
    made = ServiceDepartment.objects.create(
        name="社区服务站", slug="service-station", locale=zh, address="幸福路88号"
    )
    translated = made.copy_for_translation(en)
    translated.name = "Community service station"
    translated.save()
    return made


@pytest.fixture
def other_department(locales):
    return ServiceDepartment.objects.create(name="派出所", slug="police", locale=locales[0])


@pytest.fixture
def category(locales):
    zh, en = locales
    made = ServiceCategory.objects.create(
        name="户籍与证件", slug="ids", kind=CategoryKind.TOPIC, locale=zh
    )
    translated = made.copy_for_translation(en)
    translated.name = "Registration and IDs"
    translated.save()
    return made


@pytest.fixture
def life_event(locales):
    return ServiceCategory.objects.create(
        name="生育", slug="having-a-baby", kind=CategoryKind.LIFE_EVENT, locale=locales[0]
    )


@pytest.fixture
def make_guide(service_index, department, category):
    def make(code, *, publish=True, **fields):
        fields.setdefault("department", department)
        fields.setdefault("category", category)
        guide = ServiceGuidePage(
            title=fields.pop("title", f"指南 {code}"),
            slug=fields.pop("slug", code),
            code=code,
            summary=fields.pop("summary", "摘要"),
            live=publish,
            **fields,
        )
        service_index.add_child(instance=guide)
        if publish:
            guide.save_revision().publish()
        return guide

    return make
