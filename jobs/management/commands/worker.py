"""``manage.py worker``: run queued tasks and the portal's schedule.

With the database queue (the default) this is django-tasks-db's worker, which also checks in
(for ``/healthz``) and looks at the schedule every ``SCHEDULE_INTERVAL`` seconds, so one process
is all a small site needs; any number may run side by side. With ``TASKS_BACKEND=rq`` it starts
an RQ worker (``rqworker`` with its scheduler for delayed tasks); run ``manage.py run_schedule``
beside RQ workers for the periodic jobs.
"""

import logging
import random
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.utils import get_random_id
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from jobs import schedule, workers

logger = logging.getLogger("jobs")


class Command(BaseCommand):
    help = "Run queued tasks (and, with the database queue, the periodic jobs) until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds to wait when the queue is empty."
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run what is due and every ready task, then exit (tests, one-off catch-up).",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Do not run the periodic jobs from this worker.",
        )
        parser.add_argument("--queue-name", default="default")

    def handle(self, *, interval, batch, schedule, queue_name, verbosity, **options):
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        kind = type(backend).__name__
        if kind == "RQBackend":
            call_command(
                "rqworker",
                queue_name,
                job_class="django_tasks_rq.backend.Job",
                with_scheduler=True,
                burst=batch,
                verbosity=verbosity,
            )
            return
        if kind != "DatabaseBackend":
            self.stderr.write(f"Tasks run at once in the web process ({kind}): no worker needed.")
            return
        DBWorkerCommand(stdout=self.stdout, stderr=self.stderr).configure_logging(verbosity)
        worker = ScheduledWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            worker_id=get_random_id(),
            run_schedule=schedule,
        )
        if not batch:
            worker.configure_signals()
        worker.loop()


class ScheduledWorker(Worker):
    """django-tasks-db's worker, run a few tasks at a time between check-ins and schedule looks."""

    TASKS_PER_TURN = 20
    CHECK_IN_EVERY = 10.0

    def __init__(self, *, run_schedule: bool, batch: bool, interval: float, **kwargs):
        # Each turn runs the upstream loop in batch mode: it returns as soon as the queue is
        # empty or TASKS_PER_TURN tasks ran, and this loop does the waiting.
        super().__init__(
            batch=True,
            interval=0,
            startup_delay=False,
            max_tasks=self.TASKS_PER_TURN,
            **kwargs,
        )
        self.keep_going = not batch
        self.wait = interval
        self.run_schedule = run_schedule
        self.identity = workers.process_id("db")
        self.last_check_in = 0.0
        self.last_schedule = 0.0

    def tick(self) -> None:
        clock = time.monotonic()
        if clock - self.last_check_in >= self.CHECK_IN_EVERY:
            workers.check_in("worker", self.identity)
            self.last_check_in = clock
        if self.run_schedule and clock - self.last_schedule >= settings.SCHEDULE_INTERVAL:
            for name in schedule.run_due():
                logger.info("Worker %s queued scheduled job %s", self.identity, name)
            self.last_schedule = clock

    def loop(self) -> None:
        logger.info("Worker %s started", self.identity)
        if self.keep_going:
            time.sleep(random.random())  # noqa: S311 - spread the first look of workers started together
        while True:
            self.tick()
            self._run_tasks = 0
            self.run()
            if not self.running:
                return
            if self._run_tasks < self.TASKS_PER_TURN:
                # The queue was empty.
                if not self.keep_going:
                    return
                time.sleep(self.wait)
