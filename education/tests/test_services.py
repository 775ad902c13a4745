"""Enrolment, the waiting list, cancellation, promotion, and the emails they send."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

import pytest

from education import services
from education.builders import make_course
from education.models import Enrolment, EnrolmentEvent, EnrolmentStatus, SessionReminder
from portal.demo_tools import publish_translation

pytestmark = pytest.mark.django_db


def enrol(user, course, **kwargs):
    return services.enrol(user, course, **kwargs)


def test_enrol_gives_a_place_and_emails_in_the_residents_language(
    course, residents, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrol(residents[0], course, language="zh-hans")
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert EnrolmentEvent.objects.get(enrolment=enrolment).action == "enrolled"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [residents[0].email]
    assert "书法入门" in mail.outbox[0].subject
    assert "报名成功" in mail.outbox[0].subject


def test_english_enrolment_is_kept_on_the_source_course_and_emailed_in_english(
    course, residents, django_capture_on_commit_callbacks
):
    english = publish_translation(course, {"书法入门": "Calligraphy for beginners"})
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrol(residents[0], english, language="en")
    assert enrolment.course_id == course.pk
    assert mail.outbox[0].subject == "You are enrolled: Calligraphy for beginners"
    assert "/en/" in mail.outbox[0].body


def test_enrolling_twice_is_refused_with_a_clear_message(course, residents):
    enrol(residents[0], course)
    with translation.override("zh-hans"), pytest.raises(services.EnrolmentError) as error:
        enrol(residents[0], course)
    assert error.value.code == "already"
    assert "已报名" in str(error.value)
    assert Enrolment.objects.count() == 1


def test_a_full_course_refuses_without_the_waiting_list(course, residents):
    enrol(residents[0], course)
    enrol(residents[1], course)
    with translation.override("en"), pytest.raises(services.EnrolmentError) as error:
        enrol(residents[2], course)
    assert error.value.code == "full"
    assert "waiting list" in str(error.value)
    assert Enrolment.objects.enrolled().count() == 2
    assert not Enrolment.objects.filter(user=residents[2]).exists()


def test_a_full_course_takes_a_waiting_list_in_order(course, residents):
    enrol(residents[0], course)
    enrol(residents[1], course)
    first = enrol(residents[2], course, join_waiting_list=True)
    second = enrol(residents[3], course, join_waiting_list=True)
    assert first.status == second.status == EnrolmentStatus.WAITING
    assert (first.waiting_position(), second.waiting_position()) == (1, 2)
    with pytest.raises(services.EnrolmentError) as error:
        enrol(residents[2], course, join_waiting_list=True)
    assert error.value.code == "already_waiting"


def test_cancelling_promotes_the_first_on_the_waiting_list_and_emails_them(
    course, residents, django_capture_on_commit_callbacks
):
    enrol(residents[0], course)
    enrol(residents[1], course)
    enrol(residents[2], course, join_waiting_list=True, language="en")
    enrol(residents[3], course, join_waiting_list=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(residents[0], course)
    statuses = dict(Enrolment.objects.values_list("user__username", "status"))
    assert statuses == {
        "resident0": "cancelled",
        "resident1": "enrolled",
        "resident2": "enrolled",
        "resident3": "waiting",
    }
    promoted = Enrolment.objects.get(user=residents[2])
    assert promoted.promoted_at is not None
    assert EnrolmentEvent.objects.filter(enrolment=promoted, action="promoted").exists()
    assert [message.to for message in mail.outbox] == [[residents[2].email]]
    assert mail.outbox[0].subject.startswith("A place came free for you")


def test_leaving_the_waiting_list_promotes_nobody(course, residents):
    enrol(residents[0], course)
    enrol(residents[1], course)
    enrol(residents[2], course, join_waiting_list=True)
    enrol(residents[3], course, join_waiting_list=True)
    services.cancel(residents[2], course)
    assert Enrolment.objects.get(user=residents[3]).status == EnrolmentStatus.WAITING
    assert Enrolment.objects.enrolled().count() == 2


def test_cancel_without_enrolment_and_enrol_again_after_cancelling(course, residents):
    with translation.override("zh-hans"), pytest.raises(services.EnrolmentError) as error:
        services.cancel(residents[0], course)
    assert error.value.code == "not_enrolled"
    enrol(residents[0], course)
    services.cancel(residents[0], course)
    again = enrol(residents[0], course)
    assert again.status == EnrolmentStatus.ENROLLED
    assert Enrolment.objects.filter(user=residents[0]).count() == 2


def test_enrolment_window_is_enforced(school, residents):
    later = make_course(school, "太极拳", slug="tai-chi", opens_days=2, closes_days=9)
    over = make_course(school, "家长课堂", slug="parents", opens_days=-9, closes_days=-1)
    with translation.override("en"), pytest.raises(services.EnrolmentError) as error:
        enrol(residents[0], later)
    assert error.value.code == "not_open"
    assert "opens on" in str(error.value)
    with translation.override("zh-hans"), pytest.raises(services.EnrolmentError) as error:
        enrol(residents[0], over)
    assert error.value.code == "closed"
    assert "截止" in str(error.value)
    assert not Enrolment.objects.exists()


def test_raising_the_capacity_fills_from_the_waiting_list(course, residents):
    for resident in residents[:4]:
        enrol(resident, course, join_waiting_list=True)
    course.capacity = 3
    course.save_revision().publish()  # publishing fills the new place from the waiting list
    assert Enrolment.objects.get(user=residents[2]).status == EnrolmentStatus.ENROLLED
    assert Enrolment.objects.enrolled().count() == 3
    assert services.promote_waiting(course) == []


def _course_tomorrow(school, slug="tomorrow"):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return make_course(
        school,
        "智能手机使用",
        slug=slug,
        sessions=[
            (tomorrow, (14, 0), (15, 30)),
            (tomorrow + datetime.timedelta(days=7), (14, 0), (15, 30)),
        ],
    )


def test_reminders_go_once_per_session_and_person(school, residents):
    course = _course_tomorrow(school)
    enrol(residents[0], course, language="en")
    enrol(residents[1], course)
    services.cancel(residents[1], course)
    mail.outbox.clear()
    assert services.send_session_reminders() == 1
    assert mail.outbox[0].to == [residents[0].email]
    assert mail.outbox[0].subject == "Tomorrow: 智能手机使用"
    assert "14:00" in mail.outbox[0].body
    assert services.send_session_reminders() == 0
    assert len(mail.outbox) == 1
    assert SessionReminder.objects.count() == 1


def test_reminder_command_and_task(school, residents):
    from education.tasks import send_session_reminders

    course = _course_tomorrow(school)
    enrol(residents[0], course)
    mail.outbox.clear()
    call_command("education_reminders")
    assert len(mail.outbox) == 1
    assert "明天" in mail.outbox[0].subject
    result = send_session_reminders.enqueue()
    assert result.return_value == 0
    # A week later the second session is tomorrow.
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    call_command("education_reminders", today=next_week.isoformat())
    assert len(mail.outbox) == 2


def test_anonymous_cannot_enrol(course):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(services.EnrolmentError) as error:
        enrol(AnonymousUser(), course)
    assert error.value.code == "anonymous"
