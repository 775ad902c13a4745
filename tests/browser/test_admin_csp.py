"""The admin's Content-Security-Policy (portal/security.py) allows what Wagtail's admin needs:
the pages editors and officials use work in Chromium without a single violation."""

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "x-Pass-123-admin"


def _sign_in(page, site):
    from django.contrib.auth import get_user_model

    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_superuser("csp-admin", "csp@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto(site + "/accounts/login/?next=/admin/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/admin/")


def test_admin_pages_raise_no_csp_violations(page, site):
    from wagtail.models import Page

    from home.models import HomePage

    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    _sign_in(page, site)
    home = HomePage.objects.get(locale__language_code="zh-hans")
    child = Page.objects.child_of(home).live().first()
    paths = [
        "/admin/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/{child.pk}/edit/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/complaints/",
        "/admin/reports/search-frequent-queries/",
        "/admin/snippets/portal_search/suggestionrule/add/",
        "/django-admin/",
    ]
    for path in paths:
        response = page.goto(site + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
    # The page editor's scripts ran: its tabs and panels are interactive.
    page.goto(site + f"/admin/pages/{child.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-controller~='w-tabs'], .w-tabs").count() > 0
    assert violations == [], "\n".join(violations)
    _leave_the_editor(page, site)


def _leave_the_editor(page, site) -> None:
    """Leave the page editor and wait until its editing session is released.

    The editor pings the server while open and sends a beacon that releases its editing session
    when the page unloads. Left to the browser's teardown, that beacon reaches the live server
    while the database is being emptied for the next test, on the same SQLite connection, and
    the flush fails on a foreign key.
    """
    import time

    from wagtail.admin.models import EditingSession

    page.goto(site + "/admin/")
    page.wait_for_load_state("networkidle")
    deadline = time.monotonic() + 10
    while EditingSession.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not EditingSession.objects.exists(), "the editor's session was not released"
