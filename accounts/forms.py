from django import forms
from django.contrib.auth.hashers import make_password

from allauth.account.forms import SignupForm as AllauthSignupForm

from accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "phone"]
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }


class SignupForm(AllauthSignupForm):
    """django-allauth's sign-up form, answering in the same time whether the address is new.

    For a known address allauth creates nothing and only mails the owner, which took a tenth of
    the time of a real sign-up (no password hashing): the delay told who has an account. The
    password is hashed either way.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
