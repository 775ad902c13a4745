"""Admin: **Settings → Open311 API keys**: issue a key to a partner system (shown once), list
keys with their use, revoke one. Needs the permissions on ``open311.ApiKey`` (given to Complaint
intake and Supervisors by ``open311/migrations/0002_key_permissions.py``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks

from complaints.open311 import services
from complaints.open311.models import ApiKey
from portal.admin_menu import RestrictedMenuItem


class IssueForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Partner system"),
        max_length=80,
        help_text=gettext_lazy("e.g. “City 12345 platform”: who will use the key."),
    )
    hourly_limit = forms.IntegerField(
        label=gettext_lazy("New complaints per hour"), min_value=1, max_value=100_000, initial=10
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if ApiKey.objects.filter(name=name).exists():
            raise forms.ValidationError(_("A key for this name exists already."))
        return name


def _require(request, action: str) -> None:
    if not request.user.has_perm(f"open311.{action}_apikey"):
        raise PermissionDenied


def index(request):
    _require(request, "view")
    keys = ApiKey.objects.annotate(filed=Count("submissions")).order_by("revoked_at", "name")
    return render(
        request,
        "open311/admin/index.html",
        {
            "page_title": _("Open311 API keys"),
            "keys": keys,
            "can_issue": request.user.has_perm("open311.add_apikey"),
            "can_revoke": request.user.has_perm("open311.change_apikey"),
        },
    )


def issue(request):
    _require(request, "add")
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued = services.issue_key(
            form.cleaned_data["name"],
            actor=request.user,
            hourly_limit=form.cleaned_data["hourly_limit"],
        )
        response = render(
            request,
            "open311/admin/issued.html",
            {"page_title": _("Key issued"), "issued": issued},
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request, "open311/admin/issue.html", {"page_title": _("Issue a key"), "form": form}
    )


def revoke(request, pk):
    _require(request, "change")
    api_key = get_object_or_404(ApiKey, pk=pk)
    if request.method == "POST":
        services.revoke_key(api_key, actor=request.user)
        messages.success(request, _("The key of %(name)s is revoked.") % {"name": api_key.name})
        return redirect("open311_keys:index")
    return render(
        request,
        "open311/admin/revoke.html",
        {"page_title": _("Revoke the key of %(name)s") % {"name": api_key.name}, "key": api_key},
    )


@hooks.register("register_admin_urls")
def register_urls():
    urls = [
        path("", index, name="index"),
        path("issue/", issue, name="issue"),
        path("<int:pk>/revoke/", revoke, name="revoke"),
    ]
    return [path("open311-keys/", include((urls, "open311_keys")))]


@hooks.register("register_settings_menu_item")
def register_menu_item():
    return RestrictedMenuItem(
        gettext_lazy("Open311 API keys"),
        reverse("open311_keys:index"),
        shown_to="open311.view_apikey",
        icon_name="key",
        order=650,
    )
