"""One throttle for every sign-in path, counted in the shared limits store (in-process checks;
tests/test_attacks.py repeats the attack over HTTP against several gunicorn workers)."""

from django.contrib.auth import authenticate
from django.core.cache import caches
from django.test import RequestFactory, override_settings

import pytest
from allauth.account.models import EmailAddress
from allauth.core.internal import ratelimit

from accounts import throttle
from accounts.models import User
from portal import limits

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-horse-battery-9"


@pytest.fixture
def resident():
    user = User.objects.create_user("wang", "wang@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email="wang.second@example.com", verified=True)
    return user


def sign_in(client, login: str, password: str):
    return client.post("/accounts/login/", {"login": login, "password": password})


def test_five_failures_lock_the_account_even_for_the_right_password(client, resident):
    for _ in range(5):
        response = sign_in(client, "wang@example.com", "wrong-password")
        assert response.status_code == 200
    response = sign_in(client, "wang@example.com", PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 800
    html = response.content.decode()
    assert "登录已暂停" in html
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_does_not_reset_the_count(client, resident):
    for _ in range(4):
        sign_in(client, "wang@example.com", "wrong-password")
    assert sign_in(client, "wang@example.com", PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, "wang@example.com", "wrong-password").status_code == 200
    assert sign_in(client, "wang@example.com", PASSWORD).status_code == 429


def test_every_name_of_the_account_shares_one_count(client, resident):
    # Django's own authenticate() (as Django's admin form calls it) with the username, allauth's
    # page with either email address: one account, one count.
    request = RequestFactory().post("/django-admin/login/")
    for _ in range(2):
        assert authenticate(request, username="WANG", password="wrong") is None
    sign_in(client, "wang.second@example.com", "wrong-password")
    sign_in(client, "Wang@Example.com", "wrong-password")
    sign_in(client, "wang@example.com", "wrong-password")
    assert sign_in(client, "wang@example.com", PASSWORD).status_code == 429
    request = RequestFactory().post("/django-admin/login/")
    assert authenticate(request, username="wang", password=PASSWORD) is None
    assert getattr(request, throttle.LOCKED_ATTRIBUTE) is not None


def test_unknown_addresses_are_locked_the_same_way(client, resident):
    for _ in range(5):
        assert sign_in(client, "nobody@example.com", "wrong-password").status_code == 200
    assert sign_in(client, "nobody@example.com", "wrong-password").status_code == 429
    # Another account from another address is not affected.
    other = client_from("10.0.0.9")
    assert sign_in(other, "wang@example.com", PASSWORD).status_code == 302


def client_from(address: str):
    from django.test import Client

    return Client(REMOTE_ADDR=address)


@override_settings(PORTAL_LOGIN_FAILURES_PER_ADDRESS=8)
def test_one_address_guessing_many_accounts_is_locked(resident):
    attacker = client_from("10.0.0.66")
    for number in range(8):
        assert sign_in(attacker, f"user{number}@example.com", "guess").status_code == 200
    assert sign_in(attacker, "wang@example.com", PASSWORD).status_code == 429
    assert sign_in(client_from("10.0.0.67"), "wang@example.com", PASSWORD).status_code == 302


def test_admin_login_pages_lead_to_the_one_door(client, resident):
    for path, default in (("/admin/login/", "/admin/"), ("/django-admin/login/", "/django-admin/")):
        response = client.post(path, {"username": "wang", "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={default.replace('/', '%2F')}"
        assert "_auth_user_id" not in client.session
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    # Wagtail's own password reset is off: reset goes through the residents' page too.
    assert client.get("/admin/password_reset/").status_code == 404


def test_counts_live_in_the_limits_store(client, resident):
    sign_in(client, "wang@example.com", "wrong-password")
    assert limits.count(f"login:account:{resident.pk}") == 1
    assert limits.count("login:address:127.0.0.1") == 1
    # django-allauth's own limits (password reset, sign-up ...) count there too.
    assert isinstance(ratelimit.cache, limits.SharedStore)
    client.post("/accounts/password/reset/", {"email": "wang@example.com"})
    keys = list(caches["limits"]._cache.keys())
    assert any("allauth" in key and "reset_password" in key for key in keys)
