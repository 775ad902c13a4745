"""What looks like a resident's personal data in free text, for anything the portal publishes or
exports from what residents typed: search suggestions, search report exports, published answers.

``contains_personal_data(text)`` says whether a text holds a phone number, a Chinese resident ID
number, an email address, a vehicle plate number or a long run of digits (bank cards, door codes,
account numbers); ``redact(text)`` replaces each with a marker. Both read full-width characters
as their ASCII forms and digits split by spaces or hyphens as one number ("139 1234 5678").

It errs on the side of caution: a six-digit postcode counts as personal data. Names and addresses
cannot be recognised reliably, which is why search suggestions also need many distinct visitors
(docs/security.md).
"""

from __future__ import annotations

import re
import unicodedata

REDACTED = "[…]"

_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
PATTERNS: dict[str, re.Pattern[str]] = {
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE),
    # Plate numbers: province, city letter, then five (six for new-energy vehicles) letters or
    # digits, optionally after a separator: 京A12345, 沪A·D12345, 粤B 1234学.
    "plate": re.compile(
        rf"[{_PROVINCES}]\s*[A-Za-z]\s*[·.\-\s]?\s*[A-Za-z0-9]{{4,6}}[挂学警港澳]?"
    ),
    # Resident ID numbers (18 characters, the last may be X; old 15-digit ones too).
    "id_number": re.compile(r"(?<![0-9])\d{17}[0-9Xx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)"),
    # Mobile numbers (with or without +86) and landlines with an area code.
    "phone": re.compile(r"(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}\d{7,8}(?!\d)"),
    # Anything else with six digits or more: bank cards, account and door numbers, postcodes.
    "digits": re.compile(r"\d{6,}"),
}
# Digits separated by spaces, hyphens or dots are read together: "139 1234 5678".
_DIGIT_GAPS = re.compile(r"(?<=\d)[\s\-.·]+(?=\d)")


def _normalised(text: str) -> str:
    return _DIGIT_GAPS.sub("", unicodedata.normalize("NFKC", text or ""))


def personal_data_kinds(text: str) -> list[str]:
    """The kinds of personal data found in ``text`` (``"phone"``, ``"email"`` ...), in order."""
    normalised = _normalised(text)
    return [kind for kind, pattern in PATTERNS.items() if pattern.search(normalised)]


def contains_personal_data(text: str) -> bool:
    """Whether ``text`` holds anything that looks like a resident's personal data."""
    return bool(personal_data_kinds(text))


def redact(text: str) -> str:
    """``text`` with every piece of personal data replaced by ``[…]``."""
    result = _normalised(text)
    for pattern in PATTERNS.values():
        result = pattern.sub(REDACTED, result)
    return result
