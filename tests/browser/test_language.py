"""The home page in Chinese, its search box, and the language switcher to the English pages."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def switcher_link(page, code: str):
    return page.locator(f'nav.language-switcher a[hreflang="{code}"]')


def test_zh_home_has_language_heading_labelled_search_and_switches_to_english(page, site):
    page.goto(site + "/")

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("幸福里")

    # The search box has a visible label tied to it, and its accessible name is that label.
    label = page.locator('label[for="home-search"]')
    expect(label).to_be_visible()
    label_text = label.inner_text().strip()
    assert label_text
    expect(page.get_by_role("searchbox", name=label_text, exact=True)).to_be_visible()

    english = switcher_link(page, "en")
    expect(english).to_have_count(1)
    assert urlsplit(english.get_attribute("href")).path == "/en/"
    english.click()

    page.wait_for_url(site + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xingfuli")
    # And back again: the English home offers the Chinese home.
    assert urlsplit(switcher_link(page, "zh-hans").get_attribute("href")).path == "/"


def test_switcher_leads_to_the_translation_of_the_current_page(page, site):
    page.goto(site + "/about/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    english = switcher_link(page, "en")
    assert urlsplit(english.get_attribute("href")).path == "/en/about/"
    english.click()

    page.wait_for_url(site + "/en/about/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("About the committee")
