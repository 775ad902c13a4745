"""Residents' pages: submit a complaint, track it, rate the answer; photos behind a check."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from complaints import ratelimit, services
from complaints.forms import ComplaintForm, RatingForm, TrackForm
from complaints.intake import confirmation, over_limit, repeated
from complaints.models import Complaint, ComplaintPhoto, Status
from complaints.notify import translated
from complaints.permissions import can_handle, can_view, is_complainant, remember_tracked
from complaints.prefill import prefill_from
from complaints.storage import private_storage

NO_MATCH = gettext_lazy(
    "No complaint matches this tracking number and secret. Please check both and try again."
)


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """The complaint form. A repeated post of the same form shows the same confirmation."""
    if request.method == "GET":
        about = prefill_from(request.GET)
        initial = {"submission_key": services.new_submission_key()}
        if about.get("subject"):
            initial["subject"] = about["subject"]
        form = ComplaintForm(initial=initial, user=request.user)
        return render(request, "complaints/submit.html", {"form": form, "about": about})

    form = ComplaintForm(request.POST, request.FILES, user=request.user)
    again = repeated(request)
    if again is not None:
        return again
    if over_limit(request):
        return render(
            request,
            "complaints/submit.html",
            {"form": form, "rate_limited": True, "photos_dropped": bool(request.FILES)},
            status=429,
        )
    if not form.is_valid():
        return render(
            request,
            "complaints/submit.html",
            {"form": form, "photos_dropped": bool(request.FILES)},
        )
    data = form.cleaned_data
    submission = services.submit(
        submission_key=data["submission_key"],
        category=data["category"],
        subject=data["subject"],
        description=data["description"],
        grid=data["grid"],
        building=data["building"],
        address=data["address"],
        contact_name=data["contact_name"],
        contact_phone=data["contact_phone"],
        contact_email=data["contact_email"],
        anonymous=data["anonymous"],
        consent_to_publish=data["consent_to_publish"],
        reply_channel=data["reply_channel"],
        language=get_language(),
        user=request.user,
        photos=data["photos"],
    )
    return confirmation(request, submission)


def _track_form_page(request, form, *, error: str = "", status: int = 200) -> HttpResponse:
    return render(request, "complaints/track.html", {"form": form, "error": error}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Find a complaint by tracking number and secret."""
    if request.method == "GET":
        return _track_form_page(request, TrackForm(initial={"number": request.GET.get("number")}))
    form = TrackForm(request.POST)
    limit, window = settings.COMPLAINTS_TRACK_RATE
    if ratelimit.is_limited("track", request, limit):
        return _track_form_page(
            request,
            form,
            error=_("Too many attempts from your connection. Please wait an hour and try again."),
            status=429,
        )
    if not form.is_valid():
        return _track_form_page(request, form)
    complaint = services.find_tracked(form.cleaned_data["number"], form.cleaned_data["secret"])
    if complaint is None:
        ratelimit.count("track", request, window)
        return _track_form_page(request, form, error=NO_MATCH)
    remember_tracked(request, complaint)
    return redirect("complaints:detail", number=complaint.number)


@never_cache
def secret_link(request: HttpRequest, number: str, secret: str) -> HttpResponse:
    """The link from the confirmation: opens the complaint for this browser session."""
    limit, window = settings.COMPLAINTS_TRACK_RATE
    if ratelimit.is_limited("track", request, limit):
        raise Http404
    complaint = services.find_tracked(number, secret)
    if complaint is None:
        ratelimit.count("track", request, window)
        return _track_form_page(request, TrackForm(), error=NO_MATCH, status=404)
    remember_tracked(request, complaint)
    return redirect("complaints:detail", number=complaint.number)


def _viewable(request: HttpRequest, number: str) -> Complaint | None:
    complaint = (
        Complaint.objects.select_related("category", "grid", "building", "department")
        .filter(number=number)
        .first()
    )
    if complaint is None or not can_view(request, complaint):
        return None
    return complaint


@never_cache
def detail(request: HttpRequest, number: str) -> HttpResponse:
    """The resident's view: status, deadline, public timeline, public replies, rating."""
    complaint = _viewable(request, number)
    if complaint is None:
        return redirect(f"{reverse('complaints:track')}?{urlencode({'number': number})}")
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "category": translated(complaint.category, get_language()),
            "events": complaint.events.filter(public=True),
            "replies": complaint.replies.filter(public=True),
            "photos": complaint.photos.all(),
            "ratings": complaint.ratings.all(),
            "can_rate": complaint.status == Status.ANSWERED and is_complainant(request, complaint),
            "rating_form": RatingForm(),
            "is_official": can_handle(request.user, complaint),
        },
    )


@never_cache
@require_POST
def rate(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _viewable(request, number)
    if complaint is None or not is_complainant(request, complaint):
        raise Http404
    form = RatingForm(request.POST)
    if complaint.status != Status.ANSWERED:
        return redirect("complaints:detail", number=number)
    if not form.is_valid():
        return render(
            request,
            "complaints/detail.html",
            {
                "complaint": complaint,
                "category": translated(complaint.category, get_language()),
                "events": complaint.events.filter(public=True),
                "replies": complaint.replies.filter(public=True),
                "photos": complaint.photos.all(),
                "ratings": complaint.ratings.all(),
                "can_rate": True,
                "rating_form": form,
            },
            status=400,
        )
    services.rate(
        complaint,
        value=form.cleaned_data["value"],
        comment=form.cleaned_data["comment"],
        user=request.user,
    )
    messages.success(request, _("Thank you: your rating has been recorded."))
    return redirect("complaints:detail", number=number)


@never_cache
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A complaint photo, for the complainant and the officials with a role on the complaint."""
    record = get_object_or_404(ComplaintPhoto.objects.select_related("complaint__category"), pk=pk)
    if not can_view(request, record.complaint):
        raise Http404
    try:
        handle = private_storage.open(record.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=record.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response
