"""The finance clerks' admin pages beside the generic viewset views: preparing a period for
sign-off, importing its entries and the import template. ``PeriodViewSet`` (``wagtail_hooks.py``)
routes them.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from disclosures import importer, services
from disclosures.admin_forms import PeriodImportForm
from disclosures.models import Period, PeriodStatus

SERVICE_ERRORS = (services.EntryLocked, services.PublicationRefused, ValueError, PermissionDenied)


def prepare(request, pk):
    period = get_object_or_404(Period, pk=pk)
    back = reverse("disclosure_periods:inspect", args=[pk])
    if request.method != "POST":
        return redirect(back)
    if not services.is_clerk(request.user):
        raise PermissionDenied
    try:
        services.prepare_period(period, actor=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The period is locked and waits for the oversight group's sign-off."),
        )
    return redirect(back)


def refused(request, pk):
    """Where a refused approval lands: the reason as an error message, then the period."""
    period = get_object_or_404(Period, pk=pk)
    if not (services.is_clerk(request.user) or services.is_oversight(request.user)):
        raise PermissionDenied
    reason = services.sign_off_refusal(period)
    if period.status == PeriodStatus.OPEN:
        message = _("Not signed off: the period went back to the finance clerks. %(reason)s")
    else:
        message = _("Not signed off: the period keeps waiting. %(reason)s")
    messages.error(request, message % {"reason": reason})
    return redirect("disclosure_periods:inspect", pk=pk)


def import_entries(request, pk):
    period = get_object_or_404(Period.objects.select_related("fund"), pk=pk)
    if not services.is_clerk(request.user):
        raise PermissionDenied
    errors = []
    form = PeriodImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            entries = importer.import_file(period, upload.name, upload.read(), actor=request.user)
        except importer.ImportFailed as failure:
            errors = failure.errors
        except SERVICE_ERRORS as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(count)d entries imported.") % {"count": len(entries)})
            return redirect("disclosure_periods:inspect", pk=pk)
    return render(
        request,
        "disclosures/admin/import.html",
        {
            "period": period,
            "form": form,
            "errors": errors,
            "page_title": _("Import entries"),
            "header_icon": "upload",
            "template_xlsx": reverse("disclosure_periods:template", args=["xlsx"]),
            "template_csv": reverse("disclosure_periods:template", args=["csv"]),
        },
    )


def import_template(request, fmt):
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = importer.template_xlsx()
    elif fmt == "csv":
        content_type, body = "text/csv; charset=utf-8", importer.template_csv()
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ledger-template.{fmt}"'
    return response
