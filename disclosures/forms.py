"""The residents' question form."""

from django import forms
from django.utils.translation import gettext_lazy as _


class QuestionForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    question = forms.CharField(
        label=_("Your question"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What would you like to know about it? The finance clerks answer."),
    )
    contact_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=60,
        required=False,
        help_text=_("Leave the name, phone and email empty to ask anonymously."),
    )
    contact_phone = forms.CharField(
        label=_("Phone number (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the answer here; otherwise see it with your tracking number."),
    )
