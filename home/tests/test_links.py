"""No dead links: every link on every reachable page leads to a page that renders."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User

SKIP_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/", "/documents/")
OK_STATUSES = {200}


def crawl(client, start: list[str], limit: int = 200) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque(start)
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"]+)"', response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/"):
                continue  # tel:, mailto:, absolute hreflang links to this same site
            if href.startswith(SKIP_PREFIXES) or href in seen:
                continue
            queue.append(href)
    return seen


@pytest.mark.django_db
def test_no_dead_links_for_visitors(client):
    seen = crawl(client, ["/", "/en/"])
    dead = {url: status for url, status in seen.items() if status not in OK_STATUSES}
    # Pages that need a sign-in redirect to it; nothing is missing.
    assert {u: s for u, s in dead.items() if s != 302} == {}
    assert len(seen) >= 15


@pytest.mark.django_db
def test_no_dead_links_for_signed_in_residents(client):
    user = User.objects.create_user("li", "li@example.com", "a-long-password-1")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    seen = crawl(client, ["/", "/en/", "/accounts/me/", "/en/accounts/me/"])
    dead = {url: status for url, status in seen.items() if status not in OK_STATUSES}
    assert dead == {}
    assert "/accounts/email/" in seen
    assert "/accounts/password/change/" in seen
