"""Headers every response carries, the admin's own CSP, and links that do not grow with the query."""

from django.contrib.auth.models import Group

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_permissions_policy_on_every_response(client):
    for path in ("/", "/en/", "/search/?q=低保", "/accounts/login/", "/healthz", "/admin/login/"):
        response = client.get(path)
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
        assert response["X-Frame-Options"] == "DENY"


def test_the_admin_has_its_own_content_security_policy(client):
    editor = User.objects.create_user("editor", "editor@example.org", "pw-123456789")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'unsafe-inline';" in policy  # Wagtail's inline scripts; no eval
    assert "unsafe-eval" not in policy
    assert "object-src 'none'" in policy
    assert "http" not in policy  # nothing from other hosts
    public = client.get("/")["Content-Security-Policy"]
    assert "'unsafe-inline'" not in public


def test_a_huge_query_does_not_grow_the_links_of_the_page(client):
    query = "停水" * 5000
    response = client.get("/search/", {"q": query, "x": "a" * 5000})
    assert response.status_code == 200
    assert len(response.content) < 100_000
    html = response.content.decode()
    assert "停水" * 60 not in html  # no link or field carries more than 100 characters of it
