import io

from django.core import mail

import pytest

from conftest import load_demo
from education.models import (
    ArticlePage,
    ChannelPage,
    CoursePage,
    EducationIndexPage,
    Enrolment,
    RegulationPage,
)

pytestmark = pytest.mark.django_db


def test_demo_content_is_complete_and_idempotent(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo("accounts", "education")
    zh = {"locale__language_code": "zh-hans"}
    assert EducationIndexPage.objects.filter(**zh).count() == 1
    channels = ChannelPage.objects.filter(**zh)
    assert sorted(channels.values_list("kind", flat=True)) == sorted(
        ["teachers", "students", "regulations", "school", "family"]
    )
    for channel in channels:
        assert ArticlePage.objects.child_of(channel).exists(), channel.title
    assert RegulationPage.objects.filter(**zh).count() == 5
    assert CoursePage.objects.filter(**zh).count() == 5
    full = CoursePage.objects.get(slug="smartphone-basics", **zh)
    assert Enrolment.objects.enrolled().filter(course=full).count() == full.capacity
    assert Enrolment.objects.waiting().filter(course=full).count() == 2
    assert RegulationPage.objects.filter(locale__language_code="en").count() == 5
    assert mail.outbox  # enrolment confirmations went out

    counts = (ArticlePage.objects.count(), Enrolment.objects.count())
    from education import demo

    demo.load(io.StringIO())
    assert (ArticlePage.objects.count(), Enrolment.objects.count()) == counts

    html = client.get("/en/education/school/").content.decode()
    assert "Smartphones for older residents" in html
    assert "Full: waiting list open" in html
