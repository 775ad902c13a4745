"""Background tasks someone is waiting for go before upkeep.

Wagtail queues its own upkeep (the reference index, the search index) for every page saved: after
an import thousands of such tasks wait. An email to a resident or a member of staff is queued
ahead of them, ``people_waiting(task).enqueue(...)``, where the backend orders by priority (the
database backend). Redis queues (RQ) have no priorities; there the order stays first come, first
served.
"""

from django_tasks.base import Task

PEOPLE_WAITING = 10  # django-tasks' default is 0; upkeep keeps it
# A task of seconds that every resident's searches wait on (the search vocabulary after a
# change: at most one per language per SEARCH_VOCABULARY_REFRESH), ahead even of the next batch
# of a round of emails, which takes minutes to reach 5,000 subscribers anyway.
EVERYONE_WAITING = 20


def people_waiting(task: Task, priority: int = PEOPLE_WAITING) -> Task:
    """``task``, queued ahead of upkeep where the backend can."""
    if task.get_backend().supports_priority:
        return task.using(priority=priority)
    return task
