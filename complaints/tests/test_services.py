"""Every transition, its role check, audit entry and notification; tracking numbers; secrets."""

import re

from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

import pytest

from community.factories import UserFactory
from complaints import builders, services
from complaints.models import (
    Channel,
    Complaint,
    ComplaintEvent,
    RatingValue,
    Status,
    TrackingCounter,
)


@pytest.fixture
def notify(django_capture_on_commit_callbacks):
    """Run the notifications that follow each commit, as the real request cycle does."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def statuses(complaint):
    return list(complaint.events.values_list("action", "from_status", "to_status"))


# -- submission ---------------------------------------------------------------------------------


def test_tracking_number_format_and_sequence(building):
    first = builders.submit(building=building).complaint
    second = builders.submit(building=building).complaint
    year = timezone.localtime().year
    assert re.fullmatch(rf"TS-{year}-\d{{6}}", first.number)
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1
    assert TrackingCounter.objects.get(year=year).last == int(second.number[-6:])


def test_submit_records_deadline_grid_and_event(submission, building):
    complaint = submission.complaint
    assert submission.created
    assert complaint.status == Status.SUBMITTED
    assert complaint.grid == building.grid
    assert complaint.deadline > complaint.submitted_at
    assert statuses(complaint) == [("submit", "", "submitted")]


def test_secret_is_stored_hashed_and_checked(submission):
    complaint = submission.complaint
    assert submission.secret not in complaint.secret_hash
    assert services.find_tracked(complaint.number, submission.secret) == complaint
    assert services.find_tracked(complaint.number.lower(), submission.secret) == complaint
    assert services.find_tracked(complaint.number, "wrong") is None
    assert services.find_tracked("TS-1999-000001", submission.secret) is None


def test_same_key_returns_the_first_complaint(building):
    key = services.new_submission_key()
    first = builders.submit(building=building, submission_key=key)
    again = builders.submit(building=building, submission_key=key, subject="changed")
    assert again.complaint == first.complaint
    assert not again.created
    assert again.secret == first.secret
    assert Complaint.objects.count() == 1


def test_confirmation_email_in_the_residents_language(building, notify):
    submission = notify(builders.submit, building=building, language="en")
    [message] = mail.outbox
    assert submission.complaint.number in message.subject
    assert "has been received" in message.subject
    assert f"/en/complaints/t/{submission.complaint.number}/{submission.secret}/" in message.body


def test_english_category_is_stored_as_the_chinese_one(building):
    complaint = builders.submit(
        building=building, category=builders.category("legal", "en")
    ).complaint
    assert complaint.category == builders.category("legal")


def test_staff_intake_through_the_same_function(intake, grid_worker, resident):
    complaint = builders.submit(
        channel=Channel.HOTLINE, entered_by=intake, anonymous=True
    ).complaint
    assert complaint.channel == Channel.HOTLINE
    assert complaint.entered_by == intake
    assert complaint.contact_name == ""
    with pytest.raises(PermissionDenied):
        builders.submit(channel=Channel.WINDOW, entered_by=resident)
    with pytest.raises(PermissionDenied):
        builders.submit(channel=Channel.HOTLINE)


# -- the workflow -------------------------------------------------------------------------------


def test_full_happy_path_for_a_grid_category(complaint, grid_worker, notify):
    notify(services.accept, complaint, grid_worker)
    complaint.refresh_from_db()
    # Accepting routes a grid category to the grid worker of the location.
    assert complaint.status == Status.ASSIGNED
    assert complaint.assignee == grid_worker
    notify(services.start, complaint, grid_worker)
    reply = notify(services.answer, complaint, grid_worker, body="已更换灯泡。")
    assert reply.public
    notify(services.close, complaint, grid_worker)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.closed_at is not None
    assert statuses(complaint) == [
        ("submit", "", "submitted"),
        ("accept", "submitted", "accepted"),
        ("assign", "accepted", "assigned"),
        ("start", "assigned", "in_progress"),
        ("answer", "in_progress", "answered"),
        ("close", "answered", "closed"),
    ]
    assert all(event.actor == grid_worker for event in complaint.events.exclude(action="submit"))
    # One email per public step, each naming the new status.
    assert len(mail.outbox) == 5
    assert "已更换灯泡。" in mail.outbox[3].body


def test_department_category_goes_to_the_department(building, legal_aid_official, grid_worker):
    complaint = builders.submit(building=building, category_slug="legal").complaint
    services.accept(complaint, legal_aid_official)
    complaint.refresh_from_db()
    assert complaint.status == Status.ACCEPTED
    assert complaint.department == builders.department("Legal aid")
    services.assign(complaint, legal_aid_official, assignee=legal_aid_official)
    complaint.refresh_from_db()
    assert complaint.status == Status.ASSIGNED


def test_reject_needs_a_reason_and_is_public(complaint, grid_worker, notify):
    with pytest.raises(ValueError):
        services.reject(complaint, grid_worker, reason="  ")
    notify(services.reject, complaint, grid_worker, reason="不属于社区职责范围。")
    complaint.refresh_from_db()
    assert complaint.status == Status.REJECTED
    event = complaint.events.last()
    assert event.public and event.note == "不属于社区职责范围。"
    assert "不属于社区职责范围。" in mail.outbox[-1].body


def test_transfer_to_a_department_which_accepts(complaint, grid_worker, legal_aid_official):
    legal_aid = builders.department("Legal aid")
    assert not services.can_handle(legal_aid_official, complaint)
    services.transfer(complaint, grid_worker, department=legal_aid, note="转法律援助。")
    complaint.refresh_from_db()
    assert complaint.status == Status.TRANSFERRED
    assert complaint.department == legal_aid
    assert services.can_handle(legal_aid_official, complaint)
    services.accept(complaint, legal_aid_official)
    complaint.refresh_from_db()
    # Transferred away from the grid: stays with the department, not the grid worker.
    assert complaint.status == Status.ACCEPTED
    assert complaint.assignee is None


def test_reassign_to_another_official(complaint, grid_worker, other_worker, resident):
    services.accept(complaint, grid_worker)
    services.assign(complaint, grid_worker, assignee=other_worker, note="")
    complaint.refresh_from_db()
    assert complaint.assignee == other_worker
    # The new assignee now has a role on it; residents cannot be assignees.
    services.start(complaint, other_worker)
    with pytest.raises(PermissionDenied):
        services.assign(complaint, grid_worker, assignee=resident)


def test_dissatisfied_rating_reopens_then_work_resumes(complaint, grid_worker, notify):
    services.accept(complaint, grid_worker)
    services.start(complaint, grid_worker)
    services.answer(complaint, grid_worker, body="已处理。")
    old_deadline = Complaint.objects.get(pk=complaint.pk).deadline
    rating = notify(
        services.rate, complaint, value=RatingValue.DISSATISFIED, comment="灯还是不亮。"
    )
    complaint.refresh_from_db()
    assert rating.value == RatingValue.DISSATISFIED
    assert complaint.status == Status.REOPENED
    assert complaint.deadline >= old_deadline
    assert "灯还是不亮。" in mail.outbox[-1].body
    services.start(complaint, grid_worker)
    services.answer(complaint, grid_worker, body="已更换线路。")
    services.rate(complaint, value=RatingValue.SATISFIED)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.ratings.count() == 2


def test_basically_satisfied_closes(complaint, grid_worker):
    services.accept(complaint, grid_worker)
    services.start(complaint, grid_worker)
    services.answer(complaint, grid_worker, body="已处理。")
    services.rate(complaint, value=RatingValue.BASICALLY_SATISFIED)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_official_reopens(complaint, grid_worker):
    services.accept(complaint, grid_worker)
    services.start(complaint, grid_worker)
    services.answer(complaint, grid_worker, body="已处理。")
    services.reopen(complaint, grid_worker, note="复查发现未解决。")
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED


def test_internal_note_is_not_public(complaint, grid_worker):
    reply = services.add_note(complaint, grid_worker, body="住户家中常无人。")
    assert not reply.public
    assert not ComplaintEvent.objects.filter(complaint=complaint, action="note", public=True)


@pytest.mark.parametrize(
    "step",
    [
        lambda c, u: services.accept(c, u),
        lambda c, u: services.reject(c, u, reason="no"),
        lambda c, u: services.transfer(c, u, department=builders.department("Legal aid")),
        lambda c, u: services.add_note(c, u, body="x"),
    ],
)
def test_officials_without_a_role_are_refused(complaint, other_worker, resident, step):
    for outsider in (other_worker, resident):
        with pytest.raises(PermissionDenied):
            step(complaint, outsider)
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED
    assert complaint.events.count() == 1


def test_role_checks_on_later_steps(complaint, grid_worker, other_worker):
    services.accept(complaint, grid_worker)
    for step in (
        lambda: services.start(complaint, other_worker),
        lambda: services.assign(complaint, other_worker, assignee=other_worker),
    ):
        with pytest.raises(PermissionDenied):
            step()
    services.start(complaint, grid_worker)
    with pytest.raises(PermissionDenied):
        services.answer(complaint, other_worker, body="x")
    services.answer(complaint, grid_worker, body="done")
    for step in (
        lambda: services.close(complaint, other_worker),
        lambda: services.reopen(complaint, other_worker),
    ):
        with pytest.raises(PermissionDenied):
            step()


def test_intake_desk_handles_every_grid(complaint, intake):
    services.accept(complaint, intake)
    complaint.refresh_from_db()
    assert complaint.status == Status.ASSIGNED


def test_category_department_member_has_a_role(building, legal_aid_official, other_worker):
    complaint = builders.submit(building=building, category_slug="legal").complaint
    assert services.can_handle(legal_aid_official, complaint)
    assert not services.can_handle(other_worker, complaint)
    assert set(Complaint.objects.handled_by(legal_aid_official)) == {complaint}
    assert not Complaint.objects.handled_by(other_worker).exists()


@pytest.mark.parametrize(
    "step",
    [
        lambda c, u: services.start(c, u),
        lambda c, u: services.answer(c, u, body="x"),
        lambda c, u: services.close(c, u),
        lambda c, u: services.reopen(c, u),
        lambda c, u: services.rate(c, value=RatingValue.SATISFIED),
        lambda c, u: services.assign(c, u, assignee=u),
    ],
)
def test_steps_out_of_order_are_refused(complaint, grid_worker, step):
    with pytest.raises(services.TransitionError):
        step(complaint, grid_worker)
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED


def test_closed_and_rejected_are_final(complaint, grid_worker):
    services.reject(complaint, grid_worker, reason="重复提交。")
    for step in (
        lambda: services.accept(complaint, grid_worker),
        lambda: services.transfer(
            complaint, grid_worker, department=builders.department("Legal aid")
        ),
    ):
        with pytest.raises(services.TransitionError):
            step()


def test_sms_goes_to_the_log_only(building, caplog, notify):
    caplog.set_level("INFO", logger="complaints.notify")
    notify(
        builders.submit,
        building=building,
        contact_email="",
        reply_channel="sms",
        contact_phone="13912345678",
    )
    assert "SMS not sent" in caplog.text
    assert "13912345678" not in caplog.text
    assert mail.outbox == []


def test_queries_name_what_they_select(building, grid_worker):
    complaint = builders.submit(building=building).complaint
    later = timezone.now() + timezone.timedelta(days=30)
    assert complaint in Complaint.objects.overdue(later)
    assert complaint not in Complaint.objects.overdue(complaint.submitted_at)
    assert Complaint.objects.open().count() == 1
    user = UserFactory()
    assert not Complaint.objects.of_resident(user).exists()


def test_the_secret_can_be_read_aloud_and_typed(submission):
    """At most 10 characters, none that look or sound alike, typed in any case with spaces."""
    secret = submission.secret
    assert len(secret) <= 10
    assert not set(secret) & set("0O1IlL2Z5S8BDQUV")
    assert set(secret) <= set(services.SECRET_ALPHABET)
    complaint = submission.complaint
    spoken = services.display_secret(secret)
    assert spoken == f"{secret[:4]} {secret[4:]}"
    assert services.find_tracked(complaint.number, spoken.lower()) == complaint
    assert services.find_tracked(complaint.number, f" {secret[:4]}-{secret[4:]} ") == complaint


def test_secrets_handed_out_before_still_open_their_complaints(submission):
    """Complaints submitted before the short secrets keep their 24-character hex secret."""
    complaint = submission.complaint
    old_secret = "3f9a0c1b2d4e5f60718293a4"
    Complaint.objects.filter(pk=complaint.pk).update(secret_hash=services._digest(old_secret))
    complaint.refresh_from_db()
    assert services.find_tracked(complaint.number, old_secret) == complaint
    assert services.find_tracked(complaint.number, old_secret.upper()) is None
