"""Issue, list and revoke the Open311 API keys of partner systems.

    manage.py open311_keys issue "City 12345 platform" [--hourly-limit 200]
    manage.py open311_keys list
    manage.py open311_keys revoke "City 12345 platform"     (or the key's first characters)

``issue`` prints the key once, on its own line, for scripts; only its SHA-256 digest is kept.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from complaints.open311 import services
from complaints.open311.models import ApiKey


class Command(BaseCommand):
    help = "Issue, list or revoke Open311 API keys of partner systems."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        issue = actions.add_parser("issue", help="Issue a key and print it (shown once).")
        issue.add_argument("name", help="The partner system, e.g. 'City 12345 platform'")
        issue.add_argument("--hourly-limit", type=int, default=None)
        actions.add_parser("list", help="List the keys (never the keys themselves).")
        revoke = actions.add_parser("revoke", help="Revoke a key by name or first characters.")
        revoke.add_argument("name")

    def handle(self, *args, action: str, **options):
        if action == "issue":
            if ApiKey.objects.filter(name=options["name"].strip()).exists():
                raise CommandError(f"A key named {options['name']!r} exists already.")
            try:
                issued = services.issue_key(options["name"], hourly_limit=options["hourly_limit"])
            except ValueError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(issued.key)
            return
        if action == "list":
            for key in ApiKey.objects.all():
                state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
                used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
                self.stdout.write(
                    f"{key.prefix}…\t{key.name}\t{state}\tlast used {used}\t"
                    f"{key.hourly_limit}/hour\t{key.submissions.count()} complaints"
                )
            return
        name = options["name"].strip()
        prefix = name.rstrip("…")
        condition = Q(name=name) | (Q(prefix=prefix) if len(prefix) >= 6 else Q(pk__in=[]))
        matches = list(ApiKey.objects.filter(condition))
        if len(matches) != 1:
            raise CommandError(f"{len(matches)} keys match {name!r}; give the exact name.")
        services.revoke_key(matches[0])
        self.stdout.write(f"Revoked the key of {matches[0].name}.")
