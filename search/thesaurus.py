"""The thesaurus and life events the portal ships (``search/data``), and loading them.

Editors manage both in the admin (Search > Thesaurus, Search > Life events); the files are the
starting set. Loading adds what is missing and leaves alone every entry that exists, so an
editor's change is never undone; ``update=True`` (``load_thesaurus --update``) rewrites the shipped
entries to the files' words.
"""

from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
THESAURUS_FILE = DATA / "thesaurus.txt"
LIFE_EVENTS_FILE = DATA / "life_events.txt"
KINDS = ("synonym", "alias", "abbreviation", "colloquial")


@dataclass(frozen=True)
class Entry:
    kind: str
    term: str
    two_way: bool
    words: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    name: str
    signs: tuple[str, ...]
    phrasings: tuple[str, ...]


def _lines(path: Path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            yield number, [part.strip() for part in line.split("|")]


def _split(text: str) -> tuple[str, ...]:
    from search.models import split_terms

    return tuple(split_terms(text))


def shipped_entries(path: Path = THESAURUS_FILE) -> list[Entry]:
    entries = []
    for number, parts in _lines(path):
        if len(parts) != 4 or parts[0] not in KINDS or parts[2] not in ("=", "->"):
            raise ValueError(f"{path.name}:{number}: expected 'kind | term | = or -> | words'")
        kind, term, arrow, words = parts
        entries.append(Entry(kind, term.lower(), arrow == "=", _split(words)))
    return entries


def shipped_events(path: Path = LIFE_EVENTS_FILE) -> list[Event]:
    events = []
    for number, parts in _lines(path):
        if len(parts) != 3 or not parts[0] or not _split(parts[1]):
            raise ValueError(f"{path.name}:{number}: expected 'name | signs | phrasings'")
        events.append(Event(parts[0].lower(), _split(parts[1]), _split(parts[2])))
    return events


def load_shipped(synonym_model, event_model, *, update: bool = False) -> tuple[int, int]:
    """Add the shipped entries and events that are missing; returns how many were written."""
    written_entries = written_events = 0
    for entry in shipped_entries():
        values = {"synonyms": "，".join(entry.words), "two_way": entry.two_way, "kind": entry.kind}
        if update:
            synonym_model.objects.update_or_create(term=entry.term, defaults=values)
            written_entries += 1
        else:
            _obj, created = synonym_model.objects.get_or_create(term=entry.term, defaults=values)
            written_entries += created
    for event in shipped_events():
        values = {"signs": "，".join(event.signs), "phrasings": "，".join(event.phrasings)}
        if update:
            event_model.objects.update_or_create(name=event.name, defaults=values)
            written_events += 1
        else:
            _obj, created = event_model.objects.get_or_create(name=event.name, defaults=values)
            written_events += created
    return written_entries, written_events
