"""The attacks of the security review, repeated over HTTP against gunicorn with three workers and
production settings: once with the limits on files shared by the workers of this host, once with
Redis (``REDIS_URL``). One server per store for the whole module (each start costs ~45 s).

Before the fixes, with each worker counting alone, the 5-failure lockout came after 15 attempts,
the 10-per-hour complaint limit after 27; ``/admin/login/`` took unlimited guesses; five PNGs of
39.7 megapixels cost a worker 20 s; several headers were missing.
"""

from __future__ import annotations

import io
import re
import time

import pytest
import requests
from PIL import Image

from tests.live import start_portal

pytestmark = pytest.mark.live
PASSWORD = "Correct-horse-battery-9"
EMAIL = "victim@example.com"
CREATE_USER = f"""
from accounts.models import User
from allauth.account.models import EmailAddress
user = User.objects.create_user("victim", "{EMAIL}", "{PASSWORD}")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
print("ok")
"""


@pytest.fixture(scope="module", params=["files", "redis"])
def portal(request, live_root, redis_server):
    env = {"LOG_LEVEL": "ERROR"}
    if request.param == "redis":
        redis_server.flush()
        env["REDIS_URL"] = redis_server.url(1)
    server = start_portal(live_root, workers=3, env=env, name=f"attack-{request.param}")
    try:
        assert server.shell(CREATE_USER).strip() == "ok"
        yield server
    finally:
        server.stop()


def _token(session: requests.Session, url: str) -> str:
    response = session.get(url, timeout=30)
    assert response.status_code == 200, url
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def _sign_in(session: requests.Session, base: str, password: str) -> requests.Response:
    token = _token(session, base + "/accounts/login/")
    return session.post(
        base + "/accounts/login/",
        data={"login": EMAIL, "password": password, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=30,
    )


def test_one_door_and_one_lockout_across_workers(portal):
    base = portal.url
    attacker = requests.Session()
    # The admin login pages check no password: they lead to the one sign-in page.
    token = _token(attacker, base + "/accounts/login/")
    for path in ("/admin/login/", "/django-admin/login/"):
        response = attacker.post(
            base + path,
            data={"username": "victim", "password": PASSWORD, "csrfmiddlewaretoken": token},
            allow_redirects=False,
        )
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/accounts/login/?next=")
        assert "sessionid" not in attacker.cookies

    # Exactly five wrong passwords (each on a new connection, so spread over the three
    # workers), then even the right password is refused.
    for attempt in range(5):
        response = _sign_in(requests.Session(), base, f"wrong-{attempt}")
        assert response.status_code == 200, attempt
    response = _sign_in(requests.Session(), base, PASSWORD)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 600
    assert "登录已暂停" in response.text

    # From another address the account stays locked; the owner waits or resets the password.
    for _ in range(3):
        assert _sign_in(requests.Session(), base, PASSWORD).status_code == 429


def test_complaint_limits_and_the_photo_budget_across_workers(portal):
    base = portal.url
    bomb = io.BytesIO()
    Image.new("RGB", (6300, 6300), (200, 30, 30)).save(bomb, "PNG")  # 39.7 megapixels, 130 KB
    statuses = []
    for number in range(12):
        session = requests.Session()
        token = _token(session, base + "/complaints/")
        data = {
            "csrfmiddlewaretoken": token,
            "submission_key": f"attack-{number}-{time.monotonic_ns()}",
            "subject": f"楼道灯坏了 第{number}次",
            "description": "3号楼2单元楼道灯一周不亮。",
            "address": "3号楼2单元",
            "anonymous": "on",
        }
        files = None
        if number == 0:
            files = [("photos", (f"p{k}.png", bomb.getvalue(), "image/png")) for k in range(5)]
        start = time.monotonic()
        response = session.post(base + "/complaints/", data=data, files=files, timeout=60)
        if number == 0:
            # Refused from the files' headers before decoding anything, and what was typed stays.
            assert time.monotonic() - start < 5
            assert response.status_code == 200
            assert "兆像素" in response.text
            assert "楼道灯坏了 第0次" in response.text
        statuses.append(response.status_code)
    # Ten per hour per address, counted by every worker together: the 11th is refused.
    assert 429 not in statuses[:10]
    assert statuses[10:] == [429, 429]


def test_tracking_and_allauth_limits_across_workers(portal):
    base = portal.url
    statuses = []
    for number in range(21):
        session = requests.Session()
        token = _token(session, base + "/complaints/track/")
        response = session.post(
            base + "/complaints/track/",
            data={
                "csrfmiddlewaretoken": token,
                "number": f"TS-2026-{number:06d}",
                "secret": "guess",
            },
            timeout=30,
        )
        statuses.append(response.status_code)
    assert 429 not in statuses[:20] and statuses[20] == 429

    # django-allauth's own limit: five reset mails per address and minute.
    statuses = []
    for _ in range(6):
        session = requests.Session()
        token = _token(session, base + "/accounts/password/reset/")
        response = session.post(
            base + "/accounts/password/reset/",
            data={"csrfmiddlewaretoken": token, "email": EMAIL},
            allow_redirects=False,
            timeout=30,
        )
        statuses.append(response.status_code)
    assert statuses == [302] * 5 + [429]


def test_headers_on_every_response(portal):
    base = portal.url
    for path in ("/", "/search/?q=低保", "/accounts/login/", "/admin/", "/healthz"):
        response = requests.get(
            base + path,
            headers={"X-Forwarded-Proto": "https"},
            allow_redirects=False,
            timeout=30,
        )
        assert "camera=()" in response.headers["Permissions-Policy"], path
        assert response.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        ), path
        assert "default-src 'self'" in response.headers.get("Content-Security-Policy", ""), (
            path,
            response.status_code,
            dict(response.headers),
        )
    # As long as gunicorn takes a request line (4 KB): links carry at most 100 characters of it.
    long_query = requests.get(base + "/search/", params={"q": "x" * 3900}, timeout=30)
    assert long_query.status_code == 200
    assert "x" * 101 not in long_query.text
