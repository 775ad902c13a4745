"""The personal-data guard: no ID card number or mobile number goes public in a ledger.

An 18-digit resident ID number (GB 11643-1999) counts only when its check character is right,
so voucher and invoice numbers of 18 digits are not mistaken for one. A mobile number is 11
digits starting 13-19, alone or with a +86 / 0086 prefix, not part of a longer run of digits.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?|0086[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"

ID_NUMBER = _("an ID card number")
MOBILE_NUMBER = _("a mobile phone number")


def is_id_number(value: str) -> bool:
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], WEIGHTS, strict=True))
    return CHECK[total % 11] == value[17]


def find_personal_data(text: str):
    """What kind of personal data ``text`` holds (a translatable label), or ``None``."""
    if not text:
        return None
    for match in ID_CANDIDATE.finditer(text):
        if is_id_number(match.group(1)):
            return ID_NUMBER
    if MOBILE.search(text):
        return MOBILE_NUMBER
    return None


@dataclass(frozen=True)
class Finding:
    entry_id: int
    date: str
    field: str
    kind: str
