from django.db import IntegrityError, OperationalError
from django.test import RequestFactory
from django.utils import translation

import pytest

from portal.views import server_error


def _render_error(exc):
    request = RequestFactory().get("/somewhere/")
    try:
        raise exc
    except Exception:  # noqa: BLE001 - Django's handler runs inside any except block
        return server_error(request)


def test_server_error_is_500_page_without_traceback():
    with translation.override("zh-hans"):
        response = _render_error(ValueError("boom"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "出错了" in body
    assert "boom" not in body


def test_database_connection_error_is_503():
    with translation.override("en"):
        response = _render_error(OperationalError("could not connect to server"))
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_other_database_errors_stay_500():
    response = _render_error(IntegrityError("duplicate key"))
    assert response.status_code == 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "lang", "text", "home_link"),
    [
        ("/no-such-page/", "zh-hans", "找不到该页面", 'href="/"'),
        ("/en/no-such-page/", "en", "Page not found", 'href="/en/"'),
    ],
)
def test_404_page_is_translated_and_leads_home(client, path, lang, text, home_link):
    response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{lang}"' in body
    assert text in body
    assert home_link in body
