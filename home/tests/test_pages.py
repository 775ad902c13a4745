from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home.models import HomePage, PortalSettings, StandardPage


class PageRulesTests(WagtailPageTestCase):
    def test_home_page_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        home = HomePage.objects.get(locale__language_code="zh-hans")
        self.assertFalse(HomePage.can_create_at(home))

    def test_standard_page_under_home(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)

    def test_editor_can_create_a_standard_page_with_blocks(self):
        self.login()
        home = HomePage.objects.get(locale__language_code="zh-hans")
        self.assertCanCreate(
            home,
            StandardPage,
            nested_form_data(
                {
                    "title": "社区议事规则",
                    "slug": "council-rules",
                    "intro": "居民议事会怎么开",
                    "body": streamfield(
                        [
                            ("heading", {"text": "开会时间", "level": "h2"}),
                            ("paragraph", rich_text("<p>每月第一个周六</p>")),
                        ]
                    ),
                }
            ),
        )


@pytest.mark.django_db
class TestHomePage:
    def test_home_shows_search_contact_and_sections(self, client):
        html = client.get("/").content.decode()
        assert 'role="search"' in html
        assert 'action="/search/"' in html
        assert "010-6512 3456" in html
        assert 'href="tel:01065123456"' in html
        assert "周一至周五 8:30–12:00" in html
        # Sections: the pages editors put in the menu.
        assert 'href="/about/"' in html
        assert 'href="/contact/"' in html

    def test_english_home_uses_english_settings_and_pages(self, client):
        html = client.get("/en/").content.decode()
        assert "Xingfuli Community Residents&#x27; Committee" in html
        assert "Mon–Fri 8:30–12:00" in html
        assert 'href="/en/about/"' in html
        assert "About the committee" in html
        assert "关于居委会" not in html

    def test_footer_lists_pages_outside_the_menu(self, client):
        html = client.get("/").content.decode()
        footer = html[html.index("<footer") :]
        assert 'href="/accessibility/"' in footer
        assert 'href="/privacy/"' in footer
        menu = html[
            html.index('class="main-menu"') : html.index("</nav>", html.index('class="main-menu"'))
        ]
        assert 'href="/accessibility/"' not in menu

    def test_unpublished_pages_are_not_linked(self, client, home_page):
        about = home_page.get_children().get(slug="about")
        about.specific.unpublish()
        html = client.get("/").content.decode()
        assert 'href="/about/"' not in html
        assert client.get("/about/").status_code == 404

    def test_home_page_query_count_is_bounded(self, client, django_assert_max_num_queries):
        client.get("/")  # warm Wagtail's site root cache
        with django_assert_max_num_queries(25):
            assert client.get("/").status_code == 200

    def test_settings_fall_back_to_chinese_when_english_is_blank(self, client):
        portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
        portal_settings.address_en = ""
        portal_settings.save()
        assert "幸福路 88 号社区党群服务中心一层" in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_standard_page_renders_blocks_and_breadcrumbs(client):
    html = client.get("/contact/").content.decode()
    assert "<h1>联系我们</h1>" in html
    assert 'class="breadcrumbs"' in html
    assert "<h2>紧急情况</h2>" in html
    assert "社区服务站" in html  # the contact block
    assert "119、120 或 110" in html


@pytest.mark.django_db
def test_english_translation_is_a_localize_translation(client, home_page):
    from wagtail_localize.models import Translation

    about = home_page.get_children().get(slug="about")
    assert Translation.objects.filter(
        source__object_id=about.translation_key, target_locale__language_code="en"
    ).exists()
    html = client.get("/en/about/").content.decode()
    assert "<h1>About the committee</h1>" in html
    assert "one household, one vote" in html
