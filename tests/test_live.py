"""The live-server harness itself: gunicorn with several workers and a private redis-server."""

import subprocess
import urllib.request

import pytest

pytestmark = pytest.mark.live


def test_gunicorn_serves_the_home_page_from_several_workers(live_portal):
    portal = live_portal(workers=3)
    with urllib.request.urlopen(portal.url + "/") as response:  # noqa: S310
        assert response.status == 200
        assert "<html" in response.read().decode()
    children = subprocess.run(
        ["pgrep", "-P", str(portal.proc.pid)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(children) == 3
    out = portal.shell("from wagtail.models import Site; print(Site.objects.count())")
    assert out.strip() == "1"


def test_redis_server_answers(redis_server, redis_url):
    out = subprocess.run(
        ["redis-cli", "-p", str(redis_server.port), "PING"], capture_output=True, text=True
    )
    assert out.stdout.strip() == "PONG"
    assert redis_url.endswith("/0")
