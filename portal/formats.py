"""Formatting that follows the reader's language: lists, dates, weekdays, numbers and money.

Chinese and English differ in more than words: a Chinese list is joined with 、 and ends with
和/或 without a comma, an English one with ", " and "and"; a Chinese date reads 2026年12月4日
星期五, an English one Friday 4 December 2026. Templates use the filters of ``portal_format``
(``{% load portal_format %}``); code that builds text uses these functions. Tables keep ISO dates
(2026-12-04), which read the same in both languages and sort as they read.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.utils import dateformat, translation


def _is_chinese() -> bool:
    return (translation.get_language() or "zh-hans").startswith("zh")


def join_list(items: Iterable, conjunction: str = "") -> str:
    """``a、b、c`` / ``a, b, c``; with ``conjunction`` "and" or "or": ``a、b和c`` / ``a, b and c``."""
    words = [str(item) for item in items if str(item)]
    if _is_chinese():
        separator, last = "、", {"and": "和", "or": "或"}.get(conjunction)
    else:
        separator, last = ", ", {"and": " and ", "or": " or "}.get(conjunction)
    if last is None or len(words) < 2:
        return separator.join(words)
    return separator.join(words[:-1]) + last + words[-1]


def join_groups(items: Iterable) -> str:
    """Lists of lists: ``第一网格；第三网格1号楼`` / ``Grid 1; Grid 3 Building 1``."""
    return ("；" if _is_chinese() else "; ").join(str(item) for item in items if str(item))


def weekday(value: datetime.date) -> str:
    """The full name of the day: 星期五 / Friday."""
    return dateformat.format(value, "l")


def long_date(value: datetime.date | datetime.datetime | None, with_weekday: bool = False) -> str:
    """2026年12月4日 / 4 December 2026, optionally with the weekday (星期五 / Friday)."""
    if value is None:
        return ""
    if _is_chinese():
        text = f"{value.year}年{value.month}月{value.day}日"
        return f"{text} {weekday(value)}" if with_weekday else text
    text = dateformat.format(value, "j F Y")
    return f"{weekday(value)} {text}" if with_weekday else text


def short_date(value: datetime.date | None) -> str:
    """12月4日 / 4 December: a date of the current year in running text."""
    if value is None:
        return ""
    if _is_chinese():
        return f"{value.month}月{value.day}日"
    return dateformat.format(value, "j F")


def number(value, decimals: int | None = None) -> str:
    """Digits grouped by thousands in both languages (1,234,567), as public notices write them."""
    if value is None or value == "":
        return ""
    if decimals is None:
        decimals = 0 if Decimal(value) == Decimal(value).to_integral_value() else 2
    return f"{Decimal(value):,.{decimals}f}"


def money(value) -> str:
    """¥1,234.50 in both languages; a negative amount as -¥1,234.50."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"
