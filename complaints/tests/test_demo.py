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
