"""``python manage.py import_service_guides PATH``: create or update guides from a JSON file.

See docs/services.md for the format. Every item is validated; valid items are imported and
published, each error is reported with the item's number and field, and the command fails (exit
status 1) when any item failed.
"""

from django.core.management.base import BaseCommand, CommandError

from services.importer import import_guides, read_items

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Create or update service guides from a JSON file (upsert by code and language)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON file: a list of guides.")
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show a progress bar even when the output is not a terminal.",
        )

    def handle(self, *args, path, progress, **options):
        try:
            items = read_items(path)
        except ValueError as error:
            raise CommandError(str(error)) from error
        show_bar = progress or self.stdout.isatty()
        report = import_guides(items, progress=self._bar if show_bar else None)
        if show_bar:
            self.stderr.write("")
        for error in report.errors:
            self.stderr.write(str(error))
        self.stdout.write(report.summary())
        if report.errors:
            raise CommandError(
                f"{report.failed_items} of {len(items)} items failed; the others were imported."
            )
        self.stdout.write(self.style.SUCCESS(f"Imported {len(items)} items from {path}."))

    def _bar(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}", ending=""
        )
        self.stderr.flush()
