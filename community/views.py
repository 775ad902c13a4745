from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from community import services
from community.forms import JoinHouseholdForm


@login_required
def join_household(request: HttpRequest) -> HttpResponse:
    """A resident asks to be recorded as living in a household."""
    form = JoinHouseholdForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household = services.find_household(data["building"].pk, data["unit"], data["room"])
        if household is None:
            error = _(
                "We have no household at that address. Please check the unit and room, or call "
                "the committee."
            )
        else:
            try:
                services.request_residency(request.user, household, data["note"])
            except services.VerificationError as exc:
                error = str(exc)
            else:
                messages.success(
                    request, _("Your request has been sent. The grid worker will check it.")
                )
                return redirect("accounts:my_portal")
    status = 200 if error is None and not form.errors else 400
    return render(request, "community/join.html", {"form": form, "error": error}, status=status)
