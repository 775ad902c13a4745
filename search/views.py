"""The search page and the JSON API: one engine (search.engine), two ways of showing it."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wagtail.models import Locale, Page

from portal.limits import client_address
from search import engine
from search.models import log_query
from search.registry import api_sections, get_section, sections
from search.suggestions import popular_searches

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 100


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def promotions(query: str, locale: Locale) -> list[dict]:
    """Editors' picks for this query (wagtail.contrib.search_promotions), live and in language."""
    from wagtail.contrib.search_promotions.models import Query

    normalised = engine.normalise(query)
    if not normalised:
        return []
    picks = []
    found = Query.objects.filter(query_string=normalised[:255]).first()
    if found is None:
        return []
    for pick in found.editors_picks.select_related("page").order_by("sort_order"):
        if pick.page_id:
            page = pick.page
            if not page.live or page.locale_id != locale.pk:
                continue
            picks.append(
                {"title": page.title, "page": page, "url": None, "description": pick.description}
            )
        elif pick.external_link_url:
            picks.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "page": None,
                    "url": pick.external_link_url,
                    "description": pick.description,
                }
            )
    return picks


def suggested_pages(locale: Locale, limit: int = 6) -> list[Page]:
    """Pages worth offering when nothing was found: editors' promoted pages, then the first pages
    of the most important section in the order editors gave them in the page tree (the most used
    guides first: minimum living allowance, residence permit ...), never simply the newest."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    promoted = (
        Page.objects.live()
        .public()
        .filter(locale=locale, pk__in=SearchPromotion.objects.values("page_id"))
        .order_by("title")[:limit]
    )
    pages = list(promoted)
    if len(pages) < limit and sections():
        main = max(sections(), key=lambda section: section.weight)
        newest = (
            main.model.objects.live()
            .public()
            .filter(locale=locale)
            .exclude(pk__in=[page.pk for page in pages])
            .order_by("path")[: limit - len(pages)]
        )
        pages.extend(newest)
    return pages


def search(request: HttpRequest) -> HttpResponse:
    """Search the live pages of the active language, in one section or all of them."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    section = get_section(request.GET.get("section", ""))
    locale = Locale.get_active()
    context = {
        "query": query,
        "sections": sections(),
        "section": section.name if section else "",
        "outcome": None,
        "results": None,
    }
    if query:
        filters = {
            facet.name: request.GET.get(facet.name, "")
            for facet in (section.facets if section else ())
        }
        outcome = engine.search(query, locale, section.name if section else "", filters)
        paginator = Paginator(outcome.results, RESULTS_PER_PAGE)
        results = paginator.get_page(_page_number(request.GET.get("page")))
        engine.with_pages(results.object_list)
        log_query(query, locale.language_code, paginator.count, visitor=client_address(request))
        base = {"q": query}
        if section:
            base["section"] = section.name
        context.update(
            outcome=outcome,
            results=results,
            promotions=promotions(query, locale),
            filters=outcome.filters,
            section_links=[
                (name, label, count, "?" + urlencode({"q": query, "section": name}))
                for name, label, count in outcome.section_counts
            ],
            all_link="?" + urlencode({"q": query}),
            facet_links=[
                (
                    label,
                    [
                        (
                            value,
                            count,
                            "?" + urlencode({**base, **outcome.filters, name: value}),
                            outcome.filters.get(name) == value,
                        )
                        for value, count in values
                    ],
                    "?"
                    + urlencode(
                        {**base, **{k: v for k, v in outcome.filters.items() if k != name}}
                    ),
                    name in outcome.filters,
                )
                for name, label, values in outcome.facet_counts
                if values
            ],
            page_query=urlencode({**base, **outcome.filters}),
            suggestion_link=(
                "?" + urlencode({**base, "q": outcome.parsed.suggestion})
                if outcome.parsed.suggestion
                else ""
            ),
        )
        if not paginator.count:
            context.update(
                popular=popular_searches(locale.language_code),
                suggested=suggested_pages(locale),
            )
    return render(request, "search/search.html", context)


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    """``GET /api/search/?q=&section=&lang=&page=`` as documented in docs/search.md."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    section_name = request.GET.get("section", "all") or "all"
    language = request.GET.get("lang", "") or "zh-hans"
    errors = {}
    choices = api_sections()
    if section_name not in choices:
        errors["section"] = _("Unknown section. Use one of: %(choices)s.") % {
            "choices": ", ".join(choices)
        }
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        errors["lang"] = _("Unknown language. Use zh-hans or en.")
    page_number = request.GET.get("page", "1") or "1"
    if not page_number.isdigit() or int(page_number) < 1:
        errors["page"] = _("The page must be a whole number from 1.")
    if errors:
        return JsonResponse({"query": query, "errors": errors}, status=400)
    page_number = int(page_number)
    results: list[dict] = []
    total = 0
    related = False
    if query:
        section = "" if section_name == "all" else section_name
        if section and get_section(section) is None:
            outcome_results = []  # a section the portal does not have (yet): nothing in it
        else:
            outcome = engine.search(query, locale, section)
            outcome_results, related = outcome.results, outcome.related
        total = len(outcome_results)
        log_query(query, locale.language_code, total, visitor=client_address(request))
        start = (page_number - 1) * RESULTS_PER_PAGE
        shown = outcome_results[start : start + RESULTS_PER_PAGE]
        engine.with_pages(shown)
        for result in shown:
            item = {
                "title": result.title,
                "url": request.build_absolute_uri(result.page.get_url(request)),
                "section": result.section_name,
                "lang": locale.language_code,
                "snippet": result.snippet_text,
            }
            if result.code:
                item["code"] = result.code
            results.append(item)
    response = JsonResponse(
        {
            "query": query,
            "total": total,
            "page": page_number,
            "related": related,
            "results": results,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
