import re

from wagtail.models import Locale

import pytest

from home.models import StandardPage

pytestmark = pytest.mark.django_db


def switcher_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return {lang: href for href, lang in re.findall(r'href="([^"]*)" lang="([^"]+)"', nav)}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", {"en": "/en/"}),
        ("/en/", {"zh-hans": "/"}),
        ("/about/", {"en": "/en/about/"}),
        ("/en/contact/", {"zh-hans": "/contact/"}),
        ("/accounts/login/", {"en": "/en/accounts/login/"}),
        ("/en/accounts/signup/", {"zh-hans": "/accounts/signup/"}),
        ("/search/?q=abc", {"en": "/en/search/?q=abc"}),
        ("/no-such-page/", {"en": "/en/"}),
    ],
)
def test_switcher_leads_to_the_same_page_in_the_other_language(client, path, expected):
    assert switcher_links(client.get(path).content.decode()) == expected


def test_page_without_translation_leads_to_other_home(client, home_page):
    page = StandardPage(title="只有中文的页面", slug="zh-only")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    assert switcher_links(client.get("/zh-only/").content.decode()) == {"en": "/en/"}


def test_draft_translation_is_not_offered(client, home_page):
    page = StandardPage(title="草稿译文", slug="draft-translation")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    translated = page.copy_for_translation(Locale.objects.get(language_code="en"))
    assert not StandardPage.objects.get(pk=translated.pk).live
    assert switcher_links(client.get("/draft-translation/").content.decode()) == {"en": "/en/"}


def test_html_lang_and_hreflang_alternates(client):
    zh = client.get("/about/").content.decode()
    en = client.get("/en/about/").content.decode()
    assert '<html lang="zh-hans"' in zh
    assert '<html lang="en"' in en
    assert 'hreflang="en" href="http://testserver/en/about/"' in zh
    assert 'hreflang="zh-hans" href="http://testserver/about/"' in zh
