"""Stable links to an entry and a project (residents' questions about them: ``questions``)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language

from wagtail.models import Locale

from disclosures.models import DisclosurePage, LedgerEntry, ProjectPage
from disclosures.pages import ENTRIES_PER_PAGE


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


def entry_url(entry: LedgerEntry) -> str | None:
    """The public address of the entry: its row on the right page of its disclosure page."""
    locale = Locale.objects.filter(language_code=_language()).first()
    page = (
        DisclosurePage.objects.live().filter(period_id=entry.period_id, locale=locale).first()
        or DisclosurePage.objects.live().filter(period_id=entry.period_id).first()
    )
    if page is None:
        return None
    before = (
        LedgerEntry.objects.filter(period_id=entry.period_id, date__lt=entry.date).count()
        + LedgerEntry.objects.filter(
            period_id=entry.period_id, date=entry.date, pk__lt=entry.pk
        ).count()
    )
    number = before // ENTRIES_PER_PAGE + 1
    query = f"?page={number}" if number > 1 else ""
    return f"{page.url}{query}#entry-{entry.pk}"


def _public_entry(pk: int) -> LedgerEntry:
    return get_object_or_404(LedgerEntry.objects.public().select_related("period__fund"), pk=pk)


def public_project(pk: int) -> ProjectPage | None:
    """The live, public project in the reader's language (or its source), or ``None``."""
    project = ProjectPage.objects.live().public().filter(pk=pk).first()
    if project is None:
        return None
    locale = Locale.objects.filter(language_code=_language()).first()
    return project.get_translation_or_none(locale) or project


def entry_link(request: HttpRequest, pk: int) -> HttpResponse:
    url = entry_url(_public_entry(pk))
    if url is None:
        raise Http404
    return redirect(url)


def project_link(request: HttpRequest, pk: int) -> HttpResponse:
    project = public_project(pk)
    if project is None or not project.live:
        raise Http404
    return redirect(project.url)
