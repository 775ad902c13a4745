"""Recompute the SHA-256 digest of every published disclosure period and report mismatches.

Exits with status 1 when any period's entries no longer match the digest fixed at publication.
"""

from django.core.management.base import BaseCommand, CommandError

from disclosures import services
from disclosures.models import Period


class Command(BaseCommand):
    help = "Check that every published disclosure period still matches its SHA-256 digest."

    def handle(self, *args, **options):
        periods = list(Period.objects.published().select_related("fund").order_by("fund", "start"))
        mismatches = services.verify(periods)
        for mismatch in mismatches:
            self.stderr.write(
                f"MISMATCH {mismatch.period.fund.slug} {mismatch.period.key}: "
                f"published {mismatch.stored}, now {mismatch.computed}"
            )
        if mismatches:
            raise CommandError(f"{len(mismatches)} of {len(periods)} published periods changed.")
        self.stdout.write(f"{len(periods)} published periods verified, all digests match.")
