"""gunicorn's settings for the portal, read from the working directory by ``gunicorn portal.wsgi``.

``preload_app``: the master process imports the portal once (Django, Wagtail, the apps, jieba's
dictionary and the pinyin tables, see ``portal/wsgi.py``) before it forks the workers, so those
hundred-odd megabytes are shared copy-on-write pages instead of one copy per worker. The garbage
collector is kept off them (``gc.freeze``), or its passes would touch and so copy them.

Command-line options override these (``--workers 5``); ``WEB_CONCURRENCY`` sets the number of
workers when no option does.
"""

import os

preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Keep the heartbeat file in memory: on a busy disk a worker's heartbeat can look late.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108


def post_fork(server, worker):
    """Each worker opens its own database connections (none may be shared across a fork)."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
