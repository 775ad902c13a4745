"""Reports → Notice emails: rounds: each round's sent, failed and pending emails."""

import pytest

from community.factories import UserFactory
from notices.models import NoticeEmail, NotificationRound, Subscription

pytestmark = pytest.mark.django_db


def test_email_rounds_show_sent_failed_and_pending(client, notice_index, make_notice):
    notice = make_notice("water", title="停水通知")
    NotificationRound.objects.filter(notice_key=notice.translation_key).delete()
    NotificationRound.objects.create(notice_key=notice.translation_key, number=1, total=3)
    for name, sent, failed in [("a", True, False), ("b", False, True), ("c", False, False)]:
        subscription = Subscription.objects.create(user=UserFactory(username=name))
        NoticeEmail.objects.create(
            subscription=subscription,
            notice_key=notice.translation_key,
            round=1,
            sent_at="2026-01-01T00:00:00Z" if sent else None,
            failed_at="2026-01-01T00:00:00Z" if failed else None,
        )
    client.force_login(UserFactory(username="mod", groups=["Moderators"]))
    response = client.get("/admin/reports/notice-emails/")
    assert response.status_code == 200
    rows = response.context["object_list"]
    assert [(r.notice_title, r.sent_count, r.failed_count, r.pending_count) for r in rows] == [
        ("停水通知", 1, 1, 1)
    ]
