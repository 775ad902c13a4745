"""Make a page type searchable in Chinese: mix in and list the fields to segment."""

from django.utils.html import strip_tags

from wagtail.search import index

from search.events import events_of
from search.registry import section_for_model
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

    def life_events(self) -> list[str]:
        """The life events this page serves, inferred from its own text (search.events)."""
        section = section_for_model(type(self))
        if section is not None:
            return events_of(section.event_text(self))
        return events_of(getattr(self, "title", ""), getattr(self, "search_description", ""))

    def segmented_text(self) -> str:
        refresh_dictionary()
        title = getattr(self, "title", "")
        texts = [title] * TITLE_WEIGHT + [self._field_text(name) for name in self.segmented_fields]
        # Event names are indexed whole (one token each), as the query sends them.
        return " ".join([index_text(*texts), *self.life_events()])
