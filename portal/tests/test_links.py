"""Absolute links made outside a request (emails) use the configured site address."""

import pytest

from portal.links import absolute, base_url


@pytest.mark.django_db
def test_the_configured_site_address_wins_over_the_wagtail_site(settings):
    settings.PORTAL_BASE_URL = "https://xingfuli.example.cn/"
    assert base_url() == "https://xingfuli.example.cn"
    assert absolute("/notices/x/") == "https://xingfuli.example.cn/notices/x/"
    assert absolute("https://elsewhere.example/") == "https://elsewhere.example/"


@pytest.mark.django_db
def test_without_a_configured_address_the_default_site_is_used(settings):
    from wagtail.models import Site

    settings.PORTAL_BASE_URL = ""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "portal.example.org", 443
    site.save()
    assert base_url() == "https://portal.example.org"


@pytest.mark.django_db
def test_notice_emails_use_the_configured_address(settings):
    from notices.emails import base_url as notice_base_url

    settings.PORTAL_BASE_URL = "https://xingfuli.example.cn"
    assert notice_base_url() == "https://xingfuli.example.cn"


@pytest.mark.django_db
def test_a_page_without_an_address_links_home(settings):
    # A page outside every site has no URL (get_url() is None): the email still sends, linking
    # to the portal's home page (it raised AttributeError and the enrolment email was lost).
    settings.PORTAL_BASE_URL = "https://xingfuli.example.cn"
    assert absolute(None) == "https://xingfuli.example.cn/"
    assert absolute("") == "https://xingfuli.example.cn/"
