from django.core.management import call_command

from django_tasks import task


@task()
def reindex_pages() -> None:
    """Rebuild the search index (after the dictionary changed how text is cut into words)."""
    call_command("update_index", verbosity=0)
