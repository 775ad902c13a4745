from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from allauth.account.models import EmailAddress

from accounts.forms import ProfileForm


@login_required
def my_portal(request: HttpRequest) -> HttpResponse:
    """The resident's own page: account details, and what each section adds (slot "my_portal")."""
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your details have been saved."))
            return redirect("accounts:my_portal")
    else:
        form = ProfileForm(instance=request.user)
    emails = EmailAddress.objects.filter(user=request.user).order_by("-primary", "email")
    return render(
        request,
        "accounts/my_portal.html",
        {"form": form, "emails": emails},
    )
