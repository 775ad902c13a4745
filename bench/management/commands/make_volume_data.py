"""``manage.py make_volume_data --notices 10000 --guides 10000 --complaints 10000``."""

import time

from django.core.management.base import BaseCommand, CommandError

from bench import volume
from bench.publish import drop_queued_tasks
from portal import pagecache


class Command(BaseCommand):
    help = (
        "Top up the benchmark data to at least N items of each kind asked for (realistic, varied "
        "zh-hans content with English translations). Run load_demo_content first."
    )

    def add_arguments(self, parser):
        for kind in volume.kinds():
            parser.add_argument(
                f"--{kind.name}",
                type=int,
                default=None,
                metavar="N",
                help=f"at least N {kind.help}",
            )
        parser.add_argument(
            "--languages",
            default="zh-hans,en",
            help="zh-hans alone skips the English translations (comma-separated; default both)",
        )
        parser.add_argument(
            "--no-index",
            dest="index",
            action="store_false",
            help="leave the new pages out of the search index (faster for very large runs)",
        )

    def handle(self, *args, **options):
        asked = [(kind.name, options[kind.name]) for kind in volume.kinds() if options[kind.name]]
        if not asked:
            raise CommandError("Say how many of what, e.g. --notices 1000 --guides 1000.")
        options["languages"] = {code.strip() for code in options["languages"].split(",")}
        for name, count in asked:
            if count < 0:
                raise CommandError(f"--{name} must be zero or more.")
            started = time.monotonic()
            added = volume.make(name, count, options, self.stdout)
            self.stdout.write(f"  {name}: {added} added in {time.monotonic() - started:.1f} s")
        # Pages were inserted without the publish signals: start the page cache afresh.
        pagecache.invalidate()
        # A run starts with an empty task queue: the emails an earlier run's publish target
        # queued would otherwise be sent by the task worker while this run measures.
        dropped = drop_queued_tasks()
        if dropped:
            self.stdout.write(f"  {dropped} tasks left queued by an earlier run dropped")
