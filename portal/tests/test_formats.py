import datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

import pytest

from portal import formats

FRIDAY = datetime.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("language", "conjunction", "expected"),
    [
        ("zh-hans", "", "居住证、暂住证、签注"),
        ("en", "", "residence permit, zanzhuzheng, endorsement"),
        ("zh-hans", "and", "居住证、暂住证和签注"),
        ("en", "and", "residence permit, zanzhuzheng and endorsement"),
        ("en", "or", "residence permit, zanzhuzheng or endorsement"),
    ],
)
def test_lists_are_joined_as_each_language_writes_them(language, conjunction, expected):
    words = {
        "zh-hans": ["居住证", "暂住证", "签注"],
        "en": ["residence permit", "zanzhuzheng", "endorsement"],
    }[language]
    with translation.override(language):
        assert formats.join_list(words, conjunction) == expected


def test_a_single_item_has_no_separator_or_conjunction():
    with translation.override("en"):
        assert formats.join_list(["permit"], "and") == "permit"
        assert formats.join_list([]) == ""


def test_dates_and_weekdays_in_both_languages():
    with translation.override("zh-hans"):
        assert formats.long_date(FRIDAY) == "2026年12月4日"
        assert formats.long_date(FRIDAY, with_weekday=True) == "2026年12月4日 星期五"
        assert formats.short_date(FRIDAY) == "12月4日"
        assert formats.weekday(FRIDAY) == "星期五"
    with translation.override("en"):
        assert formats.long_date(FRIDAY) == "4 December 2026"
        assert formats.long_date(FRIDAY, with_weekday=True) == "Friday 4 December 2026"
        assert formats.short_date(FRIDAY) == "4 December"
        assert formats.weekday(FRIDAY) == "Friday"


def test_numbers_and_money():
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert formats.number(1234567) == "1,234,567"
            assert formats.number(Decimal("1234.5")) == "1,234.50"
            assert formats.money(Decimal("1234567.5")) == "¥1,234,567.50"
            assert formats.money(Decimal("-20")) == "-¥20.00"
            assert formats.money(None) == ""


def test_template_filters():
    template = Template(
        "{% load portal_format %}{{ words|join_list }} | {{ day|long_date:'weekday' }} | "
        "{{ amount|money }} | {{ count|number }}"
    )
    context = Context(
        {"words": ["a", "b"], "day": FRIDAY, "amount": Decimal("12.3"), "count": 12000}
    )
    with translation.override("en"):
        assert template.render(context) == "a, b | Friday 4 December 2026 | ¥12.30 | 12,000"
    with translation.override("zh-hans"):
        assert template.render(context) == "a、b | 2026年12月4日 星期五 | ¥12.30 | 12,000"
