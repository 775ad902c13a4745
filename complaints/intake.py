"""How a complaint comes in from the web, and the question page other apps serve.

The complaint form (``views.submit``) and the question page (``ask``) check, rate-limit and
confirm alike: both end on ``confirmation``. Another app lets residents ask about something its
pages show by registering a provider with ``complaints.prefill`` and serving ``question_view``::

    register_prefill("finance_entry", entry_question)               # in AppConfig.ready()
    path("ask/entry/<int:pk>/", question_view("finance_entry"), name="ask_entry"),   # urls.py

The page answers 404 when the provider answers ``None`` or names no category.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from complaints import ratelimit, services
from complaints.forms import QuestionForm, deadline_text
from complaints.models import ComplaintCategory
from complaints.notify import translated
from complaints.permissions import remember_tracked
from complaints.prefill import provided


def confirmation(request: HttpRequest, submission: services.Submission) -> HttpResponse:
    """The page both ways in end on: the tracking number, the secret and the secret link."""
    complaint = submission.complaint
    remember_tracked(request, complaint)
    link = request.build_absolute_uri(
        reverse("complaints:secret_link", args=[complaint.number, submission.secret])
    )
    return render(
        request,
        "complaints/submitted.html",
        {
            "complaint": complaint,
            "secret": services.display_secret(submission.secret),
            "secret_link": link,
            "category": translated(complaint.category, get_language()),
            "deadline_text": deadline_text(complaint.category.deadline_days),
        },
    )


def repeated(request: HttpRequest) -> HttpResponse | None:
    """The same confirmation again when a form is posted twice (its submission key is known)."""
    key = request.POST.get("submission_key", "")
    existing = services.find_by_submission_key(key) if key else None
    if existing is None:
        return None
    return confirmation(
        request, services.Submission(existing, services.secret_for(key), created=False)
    )


def over_limit(request: HttpRequest) -> bool:
    """Whether the connection has sent too many complaints and questions this hour (then the
    form is shown again with what was typed); otherwise this post counts towards the limit."""
    limit, window = settings.COMPLAINTS_SUBMIT_RATE
    return not ratelimit.consume("submit", request, limit, window)


@never_cache
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, name: str, value: str) -> HttpResponse:
    """A question about what the provider ``name`` describes: the complaint form's checks,
    limits and confirmation, with a shorter form."""
    about = provided(name, value)
    if not about or not about.get("category"):
        raise Http404
    category = ComplaintCategory.objects.filter(
        slug=about["category"], locale__language_code="zh-hans"
    ).first()
    if category is None:
        raise Http404
    subject = about.get("subject", "")
    context = {"subject": subject, "about": about}
    if request.method == "GET":
        form = QuestionForm(initial={"submission_key": services.new_submission_key()})
        return render(request, "complaints/ask.html", {**context, "form": form})

    form = QuestionForm(request.POST)
    again = repeated(request)
    if again is not None:
        return again
    if over_limit(request):
        return render(
            request,
            "complaints/ask.html",
            {**context, "form": form, "rate_limited": True},
            status=429,
        )
    if not form.is_valid():
        return render(request, "complaints/ask.html", {**context, "form": form})
    data = form.cleaned_data
    about_title = about.get("about_title", "")
    link = request.build_absolute_uri(about.get("about_url", ""))
    submission = services.submit(
        submission_key=data["submission_key"],
        category=category,
        subject=subject[:120],
        description=f"{data['question']}\n\n{about_title}\n{link}",
        address=about_title[:200],
        contact_name=data["contact_name"],
        contact_phone=data["contact_phone"],
        contact_email=data["contact_email"],
        anonymous=data["anonymous"],
        reply_channel=data["reply_channel"],
        language=get_language(),
        user=request.user,
    )
    return confirmation(request, submission)


def question_view(name: str) -> Callable[..., HttpResponse]:
    """A view that lets residents ask about what the provider ``name`` describes; its URL
    pattern captures the value as its one argument."""

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        (value,) = (*args, *kwargs.values())
        return ask(request, name, str(value))

    view.__name__ = view.__qualname__ = f"ask_{name}"
    return view
