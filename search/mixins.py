"""Make a page type searchable in Chinese: mix in and list the fields to segment."""

from django.utils.html import strip_tags

from wagtail.search import index

from search.segmentation import index_text
from search.vocabulary import refresh_dictionary

# The title is cut three times into the text, so a match in the title outranks one in the body
# (the database backend has no per-field boost for fields other than the title).
TITLE_WEIGHT = 3


class SegmentedSearchMixin:
    """Adds ``segmented_text`` (jieba words and pinyin) to the page's search index.

    Subclasses set ``segmented_fields`` and add ``*SegmentedSearchMixin.search_fields_extra`` to
    their ``search_fields``. StreamFields contribute their searchable content.
    """

    segmented_fields: tuple[str, ...] = ()
    search_fields_extra = [index.SearchField("segmented_text")]

    def _field_text(self, name: str) -> str:
        value = getattr(self, name, None)
        if value is None:
            return ""
        stream_block = getattr(value, "stream_block", None)
        if stream_block is not None:
            return " ".join(str(part) for part in stream_block.get_searchable_content(value))
        return strip_tags(str(value))

    def segmented_text(self) -> str:
        refresh_dictionary()
        title = getattr(self, "title", "")
        texts = [title] * TITLE_WEIGHT + [self._field_text(name) for name in self.segmented_fields]
        return index_text(*texts)
