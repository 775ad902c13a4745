"""``/complaints/statistics/``: the public figures as tables, accessible SVG charts and CSV."""

import csv
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from community.models import Grid
from complaints import statistics
from complaints.models import ComplaintCategory
from complaints.statistics import Cell

CSV_COLUMNS = [
    "month",
    "category",
    "grid",
    "received",
    "answered",
    "answered_on_time",
    "median_working_days",
    "p90_working_days",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "reopened",
    "reopened_share_percent",
    "overdue_now",
]


@dataclass
class Labels:
    categories: dict[str, str]
    grids: dict[str, str]

    def category(self, key: str) -> str:
        if key == statistics.OTHER_CATEGORIES:
            return _("Other categories (merged)")
        if key == statistics.ALL_CATEGORIES:
            return _("All categories")
        return self.categories.get(key, key)

    def grid(self, key: str) -> str:
        if key == statistics.OTHER_GRIDS:
            return _("Other grids (merged)")
        if key == statistics.ALL_GRIDS:
            return _("All grids")
        if key == statistics.NO_GRID:
            return _("No grid given")
        return self.grids.get(key, key)


def labels(language: str) -> Labels:
    categories = {
        str(key): name
        for key, name in ComplaintCategory.objects.filter(
            locale__language_code=language
        ).values_list("translation_key", "name")
    }
    grids = {str(pk): name for pk, name in Grid.objects.values_list("pk", "name")}
    return Labels(categories, grids)


def _number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def csv_row(cell: Cell, names: Labels) -> list[str]:
    return [
        cell.month,
        names.category(cell.category),
        names.grid(cell.grid),
        *(
            _number(value)
            for value in (
                cell.received,
                cell.answered,
                cell.answered_on_time,
                cell.median_days,
                cell.p90_days,
                cell.satisfied,
                cell.basically_satisfied,
                cell.dissatisfied,
                cell.reopened,
                cell.reopened_share,
                cell.overdue_now,
            )
        ),
    ]


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    groups: list[tuple[str, list[tuple[str, int]]]],
    group_width: int = 64,
) -> SafeString:
    """Grouped vertical bars as SVG with a title and description for screen readers; the same
    figures are in the table next to it. ``groups``: (label, [(series name, value), ...])."""
    width_per_group, bar, gap, height, top, bottom, left = group_width, 18, 4, 180, 16, 40, 36
    series = [name for name, _value in groups[0][1]] if groups else []
    peak = max([value for _label, values in groups for _name, value in values] + [1])
    width = left + width_per_group * max(len(groups), 1) + 8
    scale = (height - top - bottom) / peak
    classes = ["bar bar--a", "bar bar--b", "bar bar--c"]
    parts = []
    for index, (label, values) in enumerate(groups):
        x0 = left + index * width_per_group + (width_per_group - (bar + gap) * len(values)) / 2
        for position, (name, value) in enumerate(values):
            bar_height = round(value * scale, 1)
            x = x0 + position * (bar + gap)
            y = height - bottom - bar_height
            parts.append(
                format_html(
                    '<rect class="{}" x="{}" y="{}" width="{}" height="{}"><title>{}: {} {}</title></rect>'
                    '<text x="{}" y="{}" class="value" text-anchor="middle">{}</text>',
                    classes[position % len(classes)],
                    x,
                    y,
                    bar,
                    bar_height,
                    label,
                    name,
                    value,
                    x + bar / 2,
                    y - 3,
                    value,
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="label" text-anchor="middle">{}</text>',
                x0 + (bar + gap) * len(values) / 2,
                height - bottom + 16,
                label,
            )
        )
    legend = format_html_join(
        "",
        '<text x="{}" y="{}" class="legend {}">■ {}</text>',
        (
            (left + position * 150, height - 6, classes[position % len(classes)], name)
            for position, name in enumerate(series)
        ),
    )
    return format_html(
        '<svg role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" '
        'width="100%" height="{h}" class="chart" preserveAspectRatio="xMinYMin meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line x1="{left}" y1="{base}" x2="{w}" y2="{base}" class="axis"/>{bars}{legend}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=description,
        left=left,
        base=height - bottom,
        bars=SafeString("".join(parts)),
        legend=legend,
    )


def _describe(groups) -> str:
    return "; ".join(
        f"{label}: " + ", ".join(f"{name} {value}" for name, value in values)
        for label, values in groups
    )


def statistics_page(request: HttpRequest) -> HttpResponse:
    figures = statistics.published()
    cells = figures.cells
    names = labels(get_language())
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="complaint-statistics.csv"'
        response.write("\ufeff")  # so spreadsheet programs read the Chinese as UTF-8
        writer = csv.writer(response)
        writer.writerow(CSV_COLUMNS)
        for cell in cells:
            writer.writerow(csv_row(cell, names))
        return response
    months, categories = figures.months, figures.categories
    received, on_time = _("received"), _("answered on time")
    month_groups = [
        (m.month, [(received, m.received), (on_time, m.answered_on_time)]) for m in months
    ]
    category_groups = [
        (names.category(c.category), [(received, c.received), (on_time, c.answered_on_time)])
        for c in categories
    ]
    rows = [
        {"cell": cell, "category": names.category(cell.category), "grid": names.grid(cell.grid)}
        for cell in cells
    ]
    return render(
        request,
        "complaints/statistics.html",
        {
            "months": months,
            "categories": [{"cell": c, "name": names.category(c.category)} for c in categories],
            "rows": rows,
            "min_cell": statistics.MIN_CELL,
            "month_chart": bar_chart(
                "chart-months",
                _("Complaints received and answered on time, per month"),
                _describe(month_groups),
                month_groups,
            )
            if months
            else "",
            "category_chart": bar_chart(
                "chart-categories",
                _("Complaints received and answered on time, per category"),
                _describe(category_groups),
                category_groups,
                group_width=132,
            )
            if categories
            else "",
        },
    )
