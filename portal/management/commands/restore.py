"""``manage.py restore DIR [--force]``: put a backup made by ``manage.py backup`` back.

Checks every SHA-256 of the backup first; refuses to write over a database that has tables or
folders that hold files unless ``--force``; afterwards compares every table's row count and
every file's hash with the manifest and fails on any difference.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit import services as audit
from portal import backup


class Command(BaseCommand):
    help = "Restore a backup (database and files) into an empty database and empty folders."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="the backup's folder")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database and the folders even though they hold data",
        )

    def handle(self, *args, directory, force=False, **options):
        source = Path(directory)
        try:
            report = backup.restore(source, force=force)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for problem in report.problems:
            self.stderr.write(f"MISMATCH {problem}")
        if report.problems:
            raise CommandError(f"{len(report.problems)} differences from the backup's manifest.")
        audit.record(
            audit.Action.RESTORE,
            actor_label="manage.py restore",
            detail={"from": str(source), "force": force},
        )
        self.stdout.write(
            f"Restored {source}: {len(report.tables)} tables and {len(report.files)} files match "
            "the manifest."
        )
