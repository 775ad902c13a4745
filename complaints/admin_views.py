"""The officials' admin pages of complaints beside the generic viewset views: an action on one
complaint, the focused answer view, the intake of a complaint received off-line, and bulk
assignment. ``ComplaintViewSet``
(``wagtail_hooks.py``) routes them.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from complaints import services
from complaints.admin_forms import BulkAssignForm, ComplaintActionForm, IntakeForm
from complaints.models import Complaint
from complaints.permissions import can_handle, is_official


def act(request, pk):
    """Apply one action from the form on the inspect page."""
    complaint = get_object_or_404(Complaint.objects.select_related("category", "grid"), pk=pk)
    if request.method != "POST" or not can_handle(request.user, complaint):
        raise Http404
    view = "answer" if request.GET.get("next") == "answer" else "inspect"
    back = reverse(f"complaints_admin:{view}", args=[pk])
    form = ComplaintActionForm(request.POST, complaint=complaint)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data, user = form.cleaned_data, request.user
    note = data["note"].strip()
    steps = {
        "accept": lambda: services.accept(complaint, user, note=note),
        "reject": lambda: services.reject(complaint, user, reason=note),
        "transfer": lambda: services.transfer(
            complaint, user, department=data["department"], note=note
        ),
        "assign": lambda: services.assign(complaint, user, assignee=data["assignee"], note=note),
        "start": lambda: services.start(complaint, user, note=note),
        "answer": lambda: services.answer(complaint, user, body=note),
        "close": lambda: services.close(complaint, user, note=note),
        "reopen": lambda: services.reopen(complaint, user, note=note),
        "reply": lambda: services.add_note(complaint, user, body=note, public=True),
        "note": lambda: services.add_note(complaint, user, body=note, public=False),
    }
    try:
        steps[data["action"]]()
    except PermissionDenied:
        messages.error(request, _("You have no role on this complaint for that action."))
    except (services.TransitionError, ValueError):
        messages.error(request, _("That action is not possible in the complaint's current state."))
    else:
        messages.success(request, _("Done."))
    if not can_handle(user, complaint):  # e.g. transferred away from the user's department
        return redirect("complaints_admin:index")
    return redirect(back)


def answer(request, pk):
    """The focused view for working on one complaint: what the resident wrote, the latest
    replies, and the actions its state allows, without the record's twenty fields."""
    complaint = get_object_or_404(
        Complaint.objects.select_related("category", "grid", "building", "assignee"), pk=pk
    )
    if not can_handle(request.user, complaint):
        raise Http404
    return render(
        request,
        "complaints/admin/answer.html",
        {
            "complaint": complaint,
            "photos": complaint.photos.all(),
            "replies": complaint.replies.select_related("author").order_by("-created_at")[:5],
            "action_form": ComplaintActionForm(complaint=complaint),
            "act_url": reverse("complaints_admin:act", args=[complaint.pk]) + "?next=answer",
            "inspect_url": reverse("complaints_admin:inspect", args=[complaint.pk]),
            "overdue": complaint.is_overdue(),
            "page_title": _("Work on %(number)s") % {"number": complaint.number},
            "header_icon": "mail",
        },
    )


def intake(request):
    """An official records a complaint received by hotline, mailbox or at the service window.

    The same ``services.submit`` as the residents' form, with ``entered_by`` and the channel; the
    confirmation shows the tracking number and secret to pass on to the resident.
    """
    if not is_official(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = IntakeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            submission = services.submit(
                submission_key=data["submission_key"],
                category=data["category"],
                subject=data["subject"],
                description=data["description"],
                grid=data["grid"],
                building=data["building"],
                address=data["address"],
                channel=data["channel"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_email=data["contact_email"],
                anonymous=data["anonymous"],
                consent_to_publish=data["consent_to_publish"],
                reply_channel=data["reply_channel"],
                language=data["language"],
                entered_by=request.user,
            )
            complaint = submission.complaint
            return render(
                request,
                "complaints/admin/intake_done.html",
                {
                    "complaint": complaint,
                    "secret": submission.secret,
                    "created": submission.created,
                    "inspect_url": reverse("complaints_admin:inspect", args=[complaint.pk]),
                    "again_url": reverse("complaints_admin:intake"),
                    "page_title": _("Complaint recorded"),
                    "header_icon": "mail",
                },
            )
    else:
        form = IntakeForm(
            initial={
                "submission_key": services.new_submission_key(),
                "language": get_language() or "zh-hans",
            }
        )
    return render(
        request,
        "complaints/admin/intake.html",
        {"form": form, "page_title": _("Record a complaint"), "header_icon": "mail"},
    )


def bulk_assign(request):
    """Assign several complaints to one official; each goes through ``services.assign``."""
    if not is_official(request.user):
        raise PermissionDenied
    form = BulkAssignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, failed = [], []
        for complaint in data["complaints"]:
            try:
                services.assign(
                    complaint, request.user, assignee=data["assignee"], note=data["note"].strip()
                )
            except (PermissionDenied, services.TransitionError):
                failed.append(complaint.number)
            else:
                done.append(complaint.number)
        if done:
            messages.success(
                request,
                _("Assigned to %(name)s: %(numbers)s")
                % {"name": data["assignee"], "numbers": ", ".join(done)},
            )
        if failed:
            messages.error(
                request,
                _("Not assigned (changed meanwhile): %(numbers)s") % {"numbers": ", ".join(failed)},
            )
        return redirect("complaints_admin:index")
    return render(
        request,
        "complaints/admin/bulk_assign.html",
        {"form": form, "page_title": _("Assign several complaints"), "header_icon": "user"},
    )
