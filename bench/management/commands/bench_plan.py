"""``manage.py bench_plan``: the requests of each benchmark target, and its SQL query count.

Prints JSON for ``bench/run.py``. The query count of a target is the most any of its first
requests makes once the process is warm (the second time it is asked), with the page cache off,
so it is what a page costs when it is built.
"""

import json

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench.publish import drop_queued_tasks
from bench.targets import available_targets

QUERY_SAMPLE = 3


class Command(BaseCommand):
    help = "Print the benchmark targets as JSON: their requests and SQL queries per request."

    def add_arguments(self, parser):
        parser.add_argument("--only", default="", help="comma-separated target names")
        parser.add_argument("--no-queries", dest="queries", action="store_false")

    def handle(self, *args, **options):
        only = {name for name in options["only"].split(",") if name}
        plan = []
        for target in available_targets():
            if only and target.name not in only:
                continue
            requests = target.make_requests()
            queries = self.count_queries(requests) if options["queries"] else None
            if options["queries"] and any(request.once for request in requests):
                requests = requests[QUERY_SAMPLE:]  # sent once already, to count their queries
            plan.append(
                {
                    "name": target.name,
                    "label": target.label,
                    "kind": target.kind,
                    "p95_ms": target.p95_ms,
                    "connections": target.connections,
                    "cacheable": target.cacheable,
                    "requests": [vars(request) for request in requests],
                    "queries": queries,
                }
            )
        # Counting a publication's queries published notices: their emails are not measured.
        drop_queued_tasks()
        self.stdout.write(json.dumps(plan, ensure_ascii=False))

    @override_settings(PORTAL_PAGE_CACHE_SECONDS=0)
    def count_queries(self, requests) -> int | None:
        client = Client(HTTP_HOST="127.0.0.1")
        most = 0
        sample = requests[:QUERY_SAMPLE]
        if any(request.once for request in sample):
            # Each may be sent once (a vote): the first one warms the process, the others count.
            attempts = [(request, 1) for request in sample]
            attempts[0] = (sample[0], 0)
        else:
            attempts = [(request, attempt) for request in sample for attempt in range(2)]
        for request, attempt in attempts:
            with CaptureQueriesContext(connection) as queries:
                response = self._send(client, request, attempt)
            if response.status_code >= 400:
                return None
            if attempt:
                most = max(most, len(queries.captured_queries))
        return most

    def _send(self, client: Client, request, attempt: int):
        if request.cookie:  # a signed-in client of its own
            client.cookies.clear()
            client.cookies.load(request.cookie)
        if request.method == "POST":
            form = {
                name: value.replace("{key}", f"plan-{attempt}-{id(request)}")
                for name, value in request.form.items()
            }
            return client.post(request.path, form)
        return client.get(request.path)
