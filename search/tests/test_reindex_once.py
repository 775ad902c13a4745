"""A change to the dictionary re-indexes the pages once per transaction, and never for rows
loaded as they are (a restore, ``loaddata``): a thesaurus of 69 life events loaded in one go
rebuilt the whole index 69 times."""

from django.db import transaction
from django.utils import timezone

import pytest

from search.models import DictionaryWord, LifeEvent

pytestmark = pytest.mark.django_db


def _reindexes(callbacks) -> int:
    return sum(1 for callback in callbacks if getattr(callback, "reindexes_pages", False))


def test_many_words_in_one_transaction_reindex_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        for number in range(5):
            DictionaryWord.objects.create(word=f"测试词{number}")
        LifeEvent.objects.create(name="测试事项", signs="测试")
        DictionaryWord.objects.filter(word="测试词0").delete()
    assert _reindexes(callbacks) == 1


def test_a_change_after_a_rolled_back_one_still_reindexes(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                DictionaryWord.objects.create(word="回滚词")
                raise RuntimeError("editor cancelled")
        except RuntimeError:
            pass
        DictionaryWord.objects.create(word="保留词")
    assert _reindexes(callbacks) == 1
    assert list(
        DictionaryWord.objects.filter(word__in=["回滚词", "保留词"]).values_list("word", flat=True)
    ) == ["保留词"]


def test_rows_loaded_as_they_are_do_not_reindex(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        DictionaryWord(word="恢复词", updated_at=timezone.now()).save_base(raw=True)
    assert _reindexes(callbacks) == 0
    assert DictionaryWord.objects.filter(word="恢复词").exists()
