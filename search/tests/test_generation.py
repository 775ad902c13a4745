"""Workers that start at once agree on the search vocabulary's generation.

The generation (a number every publish changes) and the build lock live in the cache the workers
share. When it is empty (a new deployment, a cleared cache) the first workers to search each
propose a generation at the same moment: if two kept different ones, each would take the
other's vocabulary for out of date and rebuild it while residents search.
"""

import multiprocessing

from django.core.cache import caches

from portal.settings import base
from search import vocabulary

PROCESSES = 6
ROUNDS = 8


def _generation(barrier, results) -> None:
    caches["pages"].close()
    barrier.wait()
    results.put(vocabulary.generation())


def test_processes_starting_on_an_empty_cache_agree_on_the_generation(settings, tmp_path):
    # The shared cache as production configures it without Redis (Redis's add is atomic).
    assert base.CACHES["pages"]["BACKEND"] in (
        "portal.cache.SharedFileCache",
        "django.core.cache.backends.redis.RedisCache",
    )
    context = multiprocessing.get_context("fork")
    for number in range(ROUNDS):
        settings.CACHES = {
            **settings.CACHES,
            "pages": {
                "BACKEND": "portal.cache.SharedFileCache",
                "LOCATION": tmp_path / str(number),
            },
        }
        barrier, results = context.Barrier(PROCESSES), context.Queue()
        workers = [
            context.Process(target=_generation, args=(barrier, results)) for _ in range(PROCESSES)
        ]
        for worker in workers:
            worker.start()
        seen = {results.get(timeout=30) for _ in workers}
        for worker in workers:
            worker.join(timeout=30)
        assert len(seen) == 1, f"round {number}: {len(seen)} generations"
        assert vocabulary.generation() in seen
