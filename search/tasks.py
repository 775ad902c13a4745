import logging

from django.core.management import call_command

from django_tasks import task

from search import elastic

logger = logging.getLogger(__name__)


@task()
def reindex_pages() -> None:
    """Rebuild the search index (after the dictionary changed how text is cut into words)."""
    call_command("update_index", verbosity=0)
    if elastic.enabled():
        call_command("search_index", update=True, verbosity=0)


@task()
def index_page(page_id: int) -> str:
    """Bring one page's Elasticsearch document up to date (published, unpublished, moved)."""
    if not elastic.enabled():
        return "skipped"
    try:
        return elastic.index_page(page_id)
    except (*elastic.CLUSTER_ERRORS, elastic.SearchUnavailable) as exc:
        # Searches still answer (from the database when needed); `search_index --update`
        # catches up with every change the cluster missed.
        logger.error("Elasticsearch: page %s not re-indexed: %s", page_id, exc)
        return "failed"


@task()
def remove_page(page_id: int) -> str:
    """Remove a deleted page's Elasticsearch document."""
    if not elastic.enabled():
        return "skipped"
    try:
        elastic.remove_page(page_id)
    except (*elastic.CLUSTER_ERRORS, elastic.SearchUnavailable) as exc:
        logger.error("Elasticsearch: deleted page %s not removed: %s", page_id, exc)
        return "failed"
    return "removed"


@task()
def push_synonyms() -> str:
    """Send the editors' synonyms to the cluster's synonym set."""
    if not elastic.enabled():
        return "skipped"
    try:
        count = elastic.push_synonyms()
    except (*elastic.CLUSTER_ERRORS, elastic.SearchUnavailable) as exc:
        logger.error("Elasticsearch: synonyms not pushed: %s", exc)
        return "failed"
    return f"{count} rules"


@task()
def build_vocabulary(language_code: str) -> str:
    """Build the search vocabulary of a language for every process (after pages or the thesaurus
    changed; see ``search.vocabulary.for_language``)."""
    from search.vocabulary import build_for_all

    built = build_for_all(language_code)
    return f"{built.documents} documents, {len(built.frequency)} words"
