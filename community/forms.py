"""Forms for asking to join a household and for the officials' decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import Building


class JoinHouseholdForm(forms.Form):
    building = forms.ModelChoiceField(
        label=_("Building"), queryset=Building.objects.select_related("grid"), empty_label=None
    )
    unit = forms.IntegerField(label=_("Unit"), min_value=1, max_value=99, initial=1)
    room = forms.CharField(label=_("Room"), max_length=20, help_text=_("As on the door, e.g. 302."))
    note = forms.CharField(
        label=_("Note for the committee"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: owner, tenant, family member of the owner."),
    )


class DecisionForm(forms.Form):
    DECISIONS = [("verify", _("Verify")), ("reject", _("Reject"))]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    representative = forms.BooleanField(label=_("Household representative"), required=False)
    reason = forms.CharField(label=_("Reason (when rejecting)"), required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Please give the resident a reason."))
        return cleaned
