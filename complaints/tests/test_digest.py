"""The overdue round: escalation to the supervisors (once) and the officials' digests."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.users.models import UserProfile

import pytest

from community.factories import UserFactory
from complaints import builders, digest, services
from complaints.models import Complaint, ComplaintCategory
from complaints.tasks import send_overdue_digest


@pytest.fixture
def supervisor(db):
    return UserFactory(username="boss", email="boss@example.com", groups=["Supervisors"])


def overdue_by(complaint, days: float):
    Complaint.objects.filter(pk=complaint.pk).update(
        deadline=timezone.now() - datetime.timedelta(days=days)
    )
    complaint.refresh_from_db()
    return complaint


def test_escalates_once_and_tells_the_supervisors(complaint, supervisor):
    escalate_after = complaint.category.escalate_after_days
    overdue_by(complaint, escalate_after + 0.5)
    mail.outbox.clear()
    first, second = io.StringIO(), io.StringIO()
    call_command("complaints_digest", stdout=first)
    call_command("complaints_digest", stdout=second)
    assert "1 escalated" in first.getvalue()
    assert "0 escalated" in second.getvalue()
    events = complaint.events.filter(action="escalate")
    assert events.count() == 1
    assert not events.get().public
    to_supervisor = [m for m in mail.outbox if m.to == [supervisor.email]]
    assert len(to_supervisor) == 1
    assert complaint.number in to_supervisor[0].body
    complaint.refresh_from_db()
    assert complaint.status == "submitted"  # escalation changes no status


def test_not_escalated_before_the_category_allows(complaint, supervisor):
    overdue_by(complaint, complaint.category.escalate_after_days - 0.5)
    assert digest.run().escalated == []
    assert not complaint.events.filter(action="escalate").exists()


def test_reopened_complaint_can_be_escalated_again(complaint, grid_worker):
    days = complaint.category.escalate_after_days + 1
    overdue_by(complaint, days)
    assert services.escalate(complaint)
    assert services.escalate(complaint) is None
    services.accept(complaint, grid_worker)
    services.start(complaint, grid_worker)
    services.answer(complaint, grid_worker, body="已处理。")
    services.reopen(complaint, grid_worker, note="未解决。")
    complaint.refresh_from_db()
    assert services.escalate(complaint) is None  # the new deadline has not passed
    # The new deadline passes in a minute; the round runs days later.
    Complaint.objects.filter(pk=complaint.pk).update(
        deadline=timezone.now() + datetime.timedelta(minutes=1)
    )
    later = timezone.now() + datetime.timedelta(days=days + 1)
    complaint.refresh_from_db()
    assert services.escalate(complaint, later)
    assert complaint.events.filter(action="escalate").count() == 2


def test_digest_lists_each_officials_overdue_complaints_in_their_language(
    complaint, grid_worker, other_grid, other_worker
):
    overdue_by(complaint, 0.2)
    elsewhere = builders.submit(address="西门", grid=other_grid, subject="别的网格").complaint
    on_time = builders.submit(address="东门", grid=other_grid, subject="还没到期").complaint
    overdue_by(elsewhere, 0.2)
    profile = UserProfile.get_for_user(other_worker)
    profile.preferred_language = "en"
    profile.save()
    mail.outbox.clear()

    result = digest.run()

    assert result.digests == 2
    mine = [m for m in mail.outbox if m.to == [grid_worker.email]]
    theirs = [m for m in mail.outbox if m.to == [other_worker.email]]
    assert len(mine) == len(theirs) == 1
    assert complaint.number in mine[0].body and elsewhere.number not in mine[0].body
    assert "逾期" in mine[0].subject
    assert elsewhere.number in theirs[0].body and complaint.number not in theirs[0].body
    assert on_time.number not in theirs[0].body
    assert "overdue complaint is waiting for you" in theirs[0].subject
    en = ComplaintCategory.objects.get(
        translation_key=elsewhere.category.translation_key, locale__language_code="en"
    )
    assert en.name in theirs[0].body


def test_assigned_complaint_goes_to_the_assignee_only(complaint, grid_worker, other_worker):
    services.accept(complaint, grid_worker)
    services.assign(complaint, grid_worker, assignee=other_worker)
    overdue_by(complaint, 0.2)
    mail.outbox.clear()
    digest.run()
    assert [m.to for m in mail.outbox] == [[other_worker.email]]


def test_task_runs_the_round(complaint, supervisor):
    overdue_by(complaint, complaint.category.escalate_after_days + 1)
    result = send_overdue_digest.enqueue()
    assert result.return_value == 1
