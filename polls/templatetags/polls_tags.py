"""Geometry of the server-rendered bar charts (see ``polls/includes/chart.html``)."""

from decimal import Decimal

from django import template

register = template.Library()

ROW = 36
BAR_MAX = 280


@register.filter
def bar_y(index: int) -> int:
    return int(index) * ROW + 4


@register.filter
def bar_chart_height(rows: int) -> int:
    return int(rows) * ROW + 8


@register.filter
def bar_width(percent) -> int:
    """Percent (0-100) -> bar length in the chart's units; a sliver for non-zero values."""
    value = Decimal(str(percent or 0))
    width = int(value * BAR_MAX / 100)
    return max(width, 2) if value > 0 else 0
