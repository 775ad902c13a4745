"""``python manage.py search_index --rebuild | --update [--language CODE] [--synonyms]``.

Builds and maintains the Elasticsearch indexes (one per language, see docs/search.md):

- ``--rebuild`` builds a new index per language, switches the alias searches use to it in one
  atomic step, then drops the old index: searches never see a half-built index.
- ``--update`` re-indexes every live public page into the current index and removes documents
  of pages that are no longer live (builds the index when there is none).
- ``--synonyms`` only pushes the editors' synonyms (done before every rebuild and update too).

Progress is printed per batch. Needs ``ELASTICSEARCH_URL``; works whatever ``SEARCH_BACKEND`` is,
so the cluster can be filled before the portal is switched to it.
"""

from django.core.management.base import BaseCommand, CommandError

from search import elastic


class Command(BaseCommand):
    help = "Build (--rebuild) or refresh (--update) the Elasticsearch search indexes."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument(
            "--rebuild",
            action="store_true",
            help="Build new indexes, switch the aliases to them, drop the old ones.",
        )
        action.add_argument(
            "--update",
            action="store_true",
            help="Re-index all live pages into the current indexes, remove stale documents.",
        )
        action.add_argument(
            "--synonyms", action="store_true", help="Only push the editors' synonyms."
        )
        parser.add_argument(
            "--language",
            action="append",
            dest="languages",
            help="Only this language code (repeatable); default: every language of the portal.",
        )
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--shards", type=int, default=1, help="Primary shards of a new index (--rebuild)."
        )
        parser.add_argument(
            "--replicas", type=int, default=1, help="Replicas of a new index (--rebuild)."
        )

    def handle(
        self, *args, rebuild, update, synonyms, languages, batch_size, shards, replicas, **options
    ):
        verbosity = options.get("verbosity", 1)
        known = elastic.languages()
        languages = languages or known
        unknown = sorted(set(languages) - set(known))
        if unknown:
            raise CommandError(
                f"Unknown language: {', '.join(unknown)} (known: {', '.join(known)})"
            )
        if batch_size < 1 or shards < 1 or replicas < 0:
            raise CommandError(
                "--batch-size and --shards must be at least 1, --replicas at least 0"
            )

        def say(text: str) -> None:
            if verbosity:
                self.stdout.write(text)

        try:
            rules = elastic.push_synonyms()
            say(f"synonyms: {rules} rules pushed")
            if synonyms:
                return
            for language in languages:

                def progress(done: int, total: int, language=language) -> None:
                    if verbosity:
                        self.stdout.write(f"{language}: {done}/{total} pages")

                if rebuild:
                    count = elastic.rebuild(
                        language,
                        batch=batch_size,
                        progress=progress,
                        say=say,
                        shards=shards,
                        replicas=replicas,
                    )
                else:
                    count = elastic.update(language, batch=batch_size, progress=progress, say=say)
                say(self.style.SUCCESS(f"{language}: {count} pages indexed"))
        except (*elastic.CLUSTER_ERRORS, elastic.SearchUnavailable) as exc:
            raise CommandError(f"Elasticsearch could not be updated: {exc}") from exc
