"""Workers' check-ins and the health of the queue as ``/healthz`` reports it."""

from __future__ import annotations

import datetime
import os
import socket

from django.conf import settings
from django.utils import timezone

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from jobs.models import WorkerCheckIn

_STARTED = timezone.now()


def process_id(prefix: str) -> str:
    return f"{prefix}:{socket.gethostname()}:{os.getpid()}"[:64]


def rq_worker_id() -> str:
    # RQ runs each job in a child of the worker process: name the worker, not the child.
    return f"rq:{socket.gethostname()}:{os.getppid()}"[:64]


def check_in(kind: str, worker_id: str, now: datetime.datetime | None = None) -> WorkerCheckIn:
    """Record that this worker (or scheduler) is alive now."""
    now = now or timezone.now()
    check, _created = WorkerCheckIn.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "kind": kind,
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "seen_at": now,
        },
        create_defaults={
            "kind": kind,
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "seen_at": now,
            "started_at": _STARTED,
        },
    )
    return check


def health(now: datetime.datetime | None = None) -> dict[str, object]:
    """``{"worker": "ok" | "stale" | "none" | "immediate", "worker_seen": seconds ago}``.

    ``stale``: the last check-in of any worker is older than ``WORKER_STALE_AFTER`` seconds;
    ``none``: no worker ever checked in; ``immediate``: tasks run in the web process, no worker
    is needed.
    """
    if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend):
        return {"worker": "immediate"}
    now = now or timezone.now()
    seen = (
        WorkerCheckIn.objects.filter(kind="worker")
        .order_by("-seen_at")
        .values_list("seen_at", flat=True)
        .first()
    )
    if seen is None:
        return {"worker": "none"}
    age = int((now - seen).total_seconds())
    state = "ok" if age <= settings.WORKER_STALE_AFTER else "stale"
    return {"worker": state, "worker_seen": age}
