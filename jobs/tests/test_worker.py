"""The real worker against the real queues: the database queue (on SQLite or PostgreSQL, as the
suite runs) and RQ against a private redis-server.

Work is queued the way the portal queues it (a publish, a complaint's new status, the schedule)
and then run by ``manage.py worker`` or RQ's worker, in this process so that they see the test's
database; nothing is sent by the request that caused it.
"""

import datetime
import logging
import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

import pytest
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from community.factories import BuildingFactory, GridFactory, UserFactory
from complaints import builders, services
from complaints.models import Complaint, add_months
from jobs import schedule, workers
from jobs.models import Outcome, ScheduledJob, WorkerCheckIn
from notices.models import NoticeEmail, NoticePage, NotificationRound, Subscription
from notices.tests.factories import NoticeIndexPageFactory, NoticePageFactory

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class DownBackend(EmailBackend):
    """A mail server that cannot be reached."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@task()
def explode() -> None:
    raise RuntimeError("the job broke")


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.NOTICE_EMAIL_BATCH_SIZE = 20
    settings.SCHEDULE_INTERVAL = 0
    return settings


def run_worker() -> None:
    call_command("worker", batch=True, verbosity=0)


def subscribers(count: int) -> None:
    users = [UserFactory(username=f"sub{number}") for number in range(count)]
    # Urgent notices go to every active subscriber, whatever their categories.
    Subscription.objects.bulk_create(Subscription(user=user, language="zh-hans") for user in users)


def publish_urgent_notice() -> NoticePage:
    index = NoticeIndexPageFactory()
    return NoticePageFactory(parent=index, urgency="urgent", title="燃气检修")


def progress(notice: NoticePage) -> NotificationRound:
    return NotificationRound.objects.with_progress().get(notice_key=notice.translation_key)


# -- the database queue ---------------------------------------------------------------------------


def test_notice_round_is_sent_by_the_worker_in_batches(database_queue):
    subscribers(45)
    notice = publish_urgent_notice()
    # The publish only queued the round.
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="notices.tasks.send_notice_emails").count() == 1

    run_worker()

    assert len(mail.outbox) == 45
    assert len({message.to[0] for message in mail.outbox}) == 45
    # Three batches of at most 20, each its own task.
    batches = DBTaskResult.objects.filter(task_path="notices.tasks.send_notice_emails")
    assert sorted(result.return_value["sent"] for result in batches) == [5, 20, 20]
    sent_round = progress(notice)
    assert (sent_round.total, sent_round.sent_count, sent_round.failed_count) == (45, 45, 0)
    assert sent_round.pending_count == 0
    assert sent_round.finished_at is not None
    assert WorkerCheckIn.objects.filter(kind="worker").exists()


def test_emails_go_before_the_index_upkeep_queued_ahead_of_them(database_queue):
    """After an import, thousands of Wagtail upkeep tasks wait; a notice round does not."""
    from wagtail.tasks import update_reference_index_task

    subscribers(3)
    index = NoticeIndexPageFactory()
    for _ in range(25):
        update_reference_index_task.enqueue("notices", "noticeindexpage", index.pk)
    NoticePageFactory(parent=index, urgency="urgent", title="燃气检修")

    run_worker()

    done = list(DBTaskResult.objects.order_by("started_at").values_list("task_path", flat=True))
    assert "notices.tasks.send_notice_emails" in done
    assert done.index("notices.tasks.send_notice_emails") < done.index(
        "wagtail.tasks.update_reference_index_task"
    )
    assert len(mail.outbox) == 3


def test_smtp_outage_delays_the_round_and_loses_nothing(database_queue, caplog):
    database_queue.EMAIL_BACKEND = f"{__name__}.DownBackend"
    database_queue.NOTICE_EMAIL_RETRY_DELAYS = [60, 600]
    subscribers(25)
    notice = publish_urgent_notice()  # the publish does not fail
    assert NoticePage.objects.get(pk=notice.pk).live

    with caplog.at_level(logging.WARNING, logger="notices"):
        run_worker()
    waiting = progress(notice)
    assert (waiting.sent_count, waiting.failed_count, waiting.pending_count) == (0, 0, 25)
    assert waiting.retries == 1
    assert "SMTPServerDisconnected" in waiting.last_error
    assert waiting.next_try_at > timezone.now() + datetime.timedelta(seconds=50)
    assert "Mail server unavailable" in caplog.text
    retry = DBTaskResult.objects.ready().filter(task_path="notices.tasks.send_notice_emails")
    assert not retry.exists()  # not before its time ...
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    # ... the server is back and the time has come: every email goes, none twice.
    database_queue.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    assert len(mail.outbox) == 25
    done = progress(notice)
    assert (done.sent_count, done.pending_count) == (25, 0)
    assert done.finished_at is not None
    assert NoticeEmail.objects.filter(sent_at__isnull=True).count() == 0


def test_complaint_status_email_goes_from_the_worker(database_queue):
    worker = UserFactory(username="gridworker", groups=["Officials"])
    building = BuildingFactory(grid=GridFactory(code="G01", responsible_worker=worker))
    resident = UserFactory(username="resident", email="resident@example.com")
    complaint = builders.submit(building=building, user=resident).complaint
    mail.outbox.clear()  # the confirmation of the submission is sent at once
    services.accept(complaint, worker)
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path="complaints.tasks.send_status_notice").exists()

    run_worker()

    assert mail.outbox
    assert all(complaint.number in message.body for message in mail.outbox)
    assert not DBTaskResult.objects.failed().exists()


def test_scheduled_publish_runs_from_the_schedule_once(database_queue):
    index = NoticeIndexPageFactory()
    notice = NoticePageFactory(parent=index, title="定时发布")
    notice.unpublish()
    go_live = timezone.now() + datetime.timedelta(hours=2)
    notice.go_live_at = go_live
    revision = notice.save_revision(approved_go_live_at=go_live)
    revision.publish()
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    assert not NoticePage.objects.get(pk=notice.pk).live

    run_worker()

    assert NoticePage.objects.get(pk=notice.pk).live
    job = ScheduledJob.objects.get(name="publish_scheduled")
    assert job.last_outcome == Outcome.SUCCESSFUL
    assert job.last_finished_at is not None
    assert job.next_run_at > timezone.now()
    # A second worker (or a second look) does not run it again before its next time.
    assert schedule.run_due() == []
    run_worker()
    assert DBTaskResult.objects.filter(task_path="jobs.tasks.publish_scheduled").count() == 1


def test_two_schedulers_claim_a_due_run_once(database_queue):
    now = timezone.now()
    schedule.sync(now)
    row = ScheduledJob.objects.get(name="publish_scheduled")
    job = schedule.get("publish_scheduled")
    # Both saw the row due; the second one's conditional update matches nothing.
    assert schedule.start(row, job, now) is not None
    assert schedule.start(row, job, now) is None
    assert DBTaskResult.objects.filter(task_path="jobs.tasks.publish_scheduled").count() == 1


def test_retention_runs_from_the_schedule(database_queue):
    official = UserFactory(username="gridworker", groups=["Officials"])
    building = BuildingFactory(grid=GridFactory(code="G01", responsible_worker=official))
    complaint = builders.submit(building=building, user=UserFactory(username="res")).complaint
    services.accept(complaint, official)
    services.start(complaint, official)
    services.answer(complaint, official, body="已处理。")
    Complaint.objects.filter(pk=complaint.pk).update(
        status="closed", closed_at=add_months(timezone.now(), -30)
    )
    schedule.sync(timezone.now())
    ScheduledJob.objects.filter(name="complaints_retention").update(
        next_run_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    run_worker()

    job = ScheduledJob.objects.get(name="complaints_retention")
    assert job.last_outcome == Outcome.SUCCESSFUL, job.last_error
    assert job.next_run_at > timezone.now()
    assert Complaint.objects.get(pk=complaint.pk).anonymised_at is not None


def test_a_failing_job_is_recorded_and_logged_with_its_task_id(database_queue, caplog):
    schedule.register("explode", f"{__name__}.explode", schedule.Every(3600), title="Explode")
    try:
        with caplog.at_level(logging.ERROR):
            run_worker()
    finally:
        schedule._JOBS.pop("explode")
    job = ScheduledJob.objects.get(name="explode")
    assert job.last_outcome == Outcome.FAILED
    assert "RuntimeError: the job broke" in job.last_error
    failed = DBTaskResult.objects.failed().get()
    assert job.last_task_id == str(failed.id)
    assert f"Task id={failed.id}" in caplog.text


def test_healthz_reports_a_worker_that_stopped_checking_in(database_queue, client):
    assert client.get("/healthz").json()["worker"] == "none"
    workers.check_in("worker", "db:test:1")
    assert client.get("/healthz").json()["status"] == "ok"
    WorkerCheckIn.objects.update(seen_at=timezone.now() - datetime.timedelta(hours=1))
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["worker"] == "stale"
    assert health.json()["status"] == "degraded"


# -- RQ on a real redis-server ----------------------------------------------------------------


@pytest.fixture
def rq_queue(settings, redis_url):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": 60}}
    settings.NOTICE_EMAIL_BATCH_SIZE = 20
    return settings


def run_rq_worker() -> None:
    call_command(
        "rqworker",
        "default",
        burst=True,
        with_scheduler=True,
        worker_class="rq.SimpleWorker",
        job_class="django_tasks_rq.backend.Job",
    )


@pytest.mark.live
def test_rq_worker_sends_a_notice_round_and_runs_scheduled_jobs(rq_queue):
    subscribers(30)
    notice = publish_urgent_notice()
    assert mail.outbox == []

    schedule.register("worker_check_in", "jobs.tasks.check_in", schedule.Every(60), title="x")
    try:
        assert "worker_check_in" in schedule.run_due()
        run_rq_worker()
    finally:
        schedule._JOBS.pop("worker_check_in")

    assert len(mail.outbox) == 30
    sent_round = progress(notice)
    assert (sent_round.sent_count, sent_round.pending_count) == (30, 0)
    assert ScheduledJob.objects.get(name="publish_scheduled").last_outcome == Outcome.SUCCESSFUL
    assert WorkerCheckIn.objects.filter(kind="worker").exists()


@pytest.mark.live
def test_rq_smtp_outage_retries_after_a_wait(rq_queue):
    rq_queue.EMAIL_BACKEND = f"{__name__}.DownBackend"
    rq_queue.NOTICE_EMAIL_RETRY_DELAYS = [1]
    subscribers(5)
    notice = publish_urgent_notice()
    run_rq_worker()
    assert progress(notice).pending_count == 5
    assert progress(notice).retries == 1

    rq_queue.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deadline = timezone.now() + datetime.timedelta(seconds=10)
    while progress(notice).pending_count and timezone.now() < deadline:
        run_rq_worker()
    assert len(mail.outbox) == 5
