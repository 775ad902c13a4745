"""Chinese-aware text for Wagtail's database search backend.

Wagtail's database backend (SQLite FTS5, PostgreSQL full text) treats a run of Chinese characters
as one word, so "低保" never matches "最低生活保障申请". Here text is cut into words with jieba
before it is indexed (``cut_for_search``: the long words and their parts), each Chinese word also
gets its pinyin ("dibao"), and queries are cut the same way with question words dropped
("低保怎么申请" -> "低保 申请"). The index holds the words separated by spaces, which every
backend tokenises as separate words.
"""

import gc
import re
import threading
from collections.abc import Iterable
from pathlib import Path

import jieba
import opencc
from pypinyin import Style, lazy_pinyin

DATA = Path(__file__).resolve().parent / "data"
USER_DICTIONARY = DATA / "community_terms.txt"

# Words that carry the question, not its subject: dropped from queries.
QUESTION_WORDS = frozenset(
    [
        "怎么",
        "怎样",
        "怎么样",
        "如何",
        "怎么办",
        "怎么弄",
        "需要",
        "什么",
        "哪些",
        "哪个",
        "哪里",
        "在哪",
        "在哪里",
        "在哪儿",
        "多少",
        "多久",
        "几天",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "的",
        "了",
        "得",
        "请问",
        "我",
        "我们",
        "我家",
        "想",
        "要",
        "能",
        "能不能",
        "可以",
        "可不可以",
        "是否",
        "是不是",
        "有没有",
        "去",
        "办",
        "一下",
        "how",
        "do",
        "i",
        "to",
        "the",
        "a",
        "an",
        "of",
        "for",
        "what",
        "where",
        "when",
        "is",
        "are",
        "can",
        "in",
        "on",
        "at",
        "my",
        "me",
        "our",
        "with",
        "there",
        "it",
        "be",
        "get",
        "need",
        "want",
        "please",
        "about",
        "does",
        "which",
        "who",
        "will",
        "much",
        "many",
        "什么时候",
        "时候",
        "几时",
        "能领",
        "该",
        "应该",
        "找谁",
        # Function words that say nothing about the subject.
        "有",
        "个",
        "还",
        "就",
        "都",
        "又",
        "把",
        "被",
        "给",
        "让",
        "这",
        "那",
        "这个",
        "那个",
        "一个",
        "现在",
        "已经",
        "怎么回事",
        "咋",
        "咋办",
        "咋弄",
    ]
)
CJK = re.compile(r"[\u3400-\u9fff]")
CJK_WORD = re.compile(r"[\u3400-\u9fff]+")  # all Chinese characters
WORD = re.compile(r"[\w\u3400-\u9fff]+", re.UNICODE)
MAX_QUERY_CHARACTERS = 200

ASCII_WORD = re.compile(r"[a-z]+")

_tokenizer: jieba.Tokenizer | None = None
_extra_words: tuple[str, ...] = ()
# What each extra word weighed in the dictionary before it was added (None: it was not there),
# so taking it away again restores the file's own segmentation.
_weight_before: dict[str, int | None] = {}
_lock = threading.Lock()


_converter: opencc.OpenCC | None = None


def simplified(text: str) -> str:
    """Traditional characters as simplified ones (養老保險 -> 养老保险), with OpenCC's ``t2s``.

    Applied to every text before it is cut into words, at index and at query time, so a resident
    who types traditional characters finds the simplified guides (and the reverse never needs a
    rule). OpenCC's dictionaries ship inside the package: nothing is fetched at run time.
    """
    global _converter
    if not text or text.isascii():
        return text or ""
    if _converter is None:
        _converter = opencc.OpenCC("t2s")
    return _converter.convert(text)


def tokenizer() -> jieba.Tokenizer:
    """One jieba tokenizer per process, with the community terms, loaded on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                made = jieba.Tokenizer()
                made.load_userdict(str(USER_DICTIONARY))
                _weight_before.clear()
                _change_words(made, (), _extra_words)
                _tokenizer = made
                # Hundreds of thousands of dictionary objects that live as long as the process:
                # out of the garbage collector's full passes, which would otherwise walk them all
                # (pauses of a few hundred milliseconds in the middle of requests).
                gc.freeze()
    return _tokenizer


def use_extra_words(words: Iterable[str]) -> bool:
    """Words editors added to the dictionary in the admin, on top of the file's.

    Returns True when the set changed. A loaded tokenizer is changed in place, word by word:
    loading a new one would give each worker its own 50 MB copy of the dictionary that the
    server loaded once, before starting the workers, for all of them (``portal/wsgi.py``).
    """
    global _extra_words
    wanted = tuple(sorted({word.strip() for word in words if word.strip()}))
    if wanted == _extra_words:
        return False
    with _lock:
        if _tokenizer is not None:
            _change_words(_tokenizer, _extra_words, wanted)
        _extra_words = wanted
    return True


def _change_words(made: jieba.Tokenizer, before: Iterable[str], after: Iterable[str]) -> None:
    made.check_initialized()
    before, after = set(before), set(after)
    for word in sorted(before - after):
        # As if never added: the weight it had (or none) and the dictionary's total without it.
        made.total -= made.FREQ.get(word, 0)
        made.FREQ[word] = _weight_before.pop(word, None) or 0
    for word in sorted(after - before):
        _weight_before[word] = made.FREQ.get(word) or None
        made.add_word(word)


def stem(word: str) -> str:
    """A light English stemmer: "applying", "applies", "applied" -> "apply"; others unchanged.

    Enough for the handful of English forms residents type; Chinese words pass through.
    """
    if not ASCII_WORD.fullmatch(word) or len(word) < 5:
        return word
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    else:
        if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
            word = word[:-2]
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # "permitt" (from "permitted") -> "permit"
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]  # "charge" and "charging" -> "charg"
    return word


def _words(tokens: Iterable[str]) -> list[str]:
    return [token.strip().lower() for token in tokens if WORD.fullmatch(token.strip())]


def pinyin(word: str) -> str:
    """ "低保" -> "dibao"; empty for words without Chinese characters."""
    if not CJK.search(word):
        return ""
    return "".join(lazy_pinyin(word)).lower()


def initials(word: str) -> str:
    """ "低保申请" -> "dbsq": the first letter of each character's pinyin; empty without Chinese."""
    if not CJK.search(word):
        return ""
    return "".join(lazy_pinyin(word, style=Style.FIRST_LETTER)).lower()


def reading_as_in(term: str, words: list[str]) -> list[str] | None:
    """The syllables of a short form read as the words it stands for: 长护险 for 长期护理保险 is
    chang-hu-xian, where pypinyin alone, seeing 长 out of context, says zhang. None when that is
    the usual reading anyway (or the term is not all Chinese)."""
    if not CJK_WORD.fullmatch(term):
        return None
    heard: dict[str, str] = {}
    for word in words:
        spoken = lazy_pinyin(word) if CJK_WORD.fullmatch(word) else []
        if len(spoken) == len(word):  # one syllable a character (a rare one may have none)
            for char, syllable in zip(word, spoken, strict=True):
                heard.setdefault(char, syllable.lower())
    usual = [syllable.lower() for syllable in lazy_pinyin(term)]
    if len(usual) != len(term):
        return None
    syllables = [heard.get(char, syllable) for char, syllable in zip(term, usual, strict=True)]
    return None if syllables == usual else syllables


# Sounds many speakers do not tell apart (southern accents and common slips): zh/z, ch/c, sh/s,
# n/l, and final -ng after a, e, i. A typo key folds them, so 居住正 and 居住证 meet.
_FUZZY_FINALS = re.compile(r"(?<=[aei])ng\b")


def fuzzy_key(word: str) -> str:
    """The pinyin of ``word`` with easily confused sounds folded, syllable by syllable."""
    if not CJK.search(word):
        return ""
    folded = []
    for syllable in lazy_pinyin(word):
        syllable = syllable.lower()
        for a, b in (("zh", "z"), ("ch", "c"), ("sh", "s")):
            if syllable.startswith(a):
                syllable = b + syllable[2:]
        if syllable.startswith("n"):
            syllable = "l" + syllable[1:]
        syllable = _FUZZY_FINALS.sub("n", syllable)
        folded.append(syllable)
    return "-".join(folded)


def plain_words(text: str) -> list[str]:
    """jieba's search cut and English stems, without pinyin (for counting words)."""
    if not text:
        return []
    words = _words(tokenizer().cut_for_search(simplified(text)))
    return words + [stem(word) for word in words if ASCII_WORD.fullmatch(word)]


def index_words(text: str) -> list[str]:
    """The words to index for a text: jieba's search cut, plus the pinyin of Chinese words."""
    if not text:
        return []
    words = _words(tokenizer().cut_for_search(simplified(text)))
    spelled = [pinyin(word) for word in words if len(word) >= 2 and CJK.search(word)]
    stems = [stem(word) for word in words if ASCII_WORD.fullmatch(word)]
    return words + [word for word in spelled if word] + [s for s in stems if s]


def index_text(*texts: str) -> str:
    return " ".join(word for text in texts for word in index_words(text))


def query_words(query: str) -> list[str]:
    """The words of a resident's query that say what they are looking for."""
    query = simplified((query or "")[:MAX_QUERY_CHARACTERS])
    words = [w for w in _words(tokenizer().cut(query)) if w not in QUESTION_WORDS]
    seen: set[str] = set()
    return [w for w in words if not (w in seen or seen.add(w))]


def query_text(query: str) -> str:
    return " ".join(query_words(query))
