"""A resident recognises their problem in the category list: a street light has its category, and
every default category shows everyday examples in the form."""

from importlib import import_module

from django.utils import translation

import pytest

from complaints.forms import ComplaintForm
from complaints.models import ComplaintCategory

pytestmark = pytest.mark.django_db

EXAMPLES = import_module("complaints.migrations.0007_public_facilities_and_examples").EXAMPLES


def test_a_broken_street_light_has_a_category_with_examples():
    category = ComplaintCategory.objects.get(
        slug="public-facilities", locale__language_code="zh-hans"
    )
    assert "路灯" in category.name and "路灯不亮" in category.examples
    english = ComplaintCategory.objects.get(slug="public-facilities", locale__language_code="en")
    assert english.translation_key == category.translation_key
    assert "street light" in english.examples
    defaults = ComplaintCategory.objects.filter(slug__in=EXAMPLES)
    assert defaults.count() == 2 * len(EXAMPLES)
    assert not defaults.filter(examples="").exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "路灯、公共设施报修（3 个工作日内答复），例如：路灯不亮"),
        ("en", "Street lights and public facilities (answered within 3 working days), e.g. street"),
    ],
)
def test_the_form_shows_the_examples_with_each_category(language, expected):
    with translation.override(language):
        html = str(ComplaintForm()["category"])
    assert expected in html
