"""A filter for personal data in text that is about to be made public.

``contains_personal_data(text)`` says whether a text still holds something that can identify or
reach a person: a phone number, a Chinese resident ID number, an email address, a vehicle plate,
a long run of digits (bank card, household code, room and account numbers), or one of the names
given (the complainant's). ``find_personal_data`` says what was found, so the person editing the
text can remove it; ``personal_data_kinds`` only which kinds; ``redact`` blanks them out.

It is a safety net, not an anonymiser: it errs on the side of refusing (a six-digit door code or
postcode counts) and the editor rewrites the sentence. Names and addresses cannot be recognised
in general, which is why search suggestions also need many distinct visitors
(docs/security.md). Used by search suggestions and their report exports, and published answers.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Separators people put inside numbers: 138 0000 0000, 138-0000-0000, 021-5555 1234.
_INNER_SEPARATORS = re.compile(r"(?<=\d)[ \t\-\u2010-\u2015\u00b7.]+(?=\d)")
# Dates (2026-11-02, 2026.11.02, 2026/11/02) are not numbers to join.
_DATES = re.compile(r"(?<!\d)\d{4}[-./]\d{1,2}[-./]\d{1,2}(?!\d)")

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)),
    # 18-digit ID numbers (the last may be X) and the old 15-digit ones.
    ("id_number", re.compile(r"(?<!\d)(?:\d{17}[\dXx]|\d{15})(?!\d)")),
    # Mainland mobile numbers, with an optional +86 / 0086.
    ("phone", re.compile(r"(?<!\d)(?:\+?86|0086)?1[3-9]\d{9}(?!\d)")),
    # Landlines with an area code: 021-55551234, 0755 8888 1234, (010)12345678.
    ("phone", re.compile(r"(?<!\d)[(（]?0\d{2,3}[)）]?\d{7,8}(?!\d)")),
    # Vehicle plates: province, city letter, then five (six for new-energy vehicles) letters or
    # digits, optionally after a separator: 京A12345, 沪A·D12345, 粤B 1234学.
    (
        "plate",
        re.compile(
            r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领]"
            r"\s*[A-Za-z]\s*[·.\-\s]?\s*[A-Za-z0-9]{4,6}[挂学警港澳]?"
        ),
    ),
    # Anything else with six digits or more: bank cards, account and door numbers, postcodes.
    ("digits", re.compile(r"\d{6,}")),
]


REDACTED = "[…]"


@dataclass(frozen=True)
class Finding:
    kind: str  # email, id_number, phone, plate, digits, name
    text: str


def _normalise(text: str) -> str:
    """Full-width digits and letters to ASCII; separators inside numbers removed (not in dates)."""
    text = unicodedata.normalize("NFKC", text or "")
    pieces, last = [], 0
    for date in _DATES.finditer(text):
        pieces += [_INNER_SEPARATORS.sub("", text[last : date.start()]), date.group()]
        last = date.end()
    pieces.append(_INNER_SEPARATORS.sub("", text[last:]))
    return "".join(pieces)


def find_personal_data(text: str, *, names: Iterable[str] = ()) -> list[Finding]:
    """Every piece of personal data found in ``text``, in the order of the patterns."""
    normal = _normalise(text)
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(normal):
            span = match.span()
            if any(start < span[1] and span[0] < end for start, end in taken):
                continue  # already reported as a more specific kind
            taken.append(span)
            findings.append(Finding(kind, match.group()))
    folded = normal.casefold()
    for name in names:
        name = unicodedata.normalize("NFKC", (name or "").strip())
        # A one-character "name" (王) would match half the texts of the community.
        if len(name) >= 2 and name.casefold() in folded:
            findings.append(Finding("name", name))
    return findings


def personal_data_kinds(text: str) -> list[str]:
    """The kinds of personal data found in ``text`` ("phone", "email" ...), each once, in order."""
    return list(dict.fromkeys(finding.kind for finding in find_personal_data(text)))


def redact(text: str) -> str:
    """``text`` (normalised) with every phone, ID or plate number, email and long digit run
    replaced by ``[…]``."""
    result = _normalise(text)
    for _kind, pattern in _PATTERNS:
        result = pattern.sub(REDACTED, result)
    return result


def contains_personal_data(text: str, *, names: Iterable[str] = ()) -> bool:
    """Whether ``text`` holds a phone, ID or plate number, an email, a long digit run or one of
    ``names``."""
    return bool(find_personal_data(text, names=names))
