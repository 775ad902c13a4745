"""Life events (出生, 失业, 退休, 身后事 ...) inferred from a page's own text.

A page belongs to an event when its text holds one of the event's signs (search.models.LifeEvent):
at index time the event's name is added to the page's indexed words, and at ranking time the same
inference on the text the results show tells which events a result serves. Nobody tags pages, so
an imported guide belongs to its events the moment it is indexed.

The events are read once per vocabulary generation per process (an editor's change bumps the
generation, see search.vocabulary), and matched with one regular expression over the text.
"""

import re
import threading
from dataclasses import dataclass, field

from search.segmentation import simplified

_lock = threading.Lock()
CACHE_SIZE = 50_000  # texts whose events are kept (the matcher is replaced when events change)


@dataclass
class EventMatcher:
    """Which events a text serves: every sign found in it."""

    signs: dict[str, set[str]] = field(default_factory=dict)  # sign -> event names
    phrasings: dict[str, set[str]] = field(default_factory=dict)  # phrasing -> event names
    pattern: re.Pattern | None = None

    def add(self, name: str, signs: list[str], phrasings: list[str]) -> None:
        for sign in signs:
            self.signs.setdefault(sign.lower(), set()).add(name)
        for phrasing in phrasings:
            self.phrasings.setdefault(phrasing.lower(), set()).add(name)

    def finish(self) -> "EventMatcher":
        # Chinese signs are found with ``in`` (faster than one large alternation over 200
        # candidates a search); Latin signs as whole words with any ending ("funerals").
        self._chinese = [(sign, names) for sign, names in self.signs.items() if not sign.isascii()]
        latin = sorted((sign for sign in self.signs if sign.isascii()), key=len, reverse=True)
        if latin:
            self.pattern = re.compile("|".join(_sign_pattern(sign) for sign in latin))
        self._cache: dict[str, list[str]] = {}
        return self

    def __getstate__(self):
        # Shared between processes through the cache without what each process keeps itself.
        state = dict(self.__dict__)
        state.pop("_cache", None)
        return state

    def events_in(self, text: str) -> list[str]:
        """The names of the events whose signs appear in ``text``, in a stable order."""
        if not text or not self.signs:
            return []
        cache = getattr(self, "_cache", None)
        if cache is None:
            self.finish()
            cache = self._cache
        found_before = cache.get(text)
        if found_before is not None:
            return found_before
        plain = simplified(text).lower()
        found: set[str] = set()
        for sign, names in self._chinese:
            if sign in plain:
                found |= names
        if self.pattern is not None and re.search("[a-z]", plain):
            for match in self.pattern.finditer(plain):
                found |= self.signs.get(match.group(0), set())
        result = sorted(found)
        if len(cache) < CACHE_SIZE:
            cache[text] = result
        return result


def _sign_pattern(sign: str) -> str:
    # Latin signs match whole words (with any ending: "funeral" finds "funerals").
    if sign.isascii():
        return r"\b" + re.escape(sign) + r"(?=[a-z]*\b)"
    return re.escape(sign)


_matcher: tuple[int, EventMatcher] | None = None


def load() -> EventMatcher:
    from search.models import LifeEvent

    matcher = EventMatcher()
    for event in LifeEvent.objects.all():
        matcher.add(event.name, event.sign_words(), event.phrasing_words())
    return matcher.finish()


def matcher() -> EventMatcher:
    """The current life events (reloaded when the vocabulary generation changes)."""
    global _matcher
    from search.vocabulary import generation

    current = generation()
    held = _matcher
    if held is not None and held[0] == current:
        return held[1]
    with _lock:
        made = load()
        _matcher = (current, made)
    return made


def events_of(*texts: str) -> list[str]:
    return matcher().events_in(" ".join(text for text in texts if text))
