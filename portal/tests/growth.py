"""How much the database works to answer a piece of code, to test that it does not grow with data.

``database_work(function)`` runs ``function`` and returns a number that grows with the rows the
database reads: on PostgreSQL the rows every scan of the queries' plans read (``EXPLAIN ANALYZE``
of each query the function sent, run again), on SQLite the virtual machine steps of its queries
(counted by a progress handler). Compare it for the same code at a small and a large volume; the
numbers of the two databases are not comparable with each other.
"""

import json
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

STEPS = 100  # SQLite's progress handler is called every STEPS virtual machine instructions


def _rows_read(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    def walk(node) -> int:
        read = 0
        if "Scan" in node["Node Type"]:
            read += (node["Actual Rows"] + node.get("Rows Removed by Filter", 0)) * node[
                "Actual Loops"
            ]
        return read + sum(walk(child) for child in node.get("Plans", []))

    return walk(plan[0]["Plan"])


def database_work(function: Callable[[], Any]) -> int:
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with CaptureQueriesContext(connection) as queries:
            function()
        return sum(
            _rows_read(query["sql"])
            for query in queries.captured_queries
            if query["sql"].lstrip().upper().startswith("SELECT")
        )
    if connection.vendor != "sqlite":
        raise NotImplementedError(connection.vendor)
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0  # go on

    raw = connection.connection
    raw.set_progress_handler(count, STEPS)
    try:
        function()
    finally:
        raw.set_progress_handler(None, STEPS)
    return steps[0] * STEPS
