"""``manage.py anonymise_complaints``: the retention rule for complaints.

Removes the personal data of complaints closed (or not accepted) more than
``COMPLAINTS_RETENTION_MONTHS`` months ago (default 24) and keeps their statistics. Run it once
a day (cron, or the ``complaints.tasks.anonymise_expired`` task). Safe to run twice.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from complaints import services
from complaints.models import Complaint, retention_cutoff


class Command(BaseCommand):
    help = "Anonymise complaints finished longer ago than COMPLAINTS_RETENTION_MONTHS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the complaints that are due."
        )

    def handle(self, *args, dry_run=False, **options):
        cutoff = retention_cutoff()
        if dry_run:
            count = Complaint.objects.due_for_anonymisation().count()
            self.stdout.write(
                f"{count} complaints finished before {cutoff:%Y-%m-%d} would be anonymised "
                f"(retention: {settings.COMPLAINTS_RETENTION_MONTHS} months)."
            )
            return
        count = services.anonymise_expired()
        self.stdout.write(
            f"{count} complaints finished before {cutoff:%Y-%m-%d} anonymised "
            f"(retention: {settings.COMPLAINTS_RETENTION_MONTHS} months)."
        )
