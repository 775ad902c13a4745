"""Ten simultaneous submissions of one form: one complaint, no orphan photo files.

Needs a database with real concurrent writers: runs on PostgreSQL, skipped on SQLite.
"""

import io
import os
import threading

from django.db import connection, connections

from wagtail.models import Locale

import pytest
from PIL import Image

from complaints import services
from complaints.images import CleanPhoto
from complaints.models import Complaint, ComplaintCategory, ComplaintPhoto, TrackingCounter
from complaints.storage import private_storage

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="needs concurrent writers (PostgreSQL)"
)


def _photo() -> CleanPhoto:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    return CleanPhoto(buffer.getvalue(), "jpg", "image/jpeg", 8, 8)


def _category() -> ComplaintCategory:
    """Transactional tests start from a flushed database: no migration data, so make it."""
    locale, _created = Locale.objects.get_or_create(language_code="zh-hans")
    category, _created = ComplaintCategory.objects.get_or_create(
        slug="other", locale=locale, defaults={"name": "其他诉求", "deadline_days": 7}
    )
    return category


def _files() -> list[str]:
    root = private_storage.path("")
    return [os.path.join(d, f) for d, _s, files in os.walk(root) for f in files]


def _run_together(count: int, work) -> tuple[list, list]:
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_submissions_with_one_token_make_one_complaint():
    category = _category()
    key = services.new_submission_key()

    def submit():
        return services.submit(
            submission_key=key,
            category=category,
            subject="并发提交",
            description="同一个表单提交十次。",
            address="东门",
            anonymous=True,
            photos=[_photo(), _photo()],
        )

    results, errors = _run_together(10, submit)
    assert errors == []
    assert len(results) == 10
    assert Complaint.objects.count() == 1
    complaint = Complaint.objects.get()
    assert {result.complaint.pk for result in results} == {complaint.pk}
    assert sum(result.created for result in results) == 1
    assert {result.secret for result in results} == {services.secret_for(key)}
    assert ComplaintPhoto.objects.count() == 2
    stored = sorted(_files())
    assert stored == sorted(private_storage.path(p.file.name) for p in ComplaintPhoto.objects.all())


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_get_distinct_consecutive_numbers():
    category = _category()

    def submit():
        return services.submit(
            submission_key=services.new_submission_key(),
            category=category,
            subject="并发编号",
            description="十个不同的诉求同时提交。",
            address="东门",
            anonymous=True,
        )

    results, errors = _run_together(10, submit)
    assert errors == []
    numbers = sorted(result.complaint.number for result in results)
    assert len(set(numbers)) == 10
    sequences = [int(number[-6:]) for number in numbers]
    assert sequences == list(range(sequences[0], sequences[0] + 10))
    assert TrackingCounter.objects.get().last == sequences[-1]
