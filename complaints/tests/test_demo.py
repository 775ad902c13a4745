from io import StringIO

import pytest

import accounts.demo
import community.demo
import complaints.demo
from complaints.models import CalendarDay, Complaint, Status


@pytest.fixture
def map_loaded(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # keep the demo password file out of the real var/
    accounts.demo.load(StringIO())
    community.demo.load(StringIO())


def test_demo_complaints_in_every_state_and_idempotent(map_loaded):
    complaints.demo.load(StringIO())
    assert Complaint.objects.count() == complaints.demo.COUNT
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Status.values)
    assert CalendarDay.objects.count() == 9
    complaints.demo.load(StringIO())
    assert Complaint.objects.count() == complaints.demo.COUNT


def test_demo_shows_overdue_and_due_today_to_the_official(map_loaded):
    """The official's screens have something in each view: overdue, due today, on time."""
    from django.contrib.auth import get_user_model

    complaints.demo.load(StringIO())
    official = get_user_model().objects.get(email=complaints.demo.OFFICIAL_EMAIL)
    mine = Complaint.objects.responsible(official)
    assert mine.overdue().count() >= 3
    assert Complaint.objects.due_today().exists()
    assert Complaint.objects.open().exclude(pk__in=Complaint.objects.overdue()).exists()
    assert Complaint.objects.overdue().filter(status=Status.SUBMITTED).exists()
    assert Complaint.objects.overdue().filter(assignee=official).exists()
