"""Sign-up, sign-in and password reset answer a known and an unknown address alike: the same
status, the same page and the same time within noise (20 tries each, with a real PBKDF2 hasher)."""

import re
import statistics
import time

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache import cache, caches
from django.test import Client, override_settings

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-horse-battery-9"
TRIES = 20


class MeasuredPBKDF2(PBKDF2PasswordHasher):
    """Django's hasher with fewer rounds: the test stays quick, a missing hash still shows."""

    iterations = 150_000


HASHER = ["accounts.tests.test_enumeration.MeasuredPBKDF2"]


def _normalised(body: bytes) -> str:
    text = body.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", text)
    return re.sub(r"[\w.+-]+@example\.(com|org)", "EMAIL", text)


def _measure(*make_requests) -> list[tuple[list[float], set, set]]:
    """Each series' timings, statuses and pages, the series taken in turns, one try of each at a
    time: load on the machine (the rest of the suite, in parallel) then falls on both alike."""
    series = [([], set(), set()) for _ in make_requests]
    for number in range(TRIES):
        for make_request, (timings, statuses, bodies) in zip(make_requests, series, strict=True):
            cache.clear()
            caches["limits"].clear()
            start = time.perf_counter()
            response = make_request(number)
            timings.append(time.perf_counter() - start)
            statuses.add((response.status_code, response.get("Location", "")))
            bodies.add(_normalised(response.content))
    return series


def _assert_alike(known, unknown):
    known_times, known_status, known_bodies = known
    unknown_times, unknown_status, unknown_bodies = unknown
    assert known_status == unknown_status and len(known_status) == 1
    assert known_bodies == unknown_bodies and len(known_bodies) == 1
    known_median = statistics.median(known_times)
    unknown_median = statistics.median(unknown_times)
    # Within noise: a quarter of the slower median, and never more than one password hash's
    # worth (the difference this test was written for).
    allowed = 0.25 * max(known_median, unknown_median)
    assert abs(known_median - unknown_median) < allowed, (known_median, unknown_median)


@pytest.fixture
def accounts_(db):
    users = []
    for number in range(TRIES):
        user = User.objects.create_user(f"known{number}", f"known{number}@example.com", PASSWORD)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        users.append(user)
    return users


@override_settings(PASSWORD_HASHERS=HASHER)
def test_sign_up_answers_known_and_unknown_addresses_alike(accounts_):
    def sign_up(email):
        return lambda number: Client().post(
            "/accounts/signup/",
            {"email": email(number), "password1": PASSWORD, "password2": PASSWORD},
        )

    known, unknown = _measure(
        sign_up(lambda n: f"known{n}@example.com"), sign_up(lambda n: f"new-{n}@example.com")
    )
    _assert_alike(known, unknown)


@override_settings(PASSWORD_HASHERS=HASHER)
def test_sign_in_answers_known_and_unknown_addresses_alike(accounts_):
    for user in accounts_:  # hashed with the measured hasher
        user.set_password(PASSWORD)
        user.save()

    def sign_in(email):
        return lambda number: Client().post(
            "/accounts/login/", {"login": email(number), "password": "Wrong-password-1"}
        )

    known, unknown = _measure(
        sign_in(lambda n: f"known{n}@example.com"), sign_in(lambda n: f"nobody{n}@example.com")
    )
    _assert_alike(known, unknown)


@override_settings(PASSWORD_HASHERS=HASHER)
def test_password_reset_answers_known_and_unknown_addresses_alike(accounts_):
    def reset(email):
        return lambda number: Client().post("/accounts/password/reset/", {"email": email(number)})

    known, unknown = _measure(
        reset(lambda n: f"known{n}@example.com"), reset(lambda n: f"nobody{n}@example.com")
    )
    _assert_alike(known, unknown)
