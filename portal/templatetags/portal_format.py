"""Template filters for language-aware formatting (see ``portal.formats``).

``{{ names|join_list }}``, ``{{ names|join_list:"and" }}``, ``{{ day|long_date }}``,
``{{ day|long_date:"weekday" }}``, ``{{ day|weekday }}``, ``{{ day|short_date }}``,
``{{ count|number }}``, ``{{ amount|money }}``.
"""

from django import template

from portal import formats

register = template.Library()


@register.filter
def join_list(items, conjunction: str = "") -> str:
    return formats.join_list(items, conjunction)


@register.filter
def join_groups(items) -> str:
    return formats.join_groups(items)


@register.filter
def long_date(value, option: str = "") -> str:
    return formats.long_date(value, with_weekday=option == "weekday")


@register.filter
def short_date(value) -> str:
    return formats.short_date(value)


@register.filter
def weekday(value) -> str:
    return formats.weekday(value) if value else ""


@register.filter
def number(value, decimals=None) -> str:
    return formats.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def money(value) -> str:
    return formats.money(value)
