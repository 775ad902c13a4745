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


def test_draft_translation_is_not_offered(client, home_page):
    page = StandardPage(title="草稿译文", slug="draft-translation")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    translated = page.copy_for_translation(Locale.objects.get(language_code="en"))
    assert not StandardPage.objects.get(pk=translated.pk).live
    links = switcher_links(client.get("/draft-translation/").content.decode())
    assert links == {"en": f"/en/untranslated/{page.pk}/"}


def test_html_lang_and_hreflang_alternates(client):
    zh = client.get("/about/").content.decode()
    en = client.get("/en/about/").content.decode()
    assert '<html lang="zh-hans"' in zh
    assert '<html lang="en"' in en
    assert 'hreflang="en" href="http://testserver/en/about/"' in zh
    assert 'hreflang="zh-hans" href="http://testserver/about/"' in zh


def test_page_without_translation_says_so_in_the_readers_language(client, home_page):
    page = StandardPage(title="只有中文的页面", slug="zh-only")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    target = switcher_links(client.get("/zh-only/").content.decode())["en"]
    assert target == f"/en/untranslated/{page.pk}/"
    response = client.get(target)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "This page is only available in Simplified Chinese" in html
    assert '<a href="/zh-only/" lang="zh-hans" hreflang="zh-hans">只有中文的页面</a>' in html
    # The nearest translated section: the English home page.
    assert 'from <a href="/en/">' in html
    assert '<meta name="robots" content="noindex">' in html
    # Back in Chinese, the same address leads to the page itself.
    assert client.get(f"/untranslated/{page.pk}/").url == "/zh-only/"


def test_untranslated_address_leads_to_the_translation_once_published(client, home_page):
    page = StandardPage(title="后来翻译的页面", slug="later")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    translated = page.copy_for_translation(Locale.objects.get(language_code="en"))
    translated.save_revision().publish()
    response = client.get(f"/en/untranslated/{page.pk}/")
    assert response.status_code == 302
    assert response.url == "/en/later/"
    assert switcher_links(client.get("/later/").content.decode()) == {"en": "/en/later/"}


def test_untranslated_address_of_a_draft_is_not_found(client, home_page):
    page = StandardPage(title="草稿", slug="draft-only", live=False)
    home_page.add_child(instance=page)
    assert client.get(f"/en/untranslated/{page.pk}/").status_code == 404


def test_hreflang_alternates_on_views_that_are_not_pages(client):
    html = client.get("/en/accounts/login/").content.decode()
    assert 'hreflang="en" href="http://testserver/en/accounts/login/"' in html
    assert 'hreflang="zh-hans" href="http://testserver/accounts/login/"' in html
