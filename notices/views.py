"""Subscribing to notices by email, and unsubscribing from an email's link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from wagtail.models import Locale

from notices import services
from notices.emails import subscription_for_token
from notices.forms import SubscriptionForm
from notices.models import Subscription
from notices.my_portal import subscription_state


def masked_email(address: str) -> str:
    """w***@example.com: enough for residents to recognise, little for whoever else sees it."""
    name, at, domain = address.partition("@")
    return f"{name[:1]}***{at}{domain}" if at else ""


@login_required
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Choose the categories to be emailed about, in the language of this page; or stop."""
    subscription = Subscription.objects.filter(user=request.user).first()
    if request.method == "POST" and "stop" in request.POST:
        if subscription is not None and subscription.active:
            services.unsubscribe(subscription)
            messages.success(request, _("You will receive no more emails about notices."))
        return redirect("notices:subscribe")

    form = SubscriptionForm(
        request.POST if request.method == "POST" else None, subscription=subscription
    )
    if form.is_valid():
        services.subscribe(
            request.user,
            categories=list(form.cleaned_data["categories"]),
            urgent_only=form.cleaned_data["urgent_only"],
            language=Locale.get_active().language_code,
        )
        messages.success(request, _("Your choice of notice emails has been saved."))
        return redirect("notices:subscribe")
    return render(
        request,
        "notices/subscribe.html",
        {"form": form, "state": subscription_state(subscription)},
    )


@csrf_exempt  # the signed token authorises the request; mail clients post without a CSRF token
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (mail scanners follow links); POST unsubscribes.

    POST is also RFC 8058's one-click unsubscribe: mail clients post
    ``List-Unsubscribe=One-Click`` to the address in the ``List-Unsubscribe`` header.
    """
    valid, subscription = subscription_for_token(token)
    if not valid:
        return render(request, "notices/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        if subscription is not None and subscription.active:
            services.unsubscribe(subscription)
        done = True
    return render(
        request,
        "notices/unsubscribe.html",
        {
            "done": done,
            "subscribed": subscription is not None and subscription.active,
            "email": masked_email(subscription.user.email) if subscription is not None else "",
        },
    )
