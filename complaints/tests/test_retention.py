"""Retention: closed complaints lose their personal data after COMPLAINTS_RETENTION_MONTHS."""

import datetime
import io
from pathlib import Path

from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

import pytest
from PIL import Image

from audit.models import Action, AuditEntry
from complaints import builders, services, tasks
from complaints.images import CleanPhoto
from complaints.models import Complaint, ComplaintEvent, RatingValue, Status, add_months

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2029, 6, 15, 10, 0))


def _photo() -> CleanPhoto:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "JPEG")
    return CleanPhoto(buffer.getvalue(), "jpg", "image/jpeg", 8, 8)


def _closed(building, grid_worker, resident, *, closed_at):
    complaint = builders.submit(building=building, user=resident, photos=[_photo()]).complaint
    services.accept(complaint, grid_worker)
    services.start(complaint, grid_worker)
    services.answer(complaint, grid_worker, body="王阿姨您好，灯已修好。")
    services.rate(complaint, value=RatingValue.SATISFIED, comment="谢谢小李", user=resident)
    Complaint.objects.filter(pk=complaint.pk).update(closed_at=closed_at)
    return Complaint.objects.get(pk=complaint.pk)


def test_add_months():
    assert add_months(NOW, -24) == NOW.replace(year=2027)
    end_of_march = timezone.make_aware(datetime.datetime(2029, 3, 31, 8, 0))
    assert add_months(end_of_march, -1).day == 28


def test_anonymises_old_closed_complaints_and_keeps_statistics(
    building, grid_worker, resident, django_capture_on_commit_callbacks
):
    old = _closed(building, grid_worker, resident, closed_at=add_months(NOW, -25))
    recent = _closed(building, grid_worker, resident, closed_at=add_months(NOW, -23))
    still_open = builders.submit(building=building).complaint
    photo_path = Path(old.photos.get().file.path)
    assert photo_path.exists()
    stats_before = (old.category_id, old.grid_id, old.building_id, old.status, old.submitted_at)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.anonymise_expired(now=NOW) == 1

    old.refresh_from_db()
    for field in ("subject", "description", "address", "contact_name", "contact_phone"):
        assert getattr(old, field) == ""
    assert old.contact_email == "" and old.user is None
    assert old.anonymised_at == NOW
    assert not old.photos.exists() and not photo_path.exists()
    assert old.replies.get().body == ""
    assert old.ratings.get().comment == "" and old.ratings.get().value == RatingValue.SATISFIED
    assert not old.events.exclude(note="").exists()
    assert (old.category_id, old.grid_id, old.building_id, old.status, old.submitted_at) == (
        stats_before
    )
    assert old.events.filter(action="accept").exists()  # the workflow steps stay
    recent.refresh_from_db()
    assert recent.contact_name == "王阿姨" and recent.anonymised_at is None
    still_open.refresh_from_db()
    assert still_open.contact_phone

    entry = AuditEntry.objects.get(action=Action.COMPLAINT_ANONYMISED)
    assert entry.object_repr == old.number
    assert entry.detail["photos_deleted"] == 1
    assert services.anonymise_expired(now=NOW) == 0  # twice is harmless


@override_settings(COMPLAINTS_RETENTION_MONTHS=6)
def test_period_is_a_setting_and_the_command_and_task_apply_it(
    building, grid_worker, resident, capsys
):
    now = timezone.now()
    seven = _closed(building, grid_worker, resident, closed_at=add_months(now, -7))
    five = _closed(building, grid_worker, resident, closed_at=add_months(now, -5))
    call_command("anonymise_complaints", "--dry-run")
    assert "1 complaints finished before" in capsys.readouterr().out
    seven.refresh_from_db()
    assert seven.anonymised_at is None
    assert tasks.anonymise_expired.call() == 1
    seven.refresh_from_db()
    five.refresh_from_db()
    assert seven.anonymised_at is not None and five.anonymised_at is None
    call_command("anonymise_complaints")
    assert "0 complaints finished before" in capsys.readouterr().out


def test_rejected_complaints_count_from_the_rejection(building, grid_worker):
    complaint = builders.submit(building=building).complaint
    services.reject(complaint, grid_worker, reason="不属于社区职责")
    Complaint.objects.filter(pk=complaint.pk).update(closed_at=add_months(NOW, -30))
    assert services.anonymise_expired(now=NOW) == 1
    complaint.refresh_from_db()
    assert complaint.status == Status.REJECTED and complaint.contact_phone == ""


def test_officials_see_when_the_complaint_will_be_anonymised(building, grid_worker, resident):
    closed_at = timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 0))
    complaint = _closed(building, grid_worker, resident, closed_at=closed_at)
    client = Client()
    client.force_login(grid_worker)
    url = f"/admin/complaints/inspect/{complaint.pk}/"
    html = client.get(url).content.decode()  # the admin speaks the official's language
    assert "将于 2028-03-10 删除" in html
    # Opening the complainant's personal data is recorded.
    viewed = AuditEntry.objects.filter(action=Action.PERSONAL_DATA_VIEWED, object_id=complaint.pk)
    assert viewed.get().actor == grid_worker
    services.anonymise(complaint, now=NOW)
    html = client.get(url).content.decode()
    assert "2029-06-15" in html
    assert viewed.count() == 1  # nothing personal left to open


def test_every_state_change_is_in_the_audit_log(building, grid_worker, resident):
    complaint = _closed(building, grid_worker, resident, closed_at=timezone.now())
    steps = list(
        AuditEntry.objects.filter(action=Action.COMPLAINT_STATUS, object_id=complaint.pk)
        .order_by("pk")
        .values_list("detail__step", flat=True)
    )
    assert steps == ["submit", "accept", "assign", "start", "answer", "rate"]
    assert ComplaintEvent.objects.filter(complaint=complaint).count() >= len(steps)


def test_privacy_page_states_the_periods(client):
    html = client.get("/en/privacy/").content.decode()
    assert "24 months after a complaint is closed" in html
    html = client.get("/privacy/").content.decode()
    assert "24 个月" in html


def test_exports_with_personal_data_are_in_the_audit_log(complaint, grid_worker):
    from django.contrib.auth.models import Permission

    client = Client()
    client.force_login(grid_worker)
    response = client.get("/admin/complaints/", {"export": "csv"})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert not AuditEntry.objects.filter(action=Action.PERSONAL_DATA_EXPORTED).exists()
    grid_worker.user_permissions.add(Permission.objects.get(codename="export_personal_data"))
    grid_worker = type(grid_worker).objects.get(pk=grid_worker.pk)  # fresh permission cache
    client.force_login(grid_worker)
    response = client.get("/admin/complaints/", {"export": "csv"})
    assert "王阿姨" in b"".join(response.streaming_content).decode("utf-8-sig")
    entry = AuditEntry.objects.get(action=Action.PERSONAL_DATA_EXPORTED)
    assert entry.actor == grid_worker and entry.detail["rows"] == 1
