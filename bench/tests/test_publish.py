"""The publish target: a moderator's real publish of a never-published notice to N subscribers."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client

import pytest

from bench import publish
from notices.models import NoticeEmail, NoticePage, NotificationRound, Subscription


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user(
        username="moderator", email=publish.MODERATOR, password="x-long-password-1"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def make(subscribers: int) -> None:
    call_command("make_volume_data", f"--subscribers={subscribers}", stdout=io.StringIO())


def test_each_request_is_a_first_publication_to_every_subscriber(
    home_page, moderator, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(publish, "DRAFTS", 4)
    make(12)
    assert (
        Subscription.objects.filter(user__email__endswith=publish.SUBSCRIBER_DOMAIN).count() == 12
    )
    drafts = NoticePage.objects.filter(slug__startswith=publish.DRAFT_SLUG)
    assert drafts.count() == 4 and not drafts.filter(live=True).exists()

    requests = publish.publish_requests()
    assert len(requests) == 4 and all(request.once for request in requests)
    first = requests[0]
    client = Client()
    client.cookies.load(first.cookie)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(first.path, first.form)
    # The harness counts a success only when the answer is exactly this redirect.
    assert response.status_code == 302
    assert response["Location"] == first.redirect
    published = drafts.filter(live=True)
    assert published.count() == 1
    key = published.get().translation_key
    notification_round = NotificationRound.objects.get(notice_key=key)
    assert notification_round.number == 1
    # The test settings run tasks at once: the round really went to the 12 subscribers.
    assert NoticeEmail.objects.filter(notice_key=key, sent_at__isnull=False).count() == 12
    assert len(mail.outbox) == 12


def test_a_later_run_turns_its_publications_back_into_drafts(home_page, moderator, monkeypatch):
    monkeypatch.setattr(publish, "DRAFTS", 3)
    make(5)
    request = publish.publish_requests()[0]
    client = Client()
    client.cookies.load(request.cookie)
    assert client.post(request.path, request.form).status_code == 302

    make(5)
    drafts = NoticePage.objects.filter(slug__startswith=publish.DRAFT_SLUG)
    assert drafts.count() == 3 and not drafts.filter(live=True).exists()
    assert not NotificationRound.objects.filter(
        notice_key__in=drafts.values("translation_key")
    ).exists()
    assert get_user_model().objects.filter(email__startswith="subscriber-").count() == 5
    # Topping up skips the numbers in use, wherever the gaps are.
    get_user_model().objects.get(email=publish.SUBSCRIBER_EMAIL.format(number=2)).delete()
    make(6)
    assert get_user_model().objects.filter(email__startswith="subscriber-").count() == 6
    # Published again, it is a first publication again: a new round to every subscriber.
    request = publish.publish_requests()[0]
    assert client.post(request.path, request.form).status_code == 302
    assert (
        NotificationRound.objects.filter(
            notice_key__in=drafts.filter(live=True).values("translation_key")
        ).count()
        == 1
    )


def test_without_drafts_the_target_says_what_to_run(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--subscribers"):
        publish.publish_requests()
