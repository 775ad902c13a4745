"""Residents' questions about an entry or a project, and stable links to both.

A question becomes a complaint in the "finance question" category (``complaints.services``),
whose text links to the entry or the project on the public page; the complaints app needs to
know nothing of disclosures.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wagtail.models import Locale

from complaints import ratelimit
from complaints import services as complaint_services
from complaints.forms import deadline_text
from complaints.models import ComplaintCategory, ReplyChannel
from complaints.notify import translated
from complaints.permissions import remember_tracked
from disclosures.forms import QuestionForm
from disclosures.models import DisclosurePage, LedgerEntry, ProjectPage
from disclosures.pages import ENTRIES_PER_PAGE

CATEGORY_SLUG = "finance-question"


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


def _public_project(pk: int) -> ProjectPage:
    project = get_object_or_404(ProjectPage.objects.live().public(), pk=pk)
    locale = Locale.objects.filter(language_code=_language()).first()
    return project.get_translation_or_none(locale) or project


def entry_link(request: HttpRequest, pk: int) -> HttpResponse:
    url = entry_url(_public_entry(pk))
    if url is None:
        raise Http404
    return redirect(url)


def project_link(request: HttpRequest, pk: int) -> HttpResponse:
    project = _public_project(pk)
    if not project.live:
        raise Http404
    return redirect(project.url)


def _ask(request: HttpRequest, *, subject: str, about: str, link: str) -> HttpResponse:
    category = ComplaintCategory.objects.filter(
        slug=CATEGORY_SLUG, locale__language_code="zh-hans"
    ).first()
    if category is None:
        raise Http404
    context = {"subject": subject, "about": about, "link": link}
    if request.method == "GET":
        form = QuestionForm(initial={"submission_key": complaint_services.new_submission_key()})
        return render(request, "disclosures/ask.html", {**context, "form": form})
    form = QuestionForm(request.POST)
    limit, window = settings.COMPLAINTS_SUBMIT_RATE
    if ratelimit.is_limited("submit", request, limit):
        return render(
            request,
            "disclosures/ask.html",
            {**context, "form": form, "rate_limited": True},
            status=429,
        )
    if not form.is_valid():
        return render(request, "disclosures/ask.html", {**context, "form": form})
    ratelimit.count("submit", request, window)
    data = form.cleaned_data
    anonymous = not (data["contact_name"] or data["contact_phone"] or data["contact_email"])
    submission = complaint_services.submit(
        submission_key=data["submission_key"],
        category=category,
        subject=subject[:120],
        description=f"{data['question']}\n\n{about}\n{request.build_absolute_uri(link)}",
        address=about[:200],
        contact_name=data["contact_name"],
        contact_phone=data["contact_phone"],
        contact_email=data["contact_email"],
        anonymous=anonymous,
        reply_channel=ReplyChannel.EMAIL if data["contact_email"] else ReplyChannel.ONLINE,
        language=get_language(),
        user=request.user,
    )
    complaint = submission.complaint
    remember_tracked(request, complaint)
    secret_link = request.build_absolute_uri(
        reverse("complaints:secret_link", args=[complaint.number, submission.secret])
    )
    return render(
        request,
        "complaints/submitted.html",
        {
            "complaint": complaint,
            "secret": submission.secret,
            "secret_link": secret_link,
            "category": translated(complaint.category, get_language()),
            "deadline_text": deadline_text(complaint.category.deadline_days),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def ask_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _public_entry(pk)
    link = entry_url(entry)
    if link is None:
        raise Http404
    about = _("Entry %(number)s of %(date)s, %(fund)s: %(description)s, ¥%(amount)s") % {
        "number": entry.pk,
        "date": entry.date.isoformat(),
        "fund": entry.period.fund.name,
        "description": entry.description,
        "amount": f"{entry.amount:,.2f}",
    }
    return _ask(
        request,
        subject=_("Question about entry %(number)s") % {"number": entry.pk},
        about=about,
        link=link,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def ask_project(request: HttpRequest, pk: int) -> HttpResponse:
    project = _public_project(pk)
    return _ask(
        request,
        subject=_("Question about the project “%(title)s”") % {"title": project.title},
        about=_("Project: %(title)s") % {"title": project.title},
        link=project.url,
    )
