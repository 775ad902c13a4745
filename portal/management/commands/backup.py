"""``manage.py backup [DIR]``: the database and every file the portal stores, with a manifest of
SHA-256 hashes, into a new folder readable only by its owner (see ``portal/backup.py``).

Without DIR the backup goes to ``BACKUP_DIR/<date-time>`` (default ``var/backups/``).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit import services as audit
from portal import backup


class Command(BaseCommand):
    help = "Back up the database and every stored file (public media and private files)."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="a new folder for the backup")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, directory=None, database="default", **options):
        if directory:
            destination = Path(directory)
        else:
            destination = Path(settings.BACKUP_DIR) / timezone.now().strftime("%Y%m%d-%H%M%S")
        # Recorded first, so the backup holds the entry that says it was made.
        audit.record(
            audit.Action.BACKUP, actor_label="manage.py backup", detail={"to": str(destination)}
        )
        try:
            report = backup.create(destination, alias=database)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(report.tables.values())
        self.stdout.write(
            f"Backup written to {destination}: {len(report.tables)} tables, {rows} rows, "
            f"{len(report.files)} files."
        )
