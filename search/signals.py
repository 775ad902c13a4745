"""Keep search current: the vocabulary follows publishing, the index follows the dictionary, and
with Elasticsearch the cluster follows publishing and the editors' synonyms (background tasks)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from search import elastic, vocabulary
from search.models import DictionaryWord, LifeEvent, Synonym
from search.segmentation import use_extra_words
from search.tasks import index_page, push_synonyms, reindex_pages, remove_page


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    vocabulary.invalidate()
    if elastic.enabled():
        page_id = instance.pk
        transaction.on_commit(lambda: index_page.enqueue(page_id))


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        vocabulary.invalidate()
        if elastic.enabled():
            page_id = instance.pk
            transaction.on_commit(lambda: remove_page.enqueue(page_id))


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def synonyms_changed(sender, **kwargs):
    vocabulary.invalidate()
    if elastic.enabled():
        transaction.on_commit(push_synonyms.enqueue)


@receiver(post_save, sender=DictionaryWord)
@receiver(post_delete, sender=DictionaryWord)
@receiver(post_save, sender=LifeEvent)
@receiver(post_delete, sender=LifeEvent)
def dictionary_changed(sender, raw=False, **kwargs):
    """New words change how pages are cut into words, and a life event's signs which pages it
    holds: re-index them after the commit, once however many words the transaction changed.

    Rows loaded as they are (``loaddata``, a restore: ``raw``) come with the index they had.
    """
    if raw:
        return
    use_extra_words(vocabulary.dictionary_words())
    vocabulary.invalidate()
    # One re-index per transaction: a callback already waiting for this commit covers this
    # change too (a rollback drops it with the changes it was for).
    waiting = transaction.get_connection().run_on_commit
    if any(getattr(callback, "reindexes_pages", False) for _, callback, _ in waiting):
        return

    def reindex() -> None:
        reindex_pages.enqueue()

    reindex.reindexes_pages = True
    transaction.on_commit(reindex)
