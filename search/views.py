from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wagtail.models import Locale, Page

from search.registry import get_section, sections
from search.segmentation import query_text

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 100


def search(request: HttpRequest) -> HttpResponse:
    """Search the live pages of the active language, in one section or all of them."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    section = get_section(request.GET.get("section", ""))
    results = None
    if query:
        model = section.model if section is not None else Page
        pages = model.objects.live().public().filter(locale=Locale.get_active())
        if section is None:
            pages = pages.specific()
        # The query cut into words like the index; question words go, unless nothing else is left.
        terms = query_text(query) or query
        paginator = Paginator(pages.search(terms, operator="or"), RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results = paginator.page(1)
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "sections": sections(),
            "section": section.name if section else "",
        },
    )
