"""``manage.py run_schedule``: queue the portal's periodic jobs when they are due.

For RQ workers, which run no code of ours between tasks; a database worker (``manage.py worker``)
already does this. Several may run: each run of a job is queued once (jobs/schedule.py).
"""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from jobs import schedule, workers

logger = logging.getLogger("jobs")


class Command(BaseCommand):
    help = "Queue the periodic jobs when they are due, every SCHEDULE_INTERVAL seconds."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Look once, then exit.")

    def handle(self, *, once, **options):
        identity = workers.process_id("schedule")
        while True:
            workers.check_in("scheduler", identity)
            for name in schedule.run_due():
                self.stdout.write(f"Queued {name}")
            if once:
                return
            time.sleep(settings.SCHEDULE_INTERVAL)
