"""Sign-up with email verification, sign-in, password change and reset, my portal."""

import re

from django.core import mail

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-horse-battery-9"


@pytest.fixture
def resident():
    user = User.objects.create_user("wang", "wang@example.com", PASSWORD, display_name="王阿姨")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def first_link(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_sign_up_requires_email_verification(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new@example.com")
    assert user.username  # filled in for Wagtail's admin
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.com"]

    # Not verified yet: signing in leads back to the verification page, not into the portal.
    client.logout()
    response = client.post("/accounts/login/", {"login": "new@example.com", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/accounts/me/").status_code == 302

    confirm_url = first_link(mail.outbox[0])
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified
    assert response["Location"] == "/accounts/me/"
    assert client.get("/accounts/me/").status_code == 200


def test_sign_up_errors_are_translated_and_keep_input(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "keep-me@example.com", "password1": PASSWORD, "password2": "different-1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert "请更正以下问题" in html
    assert 'value="keep-me@example.com"' in html
    assert not User.objects.filter(email="keep-me@example.com").exists()


def test_sign_in_and_out(client, resident):
    response = client.post("/accounts/login/", {"login": "wang@example.com", "password": PASSWORD})
    assert response["Location"] == "/accounts/me/"
    html = client.get("/accounts/me/").content.decode()
    assert "王阿姨" in html
    assert "wang@example.com" in html
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/"
    assert client.get("/accounts/me/").status_code == 302


def test_wrong_password_message_in_english(client, resident):
    response = client.post(
        "/en/accounts/login/", {"login": "wang@example.com", "password": "wrong-password"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "The email address and/or password you specified are not correct." in html
    assert 'value="wang@example.com"' in html


def test_password_change(client, resident):
    client.force_login(resident)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "A-new-password-77",
            "password2": "A-new-password-77",
        },
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password("A-new-password-77")


def test_password_reset_by_email(client, resident):
    response = client.post("/accounts/password/reset/", {"email": "wang@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_url = first_link(mail.outbox[0])
    response = client.get(reset_url)
    # allauth moves the key into the session and redirects to the form.
    form_url = response["Location"] if response.status_code == 302 else reset_url
    response = client.post(
        form_url, {"password1": "Reset-password-42", "password2": "Reset-password-42"}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password("Reset-password-42")


def test_password_reset_does_not_reveal_unknown_addresses(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1  # an "unknown account" notice, to that address only
    assert mail.outbox[0].to == ["nobody@example.com"]


def test_my_portal_saves_details(client, resident):
    client.force_login(resident)
    response = client.post("/accounts/me/", {"display_name": "王老师", "phone": "138 0000 0000"})
    assert response["Location"] == "/accounts/me/"
    resident.refresh_from_db()
    assert resident.display_name == "王老师"
    assert "您的信息已保存" in client.get("/accounts/me/").content.decode()


def test_my_portal_needs_sign_in(client):
    response = client.get("/en/accounts/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


@pytest.mark.parametrize(
    ("path", "lang"),
    [
        ("/accounts/login/", "zh-hans"),
        ("/en/accounts/login/", "en"),
        ("/accounts/signup/", "zh-hans"),
        ("/accounts/password/reset/", "zh-hans"),
        ("/en/accounts/password/reset/", "en"),
    ],
)
def test_account_pages_use_portal_layout(client, path, lang):
    html = client.get(path).content.decode()
    assert f'<html lang="{lang}"' in html
    assert 'class="site-header"' in html
    assert "<label" in html
    assert 'placeholder="' not in html or "<label" in html


def test_admin_sign_in_goes_through_portal_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")
