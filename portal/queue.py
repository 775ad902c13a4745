"""Background tasks someone is waiting for go before upkeep.

Wagtail queues its own upkeep (the reference index, the search index) for every page saved: after
an import thousands of such tasks wait. An email to a resident or a member of staff is queued
ahead of them, ``people_waiting(task).enqueue(...)``, where the backend orders by priority (the
database backend). Redis queues (RQ) have no priorities; there the order stays first come, first
served.
"""

from django_tasks.base import Task

PEOPLE_WAITING = 10  # django-tasks' default is 0; upkeep keeps it


def people_waiting(task: Task) -> Task:
    """``task``, queued ahead of upkeep where the backend can."""
    if task.get_backend().supports_priority:
        return task.using(priority=PEOPLE_WAITING)
    return task
