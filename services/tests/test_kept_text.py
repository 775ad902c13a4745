"""A guide's text is rendered once per publish and language, and never outlives a change."""

from django.core.cache import caches
from django.test import override_settings

import pytest

from portal import fragments

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept_parts():
    caches["pages"].clear()
    fragments.clear()
    with override_settings(PORTAL_FRAGMENT_CACHE_SECONDS=60, PORTAL_PAGE_CACHE_SECONDS=0):
        yield
    fragments.clear()


def test_the_text_is_rendered_once_then_shown_from_the_store(client, make_guide, monkeypatch):
    guide = make_guide("permit", title="居住证办理", summary="第一次的摘要")
    url = guide.get_url()
    first = client.get(url).content.decode()
    assert "第一次的摘要" in first
    # Changed behind the portal's back (no save, no publish): the kept text is what is shown.
    type(guide).objects.filter(pk=guide.pk).update(summary="没有发布的摘要")
    assert "第一次的摘要" in client.get(url).content.decode()
    assert fragments._parts_kept[0] == 1


def test_a_published_change_shows_at_once(client, make_guide):
    guide = make_guide("permit", title="居住证办理", summary="旧摘要")
    url = guide.get_url()
    assert "旧摘要" in client.get(url).content.decode()
    guide.summary = "新摘要"
    guide.save_revision().publish()
    page = client.get(url).content.decode()
    assert "新摘要" in page and "旧摘要" not in page


def test_a_renamed_department_and_a_related_guide_show_at_once(client, make_guide, department):
    other = make_guide("passport", title="护照办理")
    guide = make_guide("permit", title="居住证办理", related=[("guide", other)])
    url = guide.get_url()
    page = client.get(url).content.decode()
    assert "社区服务站" in page and "护照办理" in page
    department.name = "社区党群服务中心"
    department.save()
    other.title = "普通护照申领"
    other.save_revision().publish()
    page = client.get(url).content.decode()
    assert "社区党群服务中心" in page and "普通护照申领" in page


def test_a_draft_preview_neither_uses_nor_leaves_the_kept_text(admin_client, client, make_guide):
    from wagtail.models import Site

    # The preview is rendered for a request to the site's own host, as the public page is.
    Site.objects.filter(is_default_site=True).update(hostname="testserver", port=80)
    guide = make_guide("permit", title="居住证办理", summary="已发布的摘要")
    url = guide.get_url()
    assert "已发布的摘要" in client.get(url).content.decode()
    guide.summary = "草稿里的摘要"
    revision = guide.save_revision()  # a draft, not published
    fragments.clear()  # as in a worker that has not seen the save
    assert "已发布的摘要" in client.get(url).content.decode()
    preview = admin_client.get(f"/admin/pages/{guide.pk}/revisions/{revision.pk}/view/")
    assert preview.status_code == 200
    assert "草稿里的摘要" in preview.content.decode()
    assert "已发布的摘要" not in preview.content.decode()
    page = client.get(url).content.decode()
    assert "已发布的摘要" in page and "草稿里的摘要" not in page


def test_the_kept_texts_are_bounded(client, make_guide, monkeypatch):
    monkeypatch.setattr(fragments, "MAX_PAGE_PARTS", 2)
    guides = [make_guide(f"g{number}", title=f"指南{number}") for number in range(5)]
    for guide in guides:
        assert client.get(guide.get_url()).status_code == 200
    kept = [key for key in fragments._store if key[0].startswith(fragments.PART)]
    assert 1 <= len(kept) <= 2
