"""The public list of published answers (领导信箱), by category and searchable, in both languages."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import get_language

from complaints.answers.models import PublishedAnswer
from complaints.models import ComplaintCategory

PER_PAGE = 20


def _categories(language: str) -> list[ComplaintCategory]:
    """The categories in ``language`` with how many answers each has published."""
    counts = dict(
        PublishedAnswer.objects.published()
        .values_list("complaint__category__translation_key")
        .annotate(count=Count("pk"))
        .values_list("complaint__category__translation_key", "count")
    )
    categories = list(ComplaintCategory.objects.filter(locale__language_code=language))
    for category in categories:
        category.answer_count = counts.get(category.translation_key, 0)
    return [category for category in categories if category.answer_count]


def index(request: HttpRequest) -> HttpResponse:
    language = get_language()
    categories = _categories(language)
    answers = PublishedAnswer.objects.published().select_related("complaint__category")
    current = None
    slug = request.GET.get("category", "")
    if slug:
        current = next((c for c in categories if c.slug == slug), None)
        answers = answers.filter(
            complaint__category__translation_key=current.translation_key if current else None
        )
    query = request.GET.get("q", "").strip()[:100]
    if query:
        answers = answers.search(query, language)
    page = Paginator(answers, PER_PAGE).get_page(request.GET.get("page"))
    names = {
        c.translation_key: c.name
        for c in ComplaintCategory.objects.filter(locale__language_code=language)
    }
    items = [
        {
            "answer": answer,
            "texts": answer.texts(language),
            "category": names.get(
                answer.complaint.category.translation_key, answer.complaint.category.name
            ),
        }
        for answer in page
    ]
    kept = {key: value for key, value in (("category", slug), ("q", query)) if value}
    return render(
        request,
        "answers/index.html",
        {
            "categories": categories,
            "current": current,
            "query": query,
            "page": page,
            "items": items,
            "query_prefix": urlencode(kept) + "&" if kept else "",
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    language = get_language()
    answer = get_object_or_404(
        PublishedAnswer.objects.published().select_related("complaint__category"), pk=pk
    )
    category = (
        ComplaintCategory.objects.filter(
            translation_key=answer.complaint.category.translation_key,
            locale__language_code=language,
        ).first()
        or answer.complaint.category
    )
    return render(
        request,
        "answers/detail.html",
        {"answer": answer, "texts": answer.texts(language), "category": category},
    )
