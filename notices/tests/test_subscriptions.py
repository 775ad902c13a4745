"""Subscribing to notices, the emails a publication sends, and unsubscribing from them."""

import re
import smtplib

from django.core import mail, signing
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client

import pytest
from allauth.account.models import EmailAddress

from community.factories import UserFactory
from notices import services
from notices.emails import send_round, unsubscribe_token
from notices.models import NoticeEmail, NoticePage, NotificationRound, Subscription
from notices.tests.factories import (
    NoticeCategoryFactory,
    NoticeIndexPageFactory,
    NoticePageFactory,
    translate_category,
    translate_page,
)

pytestmark = pytest.mark.django_db
URL = "/notice-subscriptions/"
URL_EN = "/en/notice-subscriptions/"


class RefusingBackend(EmailBackend):
    """The outbox, except that the mail server refuses addresses at bounce.example."""

    def send_messages(self, messages):
        for message in messages:
            if any(address.endswith("@bounce.example") for address in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


@pytest.fixture
def index():
    index = NoticeIndexPageFactory()
    translate_page(index, title="Notices", intro="News from the committee.")
    return index


@pytest.fixture
def water():
    category = NoticeCategoryFactory(slug="water-power", name="停水停电")
    translate_category(category, name="Water and power cuts")
    return category


@pytest.fixture
def events():
    category = NoticeCategoryFactory(slug="events", name="社区活动")
    translate_category(category, name="Community events")
    return category


def resident(name: str, **kwargs):
    user = UserFactory(username=name, **kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def subscribers(water, events):
    """Who wants what: water in Chinese and in English, urgent only, events, and one who left."""
    return {
        "water_zh": services.subscribe(
            resident("water-zh"), categories=[water], urgent_only=False, language="zh-hans"
        ),
        "water_en": services.subscribe(
            resident("water-en"), categories=[water], urgent_only=False, language="en"
        ),
        "urgent": services.subscribe(
            resident("urgent"), categories=[], urgent_only=True, language="zh-hans"
        ),
        "events": services.subscribe(
            resident("events"), categories=[events], urgent_only=False, language="zh-hans"
        ),
        "stopped": _stopped(
            services.subscribe(
                resident("stopped"), categories=[water], urgent_only=False, language="zh-hans"
            )
        ),
    }


def _stopped(subscription):
    services.unsubscribe(subscription)
    return subscription


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def message_to(username: str):
    (message,) = [m for m in mail.outbox if m.to == [f"{username}@example.com"]]
    return message


def link_path(text: str, kind: str) -> str:
    """The path of the first link to ``kind`` (e.g. "unsubscribe") in an email's text."""
    match = re.search(r"https?://[^/\s]+(/\S*" + kind + r"\S*)", text)
    assert match, text
    return match.group(1)


def publish(notice_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice_page.save_revision().publish()


# -- subscribing --------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"
    response = client.get(URL_EN)
    assert response["Location"] == f"/en/accounts/login/?next={URL_EN}"


def test_subscribe_in_chinese(client, water, events):
    user = resident("wang")
    client.force_login(user)
    html = client.get(URL).content.decode()
    assert "停水停电" in html
    assert "社区活动" in html
    assert "Water and power cuts" not in html
    assert 'type="checkbox" name="categories"' in html
    assert 'name="urgent_only"' in html

    response = client.post(URL, {"categories": [water.pk]})
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=user)
    assert subscription.active
    assert subscription.language == "zh-hans"
    assert not subscription.urgent_only
    assert list(subscription.categories.all()) == [water]

    # The page shows the current state, with the saved choice ticked.
    html = client.get(URL).content.decode()
    assert re.search(rf'value="{water.pk}"[^>]*checked', html)
    assert not re.search(rf'value="{events.pk}"[^>]*checked', html)
    assert 'name="stop"' in html


def test_subscribe_in_english_stores_the_chinese_categories(client, water, events):
    user = resident("li")
    client.force_login(user)
    water_en = water.get_translation(translate_category(water).locale)
    html = client.get(URL_EN).content.decode()
    assert "Water and power cuts" in html
    assert "停水停电" not in html

    response = client.post(URL_EN, {"categories": [water_en.pk], "urgent_only": "on"})
    assert response["Location"] == URL_EN
    subscription = Subscription.objects.get(user=user)
    assert subscription.language == "en"
    assert subscription.urgent_only
    assert list(subscription.categories.all()) == [water]  # the Chinese row


def test_subscribing_to_nothing_is_refused_with_a_message(client, water):
    client.force_login(resident("zhao"))
    response = client.post(URL_EN, {})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Tick at least one category" in html
    assert not Subscription.objects.exists()


def test_stop_all_emails_button(client, water):
    user = resident("sun")
    subscription = services.subscribe(user, categories=[water], urgent_only=False, language="en")
    client.force_login(user)
    response = client.post(URL_EN, {"stop": "1"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert not subscription.active
    html = client.get(URL_EN).content.decode()
    assert "You have stopped all emails about notices." in html
    assert 'name="stop"' not in html


def test_my_portal_shows_the_subscription_and_links_to_it(client, water):
    user = resident("zhou")
    client.force_login(user)
    html = client.get("/en/accounts/me/").content.decode()
    assert "You do not receive emails about notices." in html
    assert f'href="{URL_EN}"' in html

    services.subscribe(user, categories=[water], urgent_only=False, language="en")
    html = client.get("/en/accounts/me/").content.decode()
    assert "<li>Water and power cuts</li>" in html


# -- emails on publication ----------------------------------------------------------------------


def test_first_publication_emails_the_category_subscribers(
    index, water, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = NoticePageFactory(parent=index, category=water, title="周一停水")
    assert recipients() == {"water-zh@example.com", "water-en@example.com"}
    assert NoticeEmail.objects.filter(notice_key=notice.translation_key, round=1).count() == 2
    assert not NoticeEmail.objects.filter(sent_at__isnull=True).exists()

    # No English translation: the English subscriber gets the Chinese notice, framed in English.
    english = message_to("water-en")
    assert english.subject == "New notice: 周一停水"
    assert "/notices/notice-" in english.body
    assert "/en/notices/" not in english.body


def test_urgent_notice_goes_to_every_active_subscriber(
    index, events, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        NoticePageFactory(parent=index, category=events, urgency="urgent", title="燃气泄漏")
    assert recipients() == {
        "water-zh@example.com",
        "water-en@example.com",
        "urgent@example.com",
        "events@example.com",
    }
    assert "燃气泄漏" in message_to("urgent").subject


def test_email_is_in_the_subscribers_language(
    index, water, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = NoticePageFactory(
            parent=index, category=water, title="周一停水", slug="water-monday"
        )
        translate_page(notice, title="Water off on Monday", summary="No water from 9 to 12.")

    english = message_to("water-en")
    assert english.subject == "New notice: Water off on Monday"
    assert "No water from 9 to 12." in english.body
    assert "Water and power cuts" in english.body
    assert link_path(english.body, "notices/water") == "/en/notices/water-monday/"
    assert link_path(english.body, "unsubscribe").startswith("/en/notice-subscriptions/")
    html, mimetype = english.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    assert "Water off on Monday" in html

    chinese = message_to("water-zh")
    assert "周一停水" in chinese.subject
    assert "停水停电" in chinese.body
    assert link_path(chinese.body, "notices/water") == "/notices/water-monday/"
    assert link_path(chinese.body, "unsubscribe").startswith("/notice-subscriptions/")


def test_later_edits_send_nothing_unless_notify_again_is_ticked(
    index, water, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = NoticePageFactory(parent=index, category=water, title="周一停水")
    assert len(mail.outbox) == 2

    notice.summary = "改为周二停水。"
    publish(notice, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert NotificationRound.objects.filter(notice_key=notice.translation_key).count() == 1

    notice.title = "周二停水"
    notice.notify_again = True
    publish(notice, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4
    assert {m.subject for m in mail.outbox[2:]} == {
        "Updated notice: 周二停水",
        "通知更新：周二停水",
    }
    assert not NoticePage.objects.get(pk=notice.pk).notify_again  # a one-off request

    # The box was cleared: the next edit is quiet again.
    notice = NoticePage.objects.get(pk=notice.pk)
    notice.summary = "周二停水，时间不变。"
    publish(notice, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4


def test_a_retried_round_sends_nothing_twice(
    index, water, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = NoticePageFactory(parent=index, category=water)
    assert len(mail.outbox) == 2
    assert send_round(str(notice.translation_key), 1) == 0
    assert len(mail.outbox) == 2


def test_a_refused_address_does_not_stop_the_others(
    index, water, settings, django_capture_on_commit_callbacks
):
    # Subscribers are emailed in the order they subscribed: the refused one comes first.
    bounced = services.subscribe(
        UserFactory(username="gone", email="gone@bounce.example"),
        categories=[water],
        urgent_only=False,
        language="zh-hans",
    )
    for name in ["first", "second"]:
        services.subscribe(resident(name), categories=[water], urgent_only=False, language="en")
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notice = NoticePageFactory(parent=index, category=water)
    assert recipients() == {"first@example.com", "second@example.com"}
    row = NoticeEmail.objects.get(subscription=bounced, notice_key=notice.translation_key)
    assert row.sent_at is None

    # The mail server accepts it later: a retry sends that one email only.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_round(str(notice.translation_key), 1) == 1
    assert len(mail.outbox) == 3
    assert mail.outbox[-1].to == ["gone@bounce.example"]
    row.refresh_from_db()
    assert row.sent_at is not None


# -- unsubscribing ------------------------------------------------------------------------------


@pytest.fixture
def emailed(index, water, subscribers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        NoticePageFactory(parent=index, category=water)
    return subscribers


def test_every_email_has_one_click_unsubscribe_headers(emailed):
    from wagtail.models import Site

    root_url = Site.objects.get(is_default_site=True).root_url
    for message in mail.outbox:
        link = link_path(message.body, "unsubscribe")
        assert message.extra_headers["List-Unsubscribe"] == f"<{root_url}{link}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in message.alternatives[0][0]


def test_unsubscribe_link_asks_first_then_unsubscribes_without_sign_in(client, emailed):
    path = link_path(message_to("water-en").body, "unsubscribe")
    subscription = emailed["water_en"]

    assert client.head(path).status_code == 200  # link checkers: nothing changes
    response = client.get(path)  # what a mail scanner does: it must change nothing
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="post"' in html
    assert "Unsubscribe</button>" in html
    assert "w***@example.com" in html
    subscription.refresh_from_db()
    assert subscription.active

    response = client.post(path)
    assert response.status_code == 200
    assert "You have unsubscribed." in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.active
    assert Subscription.objects.filter(active=True).count() == 3  # the others stay


def test_one_click_post_from_a_mail_client(emailed):
    path = link_path(message_to("water-zh").body, "unsubscribe")
    client = Client(enforce_csrf_checks=True)  # mail clients send no CSRF token
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription = emailed["water_zh"]
    subscription.refresh_from_db()
    assert not subscription.active
    # Asking twice is fine.
    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200


def test_unsubscribed_residents_get_no_more_emails(
    client, emailed, index, water, django_capture_on_commit_callbacks
):
    client.post(link_path(message_to("water-en").body, "unsubscribe"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        NoticePageFactory(parent=index, category=water)
    assert recipients() == {"water-zh@example.com"}


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="tampered"),
        pytest.param(lambda token: token[: len(token) // 2], id="cut-short"),
        pytest.param(lambda token: signing.dumps({"s": 1, "u": 1}, salt="other"), id="other-salt"),
        pytest.param(lambda token: "not-a-token", id="garbage"),
    ],
)
def test_a_bad_token_gets_a_clear_message_and_400(client, emailed, make_token):
    token = make_token(unsubscribe_token(emailed["water_en"]))
    response = client.get(f"{URL_EN}unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This unsubscribe link is not valid." in response.content.decode()
    response = client.post(f"{URL}unsubscribe/{token}/")
    assert response.status_code == 400
    assert '<html lang="zh-hans"' in response.content.decode()
    assert Subscription.objects.filter(active=True).count() == 4


def test_token_of_a_deleted_account_unsubscribes_nothing_and_says_so(client, emailed):
    subscription = emailed["events"]
    token = unsubscribe_token(subscription)
    subscription.user.delete()
    response = client.post(f"{URL_EN}unsubscribe/{token}/")
    assert response.status_code == 200
    assert "You have unsubscribed." in response.content.decode()
    response = client.get(f"{URL_EN}unsubscribe/{token}/")
    assert "there is nothing to stop" in response.content.decode()


def test_targeted_notice_emails_only_subscribers_living_there(
    index, water, subscribers, django_capture_on_commit_callbacks
):
    from community.factories import BuildingFactory, HouseholdFactory, ResidencyFactory

    building = BuildingFactory()
    household = HouseholdFactory(building=building)
    ResidencyFactory(user=subscribers["water_zh"].user, household=household, confirmed=True)
    # The English subscriber asked to join the same household but is not verified yet.
    ResidencyFactory(user=subscribers["water_en"].user, household=household)

    notice = NoticePageFactory(parent=index, category=water, title="3号楼停水", publish=False)
    notice.audience = "targeted"
    notice.buildings.set([building])
    publish(notice, django_capture_on_commit_callbacks)
    assert recipients() == {"water-zh@example.com"}


def test_a_scheduled_notice_emails_its_subscribers_when_it_goes_live(
    index, water, subscribers, django_capture_on_commit_callbacks
):
    """Scheduling publishes a revision with a future go-live time: nobody is told yet, because
    the notice is not there to read. The scheduler's publication later sends the round."""
    import datetime
    import time

    from django.core.management import call_command
    from django.utils import timezone

    notice = NoticePageFactory(parent=index, category=water, title="下周停水", publish=False)
    go_live = timezone.now() + datetime.timedelta(seconds=8)
    notice.go_live_at = go_live
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
    notice.refresh_from_db()
    assert not notice.live
    assert mail.outbox == []
    assert not NotificationRound.objects.filter(notice_key=notice.translation_key).exists()

    # The scheduled time passes; the scheduler (cron) runs.
    time.sleep(max(0.0, (go_live - timezone.now()).total_seconds()) + 0.5)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    notice.refresh_from_db()
    assert notice.live
    assert recipients() == {"water-zh@example.com", "water-en@example.com"}
    assert NotificationRound.objects.filter(notice_key=notice.translation_key).count() == 1
