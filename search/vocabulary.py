"""The words the portal's pages use, per language: for spelling correction, pinyin and ranking.

Built from the titles and summaries of the live pages of every registered section, plus the
editors' synonyms and dictionary words; kept in memory per process and rebuilt when a page is
published, unpublished or deleted, or a synonym or dictionary word changes (a generation counter
in the cache, so every process of a deployment notices), and at the latest after ``MAX_AGE``.
A build is written to a file that every process of the host maps into memory (one copy of its
tables for all the workers, ``search.mapped``) and stored in that cache too, so the other workers
and hosts take it instead of building their own.
"""

import contextlib
import gc
import hashlib
import logging
import math
import os
import pickle
import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection

from wagtail.models import Locale, Page

from search import mapped
from search.documents import short_titles
from search.events import EventMatcher
from search.events import load as load_events
from search.registry import sections
from search.segmentation import (
    CJK,
    DATA,
    fuzzy_key,
    initials,
    pinyin,
    plain_words,
    reading_as_in,
    simplified,
    tokenizer,
    use_extra_words,
)

logger = logging.getLogger(__name__)
GENERATION_KEY = "search:vocabulary-generation"
STORE_KEY = "search:vocabulary"
# A safety net for a change nobody announced (every publish, edit or synonym already does): a
# build older than this is made again. Each build reads every live page's title and summary
# (tens of seconds of a worker at 10,000 guides), so not every few minutes.
MAX_AGE = 6 * 3600  # seconds
# While one process builds, the others go on with the vocabulary they have; a build that has not
# finished after this long (its process stopped) no longer holds the others back.
BUILD_LOCK_SECONDS = 300
# How much lower than the web workers a build in the task worker runs (see ``build_for_all``).
BUILD_NICENESS = 10
# Names (title and thesaurus words) a short form or a back-off may lead to.
MAX_NAME_CHARACTERS = 8
ABBREVIATION_CHOICES = 3
CHARACTER_CHOICES = 12
BACK_OFF_CHOICES = 3
CJK_ONLY = re.compile(r"[\u3400-\u9fff]+")
# Characters too common to say anything about a word on their own.
COMMON_CHARACTERS = frozenset(
    "的了是在有和人我你他她们这那个一不也就都要会能到上下里家子么吗吧呢啊"
    "没想给被把刚去来过得着还再很太"
)


@dataclass
class Synonyms:
    """term -> words it also searches for (both ways for two-way rules)."""

    expansions: dict[str, set[str]] = field(default_factory=dict)

    def add(self, term: str, words: list[str], two_way: bool) -> None:
        self.expansions.setdefault(term, set()).update(words)
        if two_way:
            group = {term, *words}
            for word in words:
                self.expansions.setdefault(word, set()).update(group - {word})

    def close(self) -> None:
        """One step further: 医保卡 -> 社保卡 also reaches 社保卡's 社会保障卡."""
        direct = {term: set(words) for term, words in self.expansions.items()}
        for term, words in direct.items():
            for word in list(words):
                self.expansions[term] |= direct.get(word, set())
            self.expansions[term].discard(term)

    def terms_in(self, text: str) -> list[str]:
        """The rule terms found in a text, longest first, without overlaps."""
        found: list[str] = []
        taken: list[tuple[int, int]] = []
        for term in sorted(self.expansions, key=len, reverse=True):
            start = text.find(term)
            while start != -1:
                end = start + len(term)
                if all(end <= a or start >= b for a, b in taken) and _whole(text, start, end):
                    found.append(term)
                    taken.append((start, end))
                    break
                start = text.find(term, start + 1)
        return found


class Lookups:
    """What a search asks of a vocabulary; the tables are dicts while one is built and tables
    of a mapped file (``MappedVocabulary``) once it is shared."""

    documents: int
    frequency: Mapping[str, int]
    deletes: Mapping[str, Sequence[str]]
    by_pinyin: Mapping[str, Sequence[str]]
    by_initials: Mapping[str, Sequence[str]]
    by_sound: Mapping[str, Sequence[str]]
    by_abbreviation: Mapping[str, Sequence[str]]
    by_character: Mapping[str, Sequence[str]]
    synonyms: Synonyms

    def knows(self, word: str) -> bool:
        return word in self.frequency

    def idf(self, word: str) -> float:
        return math.log(1 + (self.documents + 1) / (1 + self.frequency.get(word, 0)))

    def corrections(self, word: str) -> list[str]:
        """Known words one edit (a wrong, missing or extra character, or two swapped) away,
        most frequent first."""
        if len(word) < 3 or _HAS_DIGIT.search(word):
            return []
        candidates: set[str] = set()
        for key in _deletes(word):
            candidates.update(self.deletes.get(key, ()))
        candidates = {
            known
            for known in candidates
            if known != word and _one_edit(word, known) and _same_script(word, known)
        }
        return sorted(candidates, key=lambda known: (-self.frequency[known], known))

    def abbreviations(self, word: str) -> list[str]:
        """The names ``word`` is a short form of (个税 -> 个人所得税), most used first."""
        return [name for name in self.by_abbreviation.get(word, []) if name != word]

    def back_off(self, word: str) -> list[str]:
        """For a word the portal does not know (压伤): the names that hold its last character,
        which in a Chinese compound says what kind of thing it is (伤: 工伤), sharing most of its
        other telling characters, most used first. A weak hint, never a match of its own; none
        when the last character says nothing on its own (转到)."""
        head = word[-1]
        if head in COMMON_CHARACTERS or not CJK.search(head):
            return []
        telling = set(word) - COMMON_CHARACTERS
        candidates = [name for name in self.by_character.get(head, []) if name != word]
        if not candidates:
            return []
        shared = {name: len(telling & set(name)) for name in candidates}
        most = max(shared.values())
        best = [name for name in candidates if shared[name] == most]
        best.sort(key=lambda name: (-self.frequency.get(name, 0), len(name), name))
        return best[:BACK_OFF_CHOICES]

    def hanzi_for(self, spelled: str) -> list[str]:
        return self.by_pinyin.get(spelled.lower(), [])

    def words_for_initials(self, letters: str) -> list[str]:
        return self.by_initials.get(letters.lower(), [])

    def sound_alikes(self, word: str) -> list[str]:
        """Known words that sound like ``word`` (同音, or close: 居住正 -> 居住证), most used first."""
        return [known for known in self.by_sound.get(fuzzy_key(word), []) if known != word]

    def shape_alikes(self, word: str) -> list[str]:
        """Known words with one character swapped for one that looks like it (侯 for 候)."""
        found = []
        for i, char in enumerate(word):
            for other in confusable(char):
                candidate = word[:i] + other + word[i + 1 :]
                if candidate in self.frequency:
                    found.append(candidate)
        return sorted(set(found), key=lambda known: (-self.frequency[known], known))


@dataclass
class Vocabulary(Lookups):
    """Document frequencies of words in one language, with lookups for correction and pinyin."""

    documents: int = 0
    frequency: Counter = field(default_factory=Counter)
    by_pinyin: dict[str, list[str]] = field(default_factory=dict)
    # One-character deletions of every known word -> the words (for ``corrections``).
    deletes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    synonyms: Synonyms = field(default_factory=Synonyms)
    by_initials: dict[str, list[str]] = field(default_factory=dict)
    by_sound: dict[str, list[str]] = field(default_factory=dict)
    events: EventMatcher = field(default_factory=EventMatcher)
    # Words of titles and thesaurus entries: what abbreviations and back-off lead to.
    names: set[str] = field(default_factory=set)
    seen_runs: set[str] = field(default_factory=set)  # while building only
    by_abbreviation: dict[str, list[str]] = field(default_factory=dict)
    by_character: dict[str, list[str]] = field(default_factory=dict)
    # Thesaurus terms whose characters read as in the words they stand for, not as usual.
    read_as: dict[str, list[str]] = field(default_factory=dict)

    def add_document(self, text: str, events: list[str] = ()) -> None:
        self.documents += 1
        self.frequency.update(set(plain_words(text)) | set(events))

    def add_word(self, word: str, count: int = 1) -> None:
        self.frequency[word] += count

    def add_name(self, text: str) -> None:
        """A title or a thesaurus word: its Chinese words of two or more characters are what a
        short form of them (医保 for 医疗保险) or an unknown word's back-off can lead to."""
        for run in _cjk_runs(text):
            if run in self.seen_runs:
                continue  # titles repeat their phrases (…办理点): each is cut once
            self.seen_runs.add(run)
            # The run, its words, and two or three words in a row (医疗 保险 -> 医疗保险): what a
            # short form abbreviates may be a phrase the segmenter cuts in two.
            cut = list(tokenizer().cut(run))
            words = [run, *tokenizer().cut_for_search(run)]
            words.extend("".join(cut[i : i + n]) for n in (2, 3) for i in range(len(cut) - n + 1))
            for word in words:
                if 2 <= len(word) <= MAX_NAME_CHARACTERS and CJK_ONLY.fullmatch(word):
                    self.names.add(word)

    def finish(self) -> None:
        """Add the pinyin of every Chinese word (once per distinct word), index for correction."""
        spelled: dict[str, Counter] = defaultdict(Counter)
        letters: dict[str, Counter] = defaultdict(Counter)
        sounds: dict[str, Counter] = defaultdict(Counter)
        for word, count in list(self.frequency.items()):
            if CJK.search(word) and len(word) >= 2:
                spelled[pinyin(word)][word] += count
                sounds[fuzzy_key(word)][word] += count
                if len(word) <= 8:
                    letters[initials(word)][word] += count
                heard = self.read_as.get(word)
                if heard:  # a short form read as the words it stands for (长护险: chx, not zhx)
                    spelled["".join(heard)][word] += count
                    letters["".join(syllable[0] for syllable in heard)][word] += count
        # The names (titles, their phrases, thesaurus words) by their initials and sound too,
        # after the words in use: jtgj and the typo 家庭共挤 find 家庭共济 in a title that only
        # has 家庭 and 共济 as words.
        for name in self.names - self.frequency.keys():
            if len(name) <= 8:
                letters[initials(name)][name] += 0
                sounds[fuzzy_key(name)][name] += 0
        for key, counter in spelled.items():
            self.frequency[key] += sum(counter.values())
        # Only keys of two characters or more: ``corrections`` asks for words of three or more,
        # whose deletions are never a single character (those keys held every two-character
        # word sharing a character, a quarter of the vocabulary's memory). Tuples, not sets:
        # a small set costs four times as much, in every worker.
        # Nor numbers and codes (2025 is no typo of 2026, nor A102 of A101): at 10,000 items
        # they were most of the Latin words.
        deletes: dict[str, list[str]] = defaultdict(list)
        for word in self.frequency:
            if len(word) >= 2 and not _HAS_DIGIT.search(word):
                for key in _deletes(word):
                    if len(key) >= 2:
                        deletes[key].append(word)
        self.deletes = {key: tuple(words) for key, words in deletes.items()}
        self.by_pinyin = {
            key: [word for word, _count in counter.most_common(3)]
            for key, counter in spelled.items()
        }
        # Initials are ambiguous (sq: 申请, 社区, 诉求): the most used words first, longer words
        # before shorter ones of the same use.
        self.by_initials = {
            key: [w for w, _c in sorted(counter.items(), key=lambda i: (-i[1], -len(i[0])))][:4]
            for key, counter in letters.items()
            if len(key) >= 2
        }
        self.by_sound = {
            key: [word for word, _count in counter.most_common(3)]
            for key, counter in sounds.items()
        }
        self._index_names()
        self.seen_runs = set()

    def _index_names(self) -> None:
        """Short forms and characters of the names, for ``abbreviations`` and ``back_off``.

        A short form keeps a name's first character and one or two later ones in order (医保 and
        医疗保 for 医疗保险, 个税 for 个人所得税), the way Chinese abbreviates; a form that is a
        plain prefix (医疗) is a word of its own, not a short form. Most used names first."""
        rank = lambda word: (-self.frequency.get(word, 0), len(word), word)  # noqa: E731
        short: dict[str, set[str]] = defaultdict(set)
        characters: dict[str, set[str]] = defaultdict(set)
        for name in self.names:
            for char in set(name):
                if char not in COMMON_CHARACTERS:
                    characters[char].add(name)
            if len(name) >= 3:
                for form in _short_forms(name):
                    short[form].add(name)
        self.by_abbreviation = {
            form: sorted(names, key=rank)[:ABBREVIATION_CHOICES] for form, names in short.items()
        }
        self.by_character = {
            char: sorted(names, key=rank)[:CHARACTER_CHOICES] for char, names in characters.items()
        }

    def to_bytes(self) -> bytes:
        """The file every process maps (``MappedVocabulary``): the lookups' tables, and the
        document count and synonyms (a few thousand rules, kept as objects in each process)."""
        return mapped.dump(
            {
                "frequency": (mapped.COUNT, self.frequency),
                **{name: (mapped.WORDS, getattr(self, name)) for name in WORD_TABLES},
            },
            extra=pickle.dumps((self.documents, self.synonyms), pickle.HIGHEST_PROTOCOL),
        )


# The tables of a vocabulary that map a key to words.
WORD_TABLES = ("deletes", "by_pinyin", "by_initials", "by_sound", "by_abbreviation", "by_character")


class MappedVocabulary(Lookups):
    """A built vocabulary read from its file, which every process of the host maps: its tables
    are pages of the operating system's file cache, not objects of each worker (see
    ``search.mapped``)."""

    def __init__(self, path: Path):
        tables = mapped.Tables(path)
        self.path = path
        self.frequency = tables["frequency"]
        for name in WORD_TABLES:
            setattr(self, name, tables[name])
        self.documents, self.synonyms = pickle.loads(tables.extra)  # noqa: S301 - our own file


def _whole(text: str, start: int, end: int) -> bool:
    """A Latin term is found as whole words only ("rent" is not in "parents"); Chinese has no
    spaces, so a Chinese term is found anywhere."""
    if not text[start:end].isascii():
        return True
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _short_forms(name: str) -> set[str]:
    """Short forms of a name: its first character and one or two later ones, in order, that are
    not simply its beginning (医疗保险 -> 医保, 医险, 医疗保, 医保险 ...)."""
    rest = range(1, len(name))
    forms = {name[0] + name[i] for i in rest}
    forms |= {name[0] + name[i] + name[j] for i, j in combinations(rest, 2)}
    return {form for form in forms if not name.startswith(form)}


def _cjk_runs(text: str) -> list[str]:
    return re.findall(r"[\u3400-\u9fff]+", simplified(text))


_confusables: dict[str, str] | None = None


def confusable(char: str) -> str:
    """Characters that look like ``char`` (search/data/confusables.txt: one group a line)."""
    global _confusables
    if _confusables is None:
        table: dict[str, str] = {}
        path = DATA / "confusables.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            group = "".join(ch for ch in line.split("#")[0] if CJK.search(ch))
            for ch in group:
                table[ch] = table.get(ch, "") + group.replace(ch, "")
        _confusables = table
    return _confusables.get(char, "")


_HAS_DIGIT = re.compile(r"\d")


def _deletes(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _same_script(a: str, b: str) -> bool:
    return bool(CJK.search(a)) == bool(CJK.search(b))


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(differ) == 2 and differ[1] == differ[0] + 1:  # two letters swapped
            i = differ[0]
            return a[i] == b[i + 1] and a[i + 1] == b[i]
        return len(differ) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_built: dict[str, tuple[int, float, Vocabulary]] = {}
_lock = threading.Lock()


def _shared_cache():
    """The cache every worker of a host shares (files under var/cache), or of every host (Redis)."""
    return caches[settings.PORTAL_PAGE_CACHE_ALIAS]


def generation() -> int:
    # A fresh value when the cache was emptied, so no process mistakes an old build for current.
    return _shared_cache().get_or_set(GENERATION_KEY, time.time_ns, timeout=None)


def invalidate() -> None:
    """Mark every process's vocabulary stale (called on publish, unpublish, delete, edits)."""
    try:
        _shared_cache().incr(GENERATION_KEY)
    except ValueError:
        _shared_cache().set(GENERATION_KEY, time.time_ns(), timeout=None)


_dictionary_generation = 0


def refresh_dictionary() -> None:
    """Give the segmenter the editors' dictionary words (once per generation, per process)."""
    global _dictionary_generation
    current = generation()
    if current != _dictionary_generation:
        use_extra_words(dictionary_words())
        _dictionary_generation = current


def dictionary_words() -> list[str]:
    """Words the segmenter keeps whole besides the terms file: editors' words, life events."""
    from search.models import DictionaryWord, LifeEvent

    return [
        *DictionaryWord.objects.values_list("word", flat=True),
        *LifeEvent.objects.values_list("name", flat=True),
    ]


def for_language(language_code: str) -> Lookups:
    """The current vocabulary; after a change, rebuilt at most every ``SEARCH_VOCABULARY_REFRESH``
    seconds (the index itself is always current: this only delays spelling and pinyin help for
    brand-new words, and spares a busy portal a rebuild after every publish).

    A build takes seconds on a large portal (12 s for 20,000 pages), so it is shared: each one is
    stored in the cache the workers share, and a worker that starts, or finds its own out of
    date, takes the stored one before building; a stale one is used while a new one is built in
    the background, by one process for all (``_rebuild_in_background``), so a resident never
    waits for a build and the workers do not all build the same vocabulary at once.
    """
    current = generation()
    built = _built.get(language_code)
    refresh = getattr(settings, "SEARCH_VOCABULARY_REFRESH", 30)
    if built:
        age = time.monotonic() - built[1]
        if (built[0] == current and age < MAX_AGE) or age < refresh:
            return built[2]
        if language_code in _rebuilding:
            return built[2]  # a new one is on its way
        if refresh > 0 and _shared_cache().get(_build_lock(language_code)) is not None:
            return built[2]  # another process is building it: take it from the store when done
    stored = _stored(language_code)
    if stored is not None:
        stored_generation, built_at, digest, previous = stored
        fresh = stored_generation == current and time.time() - built_at < MAX_AGE
        if fresh or (refresh > 0 and built is None):
            vocabulary = _take(language_code, digest, previous, built[2] if built else None)
            if vocabulary is not None:
                _keep(language_code, stored_generation, vocabulary, built_at)
                if not fresh:
                    _rebuild_in_background(language_code, current)
                return vocabulary
    if built and refresh > 0:
        # Stale: answer with what we have and rebuild in the background.
        _rebuild_in_background(language_code, current)
        return built[2]
    with _lock:
        return _build_and_share(language_code, current)


def preload() -> list[str]:
    """Before a server forks its workers (``portal/wsgi.py``): a current vocabulary for each
    language, taken from the shared store or built here and stored; the languages built.

    The workers then start with it in pages they share, instead of each building its own when it
    first searches: a build cuts every live title and summary, which writes to (and so copies)
    much of the segmenter's and the pinyin tables' shared pages in the process that builds, and
    leaves that process's memory larger than the vocabulary. Here, never in a thread or a task:
    a thread would not follow the fork, and its mark would keep the workers from ever rebuilding.
    """
    built = []
    current = generation()
    for code in Locale.objects.values_list("language_code", flat=True):
        stored = _stored(code)
        vocabulary = None
        if stored is not None and stored[0] == current and time.time() - stored[1] < MAX_AGE:
            vocabulary = _take(code, stored[2], stored[3])
        if vocabulary is not None:
            _keep(code, stored[0], vocabulary, stored[1])
        else:
            _build_and_share(code, current)
            built.append(code)
    return built


def _build_lock(language_code: str) -> str:
    return f"{STORE_KEY}:building:{language_code}"


def _stored(language_code: str) -> tuple | None:
    """The shared build's record: (generation, built at, digest of its file, the previous
    build's digest), or None."""
    record = _shared_cache().get(f"{STORE_KEY}:{language_code}")
    # A record of another version (a vocabulary stored as objects) is no record.
    if isinstance(record, tuple) and len(record) == 4 and isinstance(record[2], str):
        return record
    return None


def _data_key(language_code: str, digest: str) -> str:
    return f"{STORE_KEY}:{language_code}:file:{digest}"


def _file(language_code: str, digest: str) -> Path:
    return Path(settings.SEARCH_VOCABULARY_DIR) / f"{language_code}-{digest}.vocabulary"


def _write(path: Path, data: bytes, keep: set[Path]) -> None:
    """Write a build's file whole (a reader never sees half of it), unless another process has
    just written it (the same name is the same bytes: replacing it would leave that process
    mapping a file of its own, not the one the others share); then remove the files of that
    language's older builds other than ``keep``: a process that still maps one goes on reading
    it (a removed file lives until it is unmapped); the previous build's file stays, for a
    process that has just read its record."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_native_id()}")
    partial.write_bytes(data)
    try:
        os.link(partial, path)  # only where no file is: never replaces one already mapped
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    language = _language_of(path)
    for old in path.parent.glob(f"{language}-*.vocabulary"):
        if _language_of(old) == language and old != path and old not in keep:
            old.unlink(missing_ok=True)


def _language_of(path: Path) -> str:
    return path.name.rsplit("-", 1)[0]  # zh-hans-<digest>.vocabulary: zh-hans


def _take(
    language_code: str, digest: str, previous: str | None = None, have: Lookups | None = None
) -> Lookups | None:
    """The shared build ``digest``, mapped from its file on this host; the file is written from
    the shared cache first when this host has none (another host built it, or the folder was
    emptied). None when neither holds it any more."""
    path = _file(language_code, digest)
    if isinstance(have, MappedVocabulary) and have.path == path:
        return have
    keep = {path, _file(language_code, previous)} if previous else {path}
    for _attempt in range(2):
        if not path.exists():
            data = _shared_cache().get(_data_key(language_code, digest))
            if data is None:
                return None
            _write(path, data, keep)
        try:
            return MappedVocabulary(path)
        except FileNotFoundError:
            continue  # removed between the check and the open: written again from the cache
        except (OSError, mapped.FormatError):
            logger.warning("Could not read the search vocabulary file %s", path, exc_info=True)
            path.unlink(missing_ok=True)  # written again from the cache
    return None


def _keep(language_code: str, current: int, vocabulary: Lookups, built_at: float) -> None:
    age = max(0.0, time.time() - built_at)
    _built[language_code] = (current, time.monotonic() - age, vocabulary)
    gc.freeze()  # kept for the process's life: out of full collections (see segmentation)


def _build_and_share(language_code: str, current: int) -> Lookups:
    """Build, write the file this host's processes map and store it for the other hosts (and
    for a host whose folder was emptied); the record says which file is current."""
    data = build(language_code).to_bytes()
    built_at = time.time()
    digest = hashlib.sha256(data).hexdigest()[:20]
    cache = _shared_cache()
    before = _stored(language_code)
    previous = before[2] if before and before[2] != digest else None
    path = _file(language_code, digest)
    _write(path, data, keep={_file(language_code, previous)} if previous else set())
    cache.set(_data_key(language_code, digest), data, None)
    cache.set(f"{STORE_KEY}:{language_code}", (current, built_at, digest, previous), None)
    if before and before[3] not in (None, digest, previous):
        cache.delete(_data_key(language_code, before[3]))  # two builds back: nobody reads it
    del data
    vocabulary = MappedVocabulary(path)
    _keep(language_code, current, vocabulary, built_at)
    return vocabulary


_rebuilding: set[str] = set()


def _rebuild_in_background(language_code: str, current: int) -> None:
    """Build a new vocabulary in a thread of this process, unless another process is building.

    One build for all the workers of a deployment: the first to notice the change builds and
    stores it, the others keep answering with the one they have and take the new one from the
    store once it is there (``for_language``).
    """
    with _lock:
        if language_code in _rebuilding:
            return
        lock = _build_lock(language_code)
        if not _shared_cache().add(lock, current, timeout=BUILD_LOCK_SECONDS):
            return
        logger.info(
            "The %s search vocabulary is out of date (generation %s): rebuilding",
            language_code,
            current,
        )
        if _queue_build(language_code):
            return  # the task worker builds; the lock tells the other processes
        _rebuilding.add(language_code)

    def rebuild() -> None:
        try:
            _build_and_share(language_code, current)
        finally:
            _rebuilding.discard(language_code)
            _shared_cache().delete(lock)
            connection.close()  # this thread's own database connection

    threading.Thread(target=rebuild, name=f"search-vocabulary-{language_code}", daemon=True).start()


def _queue_build(language_code: str) -> bool:
    """Hand a rebuild to the task worker when one is running (``manage.py worker``).

    A build reads every live page's title and summary: seconds of a core at 10,000 guides. In a
    web worker's thread it would share that worker's interpreter lock with the requests it
    serves, and searches answered by it would wait behind the build. False (build here, in a
    thread) when tasks run in the request or no worker has checked in lately.
    """
    from django.db import DatabaseError

    from jobs.workers import health
    from portal.queue import EVERYONE_WAITING, people_waiting

    try:
        if health().get("worker") != "ok":
            return False
        from search.tasks import build_vocabulary

        people_waiting(build_vocabulary, EVERYONE_WAITING).enqueue(language_code)
    except DatabaseError:
        logger.warning("Could not queue the %s vocabulary build: building it here", language_code)
        return False
    return True


def build_for_all(language_code: str) -> Vocabulary:
    """Build a vocabulary and store it for every process (the task ``build_vocabulary``).

    The build runs in a thread of its own at a lower scheduling priority, so on a small host the
    web workers' requests go first; the build lock is released when it is done."""
    outcome: list = []

    def run() -> None:
        # Where threads have no priority of their own, the build runs at the normal one.
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BUILD_NICENESS)
        try:
            outcome.append(_build_and_share(language_code, generation()))
        except Exception as exc:  # noqa: BLE001 - raised again in the task, which reports it
            outcome.append(exc)
        finally:
            _shared_cache().delete(_build_lock(language_code))
            connection.close()  # this thread's own database connection

    thread = threading.Thread(target=run, name=f"search-vocabulary-{language_code}")
    thread.start()
    thread.join()
    if isinstance(outcome[0], Exception):
        raise outcome[0]
    return outcome[0]


def build(language_code: str) -> Vocabulary:
    from search.models import DictionaryWord, Synonym

    refresh_dictionary()
    vocabulary = Vocabulary()
    vocabulary.events = load_events()
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is not None:
        registered = sections()
        for section in registered:
            fields = ["title"]
            if section.summary and section.summary != "title":
                fields.append(section.summary)
            if section.keywords:
                fields.append(section.keywords)
            shown = len(fields)
            fields.extend(path.replace(".", "__") for path in section.events_from)
            rows = section.model.objects.live().filter(locale=locale).values_list(*fields)
            for row in rows.iterator(chunk_size=2000):
                text = " ".join(str(part or "") for part in row[:shown])
                vocabulary.add_name(str(row[0] or ""))
                events = vocabulary.events.events_in(" ".join(str(part or "") for part in row))
                # Short titles as words too: their pinyin and initials find them.
                vocabulary.add_document(text, [*events, *short_titles(str(row[0] or ""))])
        others = Page.objects.live().filter(locale=locale, depth__gt=1)
        for section in registered:
            others = others.not_type(section.model)
        for title, description in others.values_list("title", "search_description"):
            vocabulary.add_document(f"{title} {description}")
    for rule in Synonym.objects.all():
        words = [simplified(word) for word in rule.words()]
        term = simplified(rule.term)
        vocabulary.synonyms.add(term, words, rule.two_way)
        heard = reading_as_in(term, words)
        if heard:
            vocabulary.read_as[term] = heard
        for word in [term, *words]:
            vocabulary.add_word(word)
            vocabulary.add_name(word)
    # What residents say of a life event leads to the event (its name is indexed with its pages).
    for phrasing, names in vocabulary.events.phrasings.items():
        vocabulary.synonyms.add(simplified(phrasing), sorted(names), two_way=False)
    vocabulary.synonyms.close()
    for word in DictionaryWord.objects.values_list("word", flat=True):
        vocabulary.add_word(word.lower())
    vocabulary.finish()
    return vocabulary
