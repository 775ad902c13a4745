"""Search suggestions ("居民常搜" / what residents often search) that never publish anyone.

A query becomes a suggestion only when it found something in the last 30 days and either

* at least ``SEARCH_SUGGESTION_MIN_VISITORS`` (5) different visitors searched it, and it holds
  nothing that looks like personal data (``portal.privacy``), or
* an editor approved it (Search > Search suggestion rules).

An editor can hide any query; a hidden query is never suggested. Three searches for
"王小明 13912345678 停水" from one visitor therefore suggest nothing to anyone.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone

from portal.privacy import contains_personal_data
from search.models import (
    SUGGESTION_WINDOW_DAYS,
    QueryDay,
    QueryVisitor,
    SuggestionDecision,
    SuggestionRule,
)


def popular_searches(language: str, limit: int = 8) -> list[str]:
    """What many residents searched in the last 30 days and found something for."""
    since = timezone.localdate() - timezone.timedelta(days=SUGGESTION_WINDOW_DAYS)
    rules = dict(SuggestionRule.objects.filter(language=language).values_list("query", "decision"))
    hidden = [query for query, decision in rules.items() if decision == SuggestionDecision.HIDDEN]
    rows = list(
        QueryDay.objects.filter(date__gte=since, language=language)
        .exclude(query__in=hidden)
        .values("query")
        .annotate(total=Sum("searches"), empty=Sum("zero_results"))
        .order_by("-total", "query")[: limit * 10]
    )
    candidates = [row["query"] for row in rows if row["empty"] < row["total"]]
    visitors = dict(
        QueryVisitor.objects.filter(language=language, last_seen__gte=since, query__in=candidates)
        .values("query")
        .annotate(n=Count("id"))
        .values_list("query", "n")
    )
    minimum = settings.SEARCH_SUGGESTION_MIN_VISITORS
    shown = [
        query
        for query in candidates
        if rules.get(query) == SuggestionDecision.APPROVED
        or (visitors.get(query, 0) >= minimum and not contains_personal_data(query))
    ]
    return shown[:limit]
