"""Consultations: comments on sections during the open period, moderation, response, export."""

import datetime

from django.utils import timezone

import pytest

from community.factories import UserFactory
from polls import builders, services
from polls.models import CommentStatus, ConsultationPage, PollEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def commenter():
    return UserFactory(username="commenter")


def test_pre_moderated_comment_waits_for_an_official(client, commenter, official):
    page = builders.make_consultation(moderation="pre")
    section = page.sections.first()
    client.force_login(commenter)
    response = client.post(page.url, {"section": section.pk, "body": "建议夜间也收费。"})
    assert response.status_code == 302
    comment = page.comments.get()
    assert comment.status == CommentStatus.PENDING
    assert "建议夜间也收费" not in client.get(page.url).content.decode()
    services.moderate_comment(official, comment, publish=True)
    assert "建议夜间也收费" in client.get(page.url).content.decode()
    assert PollEvent.objects.filter(action="comment_approved").count() == 1


def test_post_moderated_comment_appears_at_once(commenter):
    page = builders.make_consultation(moderation="post")
    comment = services.post_comment(commenter, page, page.sections.first(), "同意。")
    assert comment.status == CommentStatus.PUBLISHED


def test_comments_only_while_open_and_signed_in(client, commenter):
    now = timezone.now()
    closed = builders.make_consultation(
        opens_at=now - datetime.timedelta(days=9), closes_at=now - datetime.timedelta(days=1)
    )
    with pytest.raises(services.ActionRefused):
        services.post_comment(commenter, closed, closed.sections.first(), "晚了")
    response = client.post(closed.url, {"section": closed.sections.first().pk, "body": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    other = builders.make_consultation()
    with pytest.raises(services.ActionRefused):
        services.post_comment(commenter, other, closed.sections.first(), "别的草案")
    assert not closed.comments.exists() and not other.comments.exists()


def test_residents_cannot_moderate_or_respond(commenter):
    page = builders.make_consultation(moderation="pre")
    comment = services.post_comment(commenter, page, page.sections.first(), "意见")
    with pytest.raises(services.ActionRefused):
        services.moderate_comment(commenter, comment, publish=True)
    with pytest.raises(services.ActionRefused):
        services.publish_response(commenter, page, "<p>x</p>")


def test_response_after_closing_survives_republishing(official):
    now = timezone.now()
    page = builders.make_consultation()
    with pytest.raises(services.ActionRefused):
        services.publish_response(official, page, "<p>太早</p>")
    ConsultationPage.objects.filter(pk=page.pk).update(closes_at=now - datetime.timedelta(hours=1))
    page = services.publish_response(official, page, "<p>第二条已修改。</p>")
    assert page.response_published_at
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.response == "<p>第二条已修改。</p>"


def test_officials_export_comments_as_csv(client, commenter, official):
    page = builders.make_consultation(moderation="pre")
    services.post_comment(commenter, page, page.sections.first(), "=HYPERLINK(1)")
    client.force_login(commenter)
    assert client.get(page.url + "comments/csv/").status_code == 403
    client.force_login(official)
    response = client.get(page.url + "comments/csv/")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "第一条 适用范围" in text and "'=HYPERLINK(1)" in text


def test_official_records_an_offline_ballot_through_the_form(client, official, household):
    poll = builders.make_poll()
    question = poll.get_questions()[0]
    client.force_login(official)
    assert client.get(poll.url + "record/").status_code == 200
    data = {
        "household_code": household.code,
        "channel": "visit",
        f"q{question.pk}": question.options.first().pk,
    }
    response = client.post(poll.url + "record/", data)
    assert response.status_code == 302
    response = client.post(poll.url + "record/", data)
    assert response.status_code == 400
    assert (
        "您家已经在本次投票中投过票" in response.content.decode()
        or "已经" in response.content.decode()
    )
    assert poll.participations.get().channel == "visit"
