"""``python manage.py education_reminders``: email tomorrow's course participants (run daily)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from education.services import send_session_reminders


class Command(BaseCommand):
    help = (
        "Email a reminder to everyone enrolled in a course session taking place tomorrow. "
        "Safe to run more than once a day: nobody is reminded twice of the same session."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="Pretend today is this date (YYYY-MM-DD), e.g. to catch up."
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError("--today must be a date like 2026-11-23.") from error
        sent = send_session_reminders(today)
        self.stdout.write(f"Sent {sent} session reminder(s).")
