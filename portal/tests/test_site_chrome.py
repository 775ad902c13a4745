"""What every page carries: alerts slot, CSP, no third-party hosts, landmarks."""

import re

import pytest

from portal.alerts import Alert, register_alert_provider, unregister_alert_provider

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/en/", "/about/", "/en/privacy/", "/accounts/login/", "/search/?q=社区"]


@pytest.fixture
def water_cut_alert():
    def provider(request):
        return [Alert(title="明天 9:00-17:00 3号楼停水", label="紧急", url="/about/")]

    register_alert_provider(provider)
    yield
    unregister_alert_provider(provider)


def test_alert_providers_fill_the_banner_on_every_page(client, water_cut_alert):
    for path in ["/", "/about/", "/accounts/login/"]:
        html = client.get(path).content.decode()
        assert 'class="site-alerts"' in html, path
        assert "明天 9:00-17:00 3号楼停水" in html, path


def test_no_banner_without_alerts(client):
    assert 'class="site-alerts"' not in client.get("/").content.decode()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_pages_load_nothing_from_other_hosts(client, path):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    for url in re.findall(r'(?:src|href)="(https?:)?//([^/"]+)', html):
        assert url[1] == "testserver", f"{path} loads from {url[1]}"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_landmarks_and_skip_link(client, path):
    html = client.get(path).content.decode()
    assert html.count("<main") == 1
    assert '<a class="skip-link" href="#main">' in html
    assert 'id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert 'name="viewport"' in html


def test_print_stylesheet_linked(client):
    assert 'media="print"' in client.get("/").content.decode()
