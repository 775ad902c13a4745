"""make_volume_data: real pages in a sound tree, translated, searchable, topped up not repeated."""

import io
import json

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Locale, Page

import pytest

from bench import volume
from complaints.models import Complaint, ComplaintEvent
from notices.models import NoticePage
from services.models import ServiceCategory, ServiceDepartment, ServiceGuidePage, ServiceIndexPage


@pytest.fixture
def guide_index(home_page):
    zh = Locale.objects.get(language_code="zh-hans")
    index = ServiceIndexPage(title="办事指南", slug="services")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    ServiceDepartment.objects.create(name="民政", slug="civil-affairs", locale=zh)
    ServiceCategory.objects.create(name="社会救助", slug="assistance", locale=zh)
    return index


def make(**counts) -> str:
    out = io.StringIO()
    arguments = [f"--{name}={count}" for name, count in counts.items()]
    call_command("make_volume_data", *arguments, stdout=out)
    return out.getvalue()


def test_notices_are_live_pages_in_a_sound_tree_with_translations(client, home_page):
    make(notices=30)
    zh = NoticePage.objects.filter(slug__startswith="vol-", locale__language_code="zh-hans")
    en = NoticePage.objects.filter(slug__startswith="vol-", locale__language_code="en")
    assert zh.count() == 30
    assert zh.filter(live=True).count() == 30
    assert 0 < en.count() <= 30
    assert set(en.values_list("translation_key", flat=True)) <= set(
        zh.values_list("translation_key", flat=True)
    )
    assert Page.find_problems() == ([], [], [], [], [])
    notice = zh.order_by("pk").first()
    response = client.get(notice.get_url())
    assert response.status_code == 200
    assert notice.title in response.content.decode()
    english = en.order_by("pk").first()
    assert client.get(english.get_url()).status_code == 200
    assert english.get_url().startswith("/en/")


def test_volume_notices_are_found_by_search(client, home_page):
    make(notices=20)
    response = client.get("/search/", {"q": "停水"})
    assert response.status_code == 200
    assert "/notices/vol-" in response.content.decode()


def test_a_second_run_tops_up_instead_of_repeating(home_page):
    make(notices=10, complaints=10)
    make(notices=25, complaints=10)
    assert (
        NoticePage.objects.filter(slug__startswith="vol-", locale__language_code="zh-hans").count()
        == 25
    )
    assert Complaint.objects.filter(subject__startswith="[vol] ").count() == 10
    assert "notices: 0 added" in make(notices=25)


def test_guides_under_the_index_with_unique_codes(client, guide_index):
    make(guides=40)
    guides = ServiceGuidePage.objects.filter(slug__startswith="vol-")
    assert guides.count() == 40
    assert len(set(guides.values_list("code", flat=True))) == 40
    guide = guides.order_by("pk").first()
    assert guide.get_parent().pk == guide_index.pk
    assert guide.materials  # the checklist of the demo guide it was made from
    response = client.get(guide.get_url())
    assert response.status_code == 200


def test_complaints_have_tracking_numbers_and_a_submission_event(db):
    make(complaints=50)
    complaints = Complaint.objects.filter(subject__startswith="[vol] ")
    assert complaints.count() == 50
    assert len(set(complaints.values_list("number", flat=True))) == 50
    assert ComplaintEvent.objects.filter(complaint__in=complaints, action="submit").count() == 50
    assert complaints.filter(status="closed").exists()
    assert complaints.exclude(status="closed").exists()


def test_kinds_of_apps_not_installed_say_so(db):
    # Not a real app's kind: polls and disclosures make theirs once installed.
    volume.register_kind("widgets", app="widgets", help="widgets of an app not installed")
    try:
        with pytest.raises(CommandError, match="the widgets app is not installed"):
            make(widgets=5)
    finally:
        volume._kinds.pop("widgets")


def test_nothing_asked_is_an_error(db):
    with pytest.raises(CommandError, match="Say how many"):
        call_command("make_volume_data", stdout=io.StringIO())


def test_bench_plan_lists_targets_with_query_counts(home_page):
    make(notices=5)
    out = io.StringIO()
    call_command("bench_plan", "--only=home,notice_detail", stdout=out)
    plan = {target["name"]: target for target in json.loads(out.getvalue())}
    assert set(plan) == {"home", "notice_detail"}
    assert plan["home"]["requests"][0]["path"] == "/"
    assert plan["home"]["queries"] > 0
    assert plan["notice_detail"]["requests"][0]["path"].startswith("/notices/vol-")
