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


@dataclass
class EventMatcher:
    """Which events a text serves: one alternation of every sign, longest first.

    A sign that is the beginning of a longer one (养老 of 养老保险) is shadowed where the longer one
    matches: list a sign under every event it signals.
    """

    signs: dict[str, set[str]] = field(default_factory=dict)  # sign -> event names
    phrasings: dict[str, set[str]] = field(default_factory=dict)  # phrasing -> event names
    pattern: re.Pattern | None = None

    def add(self, name: str, signs: list[str], phrasings: list[str]) -> None:
        for sign in signs:
            self.signs.setdefault(sign.lower(), set()).add(name)
        for phrasing in phrasings:
            self.phrasings.setdefault(phrasing.lower(), set()).add(name)

    def finish(self) -> "EventMatcher":
        if self.signs:
            alternatives = sorted(self.signs, key=len, reverse=True)
            # In a lookahead, so signs that overlap are all found (养老 inside 居家养老服务).
            self.pattern = re.compile(
                "(?=(" + "|".join(_sign_pattern(sign) for sign in alternatives) + "))"
            )
        return self

    def events_in(self, text: str) -> list[str]:
        """The names of the events whose signs appear in ``text``, in a stable order."""
        if self.pattern is None or not text:
            return []
        found: set[str] = set()
        for match in self.pattern.finditer(simplified(text).lower()):
            found |= self.signs.get(match.group(1), set())
        return sorted(found)


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
