"""Reports → Scheduled jobs and Failed tasks, for operators and officials."""

import pytest
from django_tasks_db.models import DBTaskResult

from community.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_officials_see_the_schedule_and_failed_tasks(client):
    DBTaskResult.objects.create(
        task_path="jobs.tasks.publish_scheduled",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after="2026-01-01T00:00:00Z",
        status="FAILED",
        traceback="Traceback ...\nConnectionRefusedError: [Errno 111] Connection refused",
    )
    client.force_login(UserFactory(username="official", groups=["Officials"]))
    response = client.get("/admin/reports/scheduled-jobs/")
    assert response.status_code == 200
    names = {job.name for job in response.context["object_list"]}
    assert {"publish_scheduled", "complaints_retention", "complaints_digest"} <= names
    html = client.get("/admin/reports/failed-tasks/").content.decode()
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in html


def test_residents_see_no_job_reports(client):
    client.force_login(UserFactory(username="resident"))
    assert client.get("/admin/reports/scheduled-jobs/").status_code in {302, 403}
