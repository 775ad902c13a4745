"""The officials' action form on a complaint in the Wagtail admin."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from complaints.forms import ComplaintForm
from complaints.models import Channel, Complaint, Status
from complaints.permissions import officials_for

ACTIONS = {
    "accept": _("Accept (route to the grid worker or department)"),
    "reject": _("Do not accept (the note is the reason, shown to the resident)"),
    "transfer": _("Transfer to another department"),
    "assign": _("Assign to an official"),
    "start": _("Start work"),
    "answer": _("Answer the resident (the note is the answer)"),
    "close": _("Close"),
    "reopen": _("Reopen"),
    "reply": _("Message to the resident (no change of status)"),
    "note": _("Internal note (officials only)"),
}

ALLOWED = {
    Status.SUBMITTED: ["accept", "reject", "transfer"],
    Status.TRANSFERRED: ["accept", "reject", "transfer"],
    Status.ACCEPTED: ["assign", "transfer"],
    Status.ASSIGNED: ["start", "assign", "transfer"],
    Status.IN_PROGRESS: ["answer", "assign"],
    Status.REOPENED: ["start", "assign"],
    Status.ANSWERED: ["close", "reopen"],
}


def officials():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="change_complaint")
        .distinct()
        .order_by("username")
    )


def departments():
    return Group.objects.filter(permissions__codename="change_complaint").distinct()


class ComplaintActionForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Group.objects.none(), required=False
    )
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        names = [*ALLOWED.get(complaint.status, []), "reply", "note"]
        self.fields["action"].choices = [(name, ACTIONS[name]) for name in names]
        self.fields["department"].queryset = departments()
        self.fields["assignee"].queryset = officials_for(complaint)
        self.fields["assignee"].help_text = _(
            "Officials with a role on this complaint's grid, department or category."
        )

    def clean(self):
        cleaned = super().clean()
        action, note = cleaned.get("action"), (cleaned.get("note") or "").strip()
        if action in ("reject", "answer", "reply", "note") and not note:
            self.add_error("note", _("Write the text for this action."))
        if action == "transfer" and not cleaned.get("department"):
            self.add_error("department", _("Choose the department."))
        if action == "assign" and not cleaned.get("assignee"):
            self.add_error("assignee", _("Choose the official."))
        return cleaned


class IntakeForm(ComplaintForm):
    """A complaint received by hotline, mailbox or at the service window, entered by an
    official; the same checks as the residents' form, without photos."""

    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[
            choice for choice in Channel.choices if choice[0] not in (Channel.WEB, Channel.OPEN311)
        ],
        initial=Channel.HOTLINE,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("The resident's language"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        help_text=_("Emails and text messages to the resident are sent in this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["photos"]
        labels = {
            "contact_name": _("The resident's name"),
            "contact_phone": _("The resident's phone number"),
            "contact_email": _("The resident's email"),
            "reply_channel": _("How does the resident want to be answered?"),
            "anonymous": _("The resident stays anonymous"),
            "consent_to_publish": _(
                "The resident agrees that the answer is published without their name"
            ),
        }
        for name, label in labels.items():
            self.fields[name].label = label
        self.fields["contact_email"].help_text = _(
            "The confirmation with the tracking link is sent here."
        )
        self.order_fields(["channel", "language", *self.fields])

    def clean_photos(self):
        return []


ASSIGNABLE = [Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED]


class ComplaintChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Complaint) -> str:
        assignee = obj.assignee or _("not assigned")
        return f"{obj.number} {obj.subject} · {obj.get_status_display()} · {assignee}"


class BulkAssignForm(forms.Form):
    """Give several complaints to one official at once (each through ``services.assign``)."""

    complaints = ComplaintChoiceField(
        label=_("Complaints"),
        queryset=Complaint.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Accepted, assigned, in progress or reopened complaints you have a role on."),
    )
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=get_user_model().objects.none())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaints"].queryset = (
            Complaint.objects.handled_by(user)
            .filter(status__in=ASSIGNABLE)
            .select_related("assignee", "category", "grid")
            .order_by("deadline")
        )
        self.fields["assignee"].queryset = officials()

    def clean(self):
        cleaned = super().clean()
        assignee, complaints = cleaned.get("assignee"), cleaned.get("complaints") or []
        if assignee is not None:
            outside = [
                complaint.number
                for complaint in complaints
                if not officials_for(complaint).filter(pk=assignee.pk).exists()
            ]
            if outside:
                self.add_error(
                    "assignee",
                    _("%(name)s has no role on: %(numbers)s")
                    % {"name": assignee, "numbers": ", ".join(outside)},
                )
        return cleaned
