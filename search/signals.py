"""Keep search current: the vocabulary follows publishing, the index follows the dictionary."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from search import vocabulary
from search.models import DictionaryWord, Synonym
from search.segmentation import use_extra_words
from search.tasks import reindex_pages


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, **kwargs):
    vocabulary.invalidate()


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        vocabulary.invalidate()


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def synonyms_changed(sender, **kwargs):
    vocabulary.invalidate()


@receiver(post_save, sender=DictionaryWord)
@receiver(post_delete, sender=DictionaryWord)
def dictionary_changed(sender, **kwargs):
    """New words change how pages are cut into words: re-index them after the commit."""
    use_extra_words(DictionaryWord.objects.values_list("word", flat=True))
    vocabulary.invalidate()
    transaction.on_commit(reindex_pages.enqueue)
