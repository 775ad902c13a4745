"""/healthz and the 503 page, against a database that is really unreachable."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

# Port 1 on loopback: nothing listens, so every connection is refused at once.
UNREACHABLE_DATABASE = "postgres://portal:portal@127.0.0.1:1/portal?connect_timeout=2"

CLIENT_SCRIPT = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.test import Client
    client = Client(raise_request_exception=False)
    out = {}
    for path in ["/healthz", "/", "/en/", "/about/"]:
        response = client.get(path)
        out[path] = {
            "status": response.status_code,
            "body": response.content.decode(),
            "retry_after": response.get("Retry-After"),
        }
    print(json.dumps(out))
    """
)


@pytest.mark.django_db
def test_healthz_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "search": "database",
        "worker": "immediate",
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture(scope="module")
def responses_without_database():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": UNREACHABLE_DATABASE,
    }
    result = subprocess.run(
        [sys.executable, "-c", CLIENT_SCRIPT],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_healthz_503_when_database_unreachable(responses_without_database):
    health = responses_without_database["/healthz"]
    assert health["status"] == 503
    assert json.loads(health["body"]) == {"status": "error", "database": "unreachable"}
    assert health["retry_after"] == "30"


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/", "zh-hans", "门户网站暂时无法访问"),
        ("/about/", "zh-hans", "门户网站暂时无法访问"),
        ("/en/", "en", "The portal is temporarily unavailable"),
    ],
)
def test_pages_show_translated_503_without_database(
    responses_without_database, path, lang, heading
):
    page = responses_without_database[path]
    assert page["status"] == 503
    assert page["retry_after"] == "60"
    assert f'<html lang="{lang}">' in page["body"]
    assert heading in page["body"]
    assert "Traceback" not in page["body"]
    assert "OperationalError" not in page["body"]
