"""Chinese-aware text for Wagtail's database search backend.

Wagtail's database backend (SQLite FTS5, PostgreSQL full text) treats a run of Chinese characters
as one word, so "低保" never matches "最低生活保障申请". Here text is cut into words with jieba
before it is indexed (``cut_for_search``: the long words and their parts), each Chinese word also
gets its pinyin ("dibao"), and queries are cut the same way with question words dropped
("低保怎么申请" -> "低保 申请"). The index holds the words separated by spaces, which every
backend tokenises as separate words.
"""

import re
import threading
from collections.abc import Iterable
from pathlib import Path

import jieba
from pypinyin import lazy_pinyin

USER_DICTIONARY = Path(__file__).resolve().parent / "data" / "community_terms.txt"

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
    ]
)
CJK = re.compile(r"[\u3400-\u9fff]")
WORD = re.compile(r"[\w\u3400-\u9fff]+", re.UNICODE)
MAX_QUERY_CHARACTERS = 200

_tokenizer: jieba.Tokenizer | None = None
_lock = threading.Lock()


def tokenizer() -> jieba.Tokenizer:
    """One jieba tokenizer per process, with the community terms, loaded on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                made = jieba.Tokenizer()
                made.load_userdict(str(USER_DICTIONARY))
                _tokenizer = made
    return _tokenizer


def _words(tokens: Iterable[str]) -> list[str]:
    return [token.strip().lower() for token in tokens if WORD.fullmatch(token.strip())]


def pinyin(word: str) -> str:
    """ "低保" -> "dibao"; empty for words without Chinese characters."""
    if not CJK.search(word):
        return ""
    return "".join(lazy_pinyin(word)).lower()


def index_words(text: str) -> list[str]:
    """The words to index for a text: jieba's search cut, plus the pinyin of Chinese words."""
    if not text:
        return []
    words = _words(tokenizer().cut_for_search(text))
    spelled = [pinyin(word) for word in words if len(word) >= 2 and CJK.search(word)]
    return words + [word for word in spelled if word]


def index_text(*texts: str) -> str:
    return " ".join(word for text in texts for word in index_words(text))


def query_words(query: str) -> list[str]:
    """The words of a resident's query that say what they are looking for."""
    query = (query or "")[:MAX_QUERY_CHARACTERS]
    words = [w for w in _words(tokenizer().cut(query)) if w not in QUESTION_WORDS]
    seen: set[str] = set()
    return [w for w in words if not (w in seen or seen.add(w))]


def query_text(query: str) -> str:
    return " ".join(query_words(query))
