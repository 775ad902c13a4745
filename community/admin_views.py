"""The officials' queue of household verification requests in the Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import services
from community.forms import DecisionForm
from community.models import Residency


def _queue(user):
    return (
        Residency.objects.pending()
        .in_grids(services.grids_verified_by(user))
        .select_related("user", "household__building__grid")
        .order_by("created_at")
    )


def requests_index(request: HttpRequest) -> HttpResponse:
    if not services.grids_verified_by(request.user).exists():
        raise PermissionDenied
    return TemplateResponse(
        request,
        "community/admin/requests.html",
        {"requests": _queue(request.user), "form": DecisionForm()},
    )


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    residency = get_object_or_404(Residency, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("community_requests")
    try:
        if form.cleaned_data["decision"] == "verify":
            services.verify_residency(
                request.user, residency, representative=form.cleaned_data["representative"]
            )
            messages.success(request, _("Verified: %(residency)s") % {"residency": residency})
        else:
            services.reject_residency(request.user, residency, form.cleaned_data["reason"])
            messages.success(request, _("Rejected: %(residency)s") % {"residency": residency})
    except services.VerificationError as exc:
        messages.error(request, str(exc))
    return redirect("community_requests")
