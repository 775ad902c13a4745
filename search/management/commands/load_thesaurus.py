"""``python manage.py load_thesaurus [--update]``: the shipped thesaurus and life events.

Adds the entries of ``search/data/thesaurus.txt`` and ``search/data/life_events.txt`` that the
database does not have (a new release may ship more); ``--update`` also rewrites the shipped
entries that exist to the files' words. Pages are re-indexed in the background afterwards.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from search.models import LifeEvent, Synonym
from search.thesaurus import load_shipped


class Command(BaseCommand):
    help = "Load the thesaurus and life events the portal ships (missing entries only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Also rewrite shipped entries that exist."
        )

    def handle(self, *args, update, **options):
        # One transaction: the pages are re-indexed once, not once per life event.
        with transaction.atomic():
            entries, events = load_shipped(Synonym, LifeEvent, update=update)
        self.stdout.write(f"{entries} thesaurus entries and {events} life events written")
