"""Recompute every published disclosure period from its entries and report mismatches.

Checks the SHA-256 digest (of the sealed statement: dates, balances, category totals, entries)
and recomputes the opening and closing balances from the fund's opening balance and the entries.
Exits with status 1 when anything differs from what was fixed at publication.
"""

from django.core.management.base import BaseCommand, CommandError

from disclosures import services
from disclosures.models import Period


class Command(BaseCommand):
    help = (
        "Check that every published disclosure period still matches its SHA-256 digest and "
        "that its balances add up from the entries."
    )

    def handle(self, *args, **options):
        periods = list(Period.objects.published().select_related("fund").order_by("fund", "start"))
        mismatches = services.verify(periods)
        for mismatch in mismatches:
            what = "" if mismatch.what == "digest" else f" {mismatch.what}"
            self.stderr.write(
                f"MISMATCH {mismatch.period.fund.slug} {mismatch.period.key}{what}: "
                f"published {mismatch.stored}, now {mismatch.computed}"
            )
        changed = len({mismatch.period.pk for mismatch in mismatches})
        if mismatches:
            raise CommandError(f"{changed} of {len(periods)} published periods changed.")
        self.stdout.write(f"{len(periods)} published periods verified, all digests match.")
