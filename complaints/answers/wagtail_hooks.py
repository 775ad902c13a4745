"""Admin: reviewing and publishing answers (领导信箱), and the statistics panel of the dashboard.

**Published answers** lists, for the complaints the official has a role on, those whose resident
consented to publication and which were answered (ready to prepare), the drafts, and what is
published or withdrawn. Preparing copies the original texts into a draft; the official rewrites
them without personal data and publishes; the personal-data filter refuses what it still finds.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.ui.components import Component

from complaints import statistics
from complaints.answers import services
from complaints.answers.forms import AnswerForm
from complaints.answers.models import AnswerStatus, PublishedAnswer
from complaints.models import Complaint
from complaints.permissions import can_handle, is_official
from portal.admin_menu import RestrictedMenuItem

KIND_LABELS = {
    "email": gettext_lazy("an email address"),
    "id_number": gettext_lazy("an ID number"),
    "phone": gettext_lazy("a phone number"),
    "plate": gettext_lazy("a vehicle plate"),
    "digits": gettext_lazy("a long number"),
    "name": gettext_lazy("the complainant's name"),
}


def _require_official(request) -> None:
    if not is_official(request.user):
        raise PermissionDenied


def index(request):
    _require_official(request)
    mine = Complaint.objects.handled_by(request.user)
    ready = (
        mine.filter(
            consent_to_publish=True,
            status__in=services.ANSWERED_STATUSES,
            published_answer__isnull=True,
        )
        .filter(replies__public=True)
        .distinct()
        .select_related("category")
        .order_by("-answered_at")[:100]
    )
    answers = PublishedAnswer.objects.filter(complaint__in=mine).select_related(
        "complaint__category"
    )
    return render(
        request,
        "answers/admin/index.html",
        {
            "page_title": _("Published answers"),
            "header_icon": "openquote",
            "ready": ready,
            "drafts": answers.filter(status=AnswerStatus.DRAFT),
            "published": answers.filter(status=AnswerStatus.PUBLISHED)[:100],
            "withdrawn": answers.filter(status=AnswerStatus.WITHDRAWN)[:100],
        },
    )


def prepare(request, complaint_pk):
    _require_official(request)
    if request.method != "POST":
        raise Http404
    complaint = get_object_or_404(Complaint, pk=complaint_pk)
    try:
        answer = services.prepare(complaint, request.user)
    except services.NotEligible:
        messages.error(request, _("This complaint cannot be published: no consent or no answer."))
        return redirect("complaint_answers:index")
    return redirect("complaint_answers:edit", pk=answer.pk)


def _describe(found) -> list[str]:
    form_labels = {name: field.label for name, field in AnswerForm().fields.items()}
    return [
        _("%(field)s still contains %(kind)s.")
        % {"field": form_labels.get(field, field), "kind": KIND_LABELS.get(kind, kind)}
        for field, kinds in found.items()
        for kind in kinds
    ]


def edit(request, pk):
    _require_official(request)
    answer = get_object_or_404(PublishedAnswer.objects.select_related("complaint"), pk=pk)
    complaint = answer.complaint
    if not can_handle(request.user, complaint):
        raise Http404
    form = AnswerForm(request.POST or None, instance=answer)
    problems: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "withdraw":
                services.withdraw(answer, request.user)
                messages.success(request, _("The answer is no longer public."))
                return redirect("complaint_answers:index")
            if form.is_valid():
                texts = {name: form.cleaned_data[name] for name in services.TEXT_FIELDS}
                answer = services.save(answer, request.user, **texts)
                if action == "publish":
                    services.publish(answer, request.user)
                    messages.success(request, _("The answer is published."))
                    return redirect("complaint_answers:index")
                messages.success(request, _("Saved."))
                return redirect("complaint_answers:edit", pk=answer.pk)
        except services.PersonalDataError as error:
            problems = _describe(error.findings)
        except services.NotEligible:
            problems = [_("The resident's consent or the answer is missing.")]
        except ValueError:
            problems = [_("A title, a question and an answer in Chinese are needed to publish.")]
    else:
        problems = _describe(services.findings(answer))
    return render(
        request,
        "answers/admin/edit.html",
        {
            "page_title": _("Published answer for %(number)s") % {"number": complaint.number},
            "header_icon": "openquote",
            "form": form,
            "answer": answer,
            "complaint": complaint,
            "problems": problems,
            "public_url": reverse("complaints:answer", args=[answer.pk])
            if answer.status == AnswerStatus.PUBLISHED
            else "",
        },
    )


@hooks.register("register_admin_urls")
def register_urls():
    from django.urls import include

    urls = [
        path("", index, name="index"),
        path("prepare/<int:complaint_pk>/", prepare, name="prepare"),
        path("<int:pk>/", edit, name="edit"),
    ]
    return [path("published-answers/", include((urls, "complaint_answers")))]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return RestrictedMenuItem(
        gettext_lazy("Published answers"),
        reverse("complaint_answers:index"),
        shown_to=lambda request: is_official(request.user),
        icon_name="openquote",
        order=247,
    )


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    """The public statistics, one click from the admin (the dashboard shows the official's own)."""
    return RestrictedMenuItem(
        gettext_lazy("Complaint statistics"),
        reverse_lazy("complaints:statistics"),  # in the official's language when shown
        shown_to=lambda request: is_official(request.user),
        icon_name="table",
        order=248,
    )


class StatisticsPanel(Component):
    """The public statistics, for the complaints of the official's grids and departments."""

    name = "complaint_statistics"
    template_name = "answers/admin/statistics_panel.html"
    order = 95

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "months": statistics.official_cells(request.user),
            "public_url": reverse("complaints:statistics"),
            "answers_url": reverse("complaints:answers"),
        }


@hooks.register("construct_homepage_panels")
def add_statistics_panel(request, panels):
    if is_official(request.user):
        panels.append(StatisticsPanel())
