import pytest

pytestmark = pytest.mark.django_db


def test_switch_to_large_type_sets_cookie_and_returns(client):
    response = client.post("/display-mode/", {"mode": "elderly", "next": "/about/"})
    assert response.status_code == 302
    assert response["Location"] == "/about/"
    cookie = response.cookies["portal_display"]
    assert cookie.value == "elderly"
    assert int(cookie["max-age"]) >= 30 * 24 * 3600
    assert cookie["samesite"] == "Lax"

    page = client.get("/about/").content.decode()
    assert 'class="display-elderly' in page
    assert 'aria-pressed="true"' in page


def test_switch_back_to_standard_deletes_cookie(client):
    client.post("/display-mode/", {"mode": "elderly", "next": "/"})
    response = client.post("/display-mode/", {"mode": "standard", "next": "/"})
    assert response.cookies["portal_display"].value == ""
    page = client.get("/").content.decode()
    assert 'class="display-standard' in page
    assert 'aria-pressed="false"' in page


def test_control_is_a_plain_form_on_every_page(client):
    for path in ["/", "/en/", "/about/", "/accounts/login/", "/search/?q=x", "/nowhere/"]:
        page = client.get(path).content.decode()
        assert 'action="/display-mode/"' in page, path
        assert 'name="next" value="' in page, path


def test_unknown_mode_falls_back_to_standard(client):
    client.cookies["portal_display"] = "disco"
    assert 'class="display-standard' in client.get("/").content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/path"])
def test_refuses_to_redirect_off_site(client, target):
    response = client.post("/display-mode/", {"mode": "elderly", "next": target})
    assert response["Location"] == "/"


def test_only_post(client):
    assert client.get("/display-mode/").status_code == 405
