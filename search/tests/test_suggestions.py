"""Search suggestions ("居民常搜") publish only what many visitors searched and nobody's personal
data; editors approve or hide; the report exports redact personal data (portal/privacy.py)."""

import csv
import io

from django.contrib.auth.models import Group
from django.test import Client, override_settings

import pytest

from accounts.models import User
from search.models import QueryVisitor, SuggestionDecision, SuggestionRule, log_query
from search.suggestions import popular_searches

pytestmark = pytest.mark.django_db
PERSONAL = "王小明 13912345678 停水"


def searched(query: str, visitors: int, *, times: int = 1, found: int = 3) -> None:
    for number in range(visitors):
        for _ in range(times):
            log_query(query, "zh-hans", found, visitor=f"10.0.0.{number + 1}")


def test_one_visitor_searching_many_times_suggests_nothing():
    searched(PERSONAL, visitors=1, times=3)
    searched("低保", visitors=1, times=40)
    assert popular_searches("zh-hans") == []


def test_five_different_visitors_make_a_suggestion_four_do_not():
    searched("低保", visitors=5)
    searched("居住证", visitors=4, times=5)
    assert popular_searches("zh-hans") == ["低保"]


@override_settings(SEARCH_SUGGESTION_MIN_VISITORS=2)
def test_the_minimum_is_a_setting():
    searched("居住证", visitors=2)
    assert popular_searches("zh-hans") == ["居住证"]


def test_personal_data_is_never_suggested_however_many_searched_it():
    searched(PERSONAL, visitors=8)
    searched("京A12345 乱停车", visitors=8)
    searched("停水", visitors=5)
    assert popular_searches("zh-hans") == ["停水"]


def test_editors_approve_or_hide_suggestions():
    searched("社区医院 电话 010-62345678", visitors=2)
    searched("低保", visitors=6)
    searched("停水", visitors=5)
    SuggestionRule.objects.create(
        query="社区医院 电话 010-62345678", decision=SuggestionDecision.APPROVED
    )
    SuggestionRule.objects.create(query="低保", decision=SuggestionDecision.HIDDEN)
    assert popular_searches("zh-hans") == ["停水", "社区医院 电话 010-62345678"]


def test_queries_that_found_nothing_are_not_suggested():
    searched("宇宙飞船", visitors=6, found=0)
    assert popular_searches("zh-hans") == []


def test_visitors_are_stored_as_digests_that_differ_per_query():
    searched("低保", visitors=1, times=3)
    searched("停水", visitors=1)
    rows = list(QueryVisitor.objects.order_by("query"))
    assert len(rows) == 2  # one visitor, one row per query however often
    assert rows[0].visitor != rows[1].visitor
    assert all("10.0.0" not in row.visitor for row in rows)


def test_the_search_page_counts_visitors_by_address(client, portal_pages):
    for number in range(5):
        Client(REMOTE_ADDR=f"192.0.2.{number}").get("/search/", {"q": "低保"})
    Client(REMOTE_ADDR="192.0.2.99").get("/search/", {"q": PERSONAL})
    html = client.get("/search/", {"q": "宇宙飞船"}).content.decode()
    assert "低保" in html.split("search-popular")[1]
    assert "13912345678" not in html


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", "editor@example.org", "pw-123456789")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_reports_and_their_exports_redact_personal_data(client, editor):
    searched(PERSONAL, visitors=1)
    searched("低保", visitors=1)
    client.force_login(editor)
    html = client.get("/admin/reports/search-frequent-queries/").content.decode()
    assert "13912345678" not in html and "王小明 […] 停水" in html
    for fmt in ("csv", "xlsx"):
        response = client.get("/admin/reports/search-frequent-queries/", {"export": fmt})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
            assert ["王小明 […] 停水", "zh-hans", "1", "0"] in rows
        else:
            import openpyxl

            sheet = openpyxl.load_workbook(io.BytesIO(body)).active
            assert "王小明 […] 停水" in [row[0].value for row in sheet.iter_rows(min_row=2)]
        assert b"13912345678" not in body


def test_editors_manage_suggestion_rules_in_the_admin(client, editor):
    client.force_login(editor)
    response = client.get("/admin/snippets/portal_search/suggestionrule/")
    assert response.status_code == 200
    response = client.post(
        "/admin/snippets/portal_search/suggestionrule/add/",
        {"language": "zh-hans", "query": " 王小明  停水 ", "decision": "hidden", "note": ""},
    )
    assert response.status_code == 302
    assert SuggestionRule.objects.get().query == "王小明 停水"
