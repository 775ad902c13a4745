from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
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


def sign_in_door(request: HttpRequest, *, default_next: str) -> HttpResponse:
    """Wagtail's and Django's admin login pages lead to the one sign-in page.

    No password is ever checked here, whatever is posted: every sign-in goes through the same
    form, the same throttle and the same answers.
    """
    target = request.GET.get("next") or default_next
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default_next
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")
