"""``manage.py complaints_digest``: escalate overdue complaints and email the daily digests.

Run once a day (cron). Running it twice escalates nothing twice; officials get the digest again.
"""

from django.core.management.base import BaseCommand

from complaints import digest


class Command(BaseCommand):
    help = "Escalate overdue complaints to the supervisors and email officials their overdue list."

    def handle(self, *args, **options):
        result = digest.run()
        self.stdout.write(
            f"Complaints: {len(result.escalated)} escalated, {result.supervisors_told} "
            f"supervisor emails, {result.digests} digests sent."
        )
