"""Bar charts drawn on the server as SVG: geometry here, markup in
``templates/disclosures/includes/bar_chart.html``. Every chart comes with a data table on the
page that gives the same figures, so the SVG only needs a title for screen readers."""

from dataclasses import dataclass, field
from decimal import Decimal

LABEL_WIDTH = 200
BAR_AREA = 320
ROW_HEIGHT = 34


@dataclass
class Bar:
    y: int
    width: float
    height: int
    css: str


@dataclass
class Row:
    y: int
    label: str
    text: str
    text_x: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    rows: list[Row]
    height: int
    width: int = LABEL_WIDTH + BAR_AREA + 140
    label_width: int = LABEL_WIDTH
    bar_area: int = BAR_AREA


def _width(value: Decimal, largest: Decimal) -> float:
    if largest <= 0 or value <= 0:
        return 0.0
    return round(float(value / largest) * BAR_AREA, 1)


def _units(char: str) -> int:
    """About how wide a character is: Chinese characters twice a Latin letter."""
    return 2 if ord(char) > 0x2E80 else 1


def _short(label: str, limit: int = 22) -> str:
    """The label cut to fit the label column (``limit`` half-width units)."""
    if sum(_units(char) for char in label) <= limit:
        return label
    kept, used = "", 0
    for char in label:
        if used + _units(char) > limit - 1:
            break
        kept += char
        used += _units(char)
    return kept + "…"


def bars(items: list[tuple[str, Decimal]], text) -> Chart:
    """One bar per item: (label, value); ``text(value)`` writes the figure after the bar."""
    largest = max([value for _label, value in items] + [Decimal("0")])
    rows = []
    for n, (label, value) in enumerate(items):
        y = n * ROW_HEIGHT
        width = _width(value, largest)
        rows.append(
            Row(y, _short(label), text(value), LABEL_WIDTH + width + 6, [Bar(y + 6, width, 20, "")])
        )
    return Chart(rows, max(ROW_HEIGHT, len(rows) * ROW_HEIGHT))


def paired_bars(items: list[tuple[str, Decimal, Decimal]], text) -> Chart:
    """Two bars per item, e.g. budget (hatched) over actual: (label, first, second)."""
    largest = max([max(a, b) for _label, a, b in items] + [Decimal("0")])
    rows = []
    for n, (label, first, second) in enumerate(items):
        y = n * ROW_HEIGHT
        first_width, second_width = _width(first, largest), _width(second, largest)
        rows.append(
            Row(
                y,
                _short(label),
                text(first, second),
                LABEL_WIDTH + max(first_width, second_width) + 6,
                [
                    Bar(y + 4, first_width, 12, "chart__bar--budget"),
                    Bar(y + 17, second_width, 12, ""),
                ],
            )
        )
    return Chart(rows, max(ROW_HEIGHT, len(rows) * ROW_HEIGHT))
