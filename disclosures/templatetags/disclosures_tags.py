from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(value) -> str:
    """1234567.5 -> 1,234,567.50: grouped by thousands and two decimals in every language, as
    Chinese accounts are written."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"
