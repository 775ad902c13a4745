"""The public complaint form, the tracking form and the rating form."""

import time

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.models import Locale

from community.models import Building, Grid
from complaints.images import MAX_PHOTOS, clean_photo, photo_pixels
from complaints.models import ComplaintCategory, RatingValue, ReplyChannel


def deadline_text(days: int) -> str:
    if days == 0:
        return str(_("answered the same working day"))
    return ngettext(
        "answered within %(days)d working day",
        "answered within %(days)d working days",
        days,
    ) % {"days": days}


class CategoryField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ComplaintCategory) -> str:
        label = _("%(name)s (%(deadline)s)") % {
            "name": obj.name,
            "deadline": deadline_text(obj.deadline_days),
        }
        if obj.examples:
            label = _("%(label)s, e.g. %(examples)s") % {"label": label, "examples": obj.examples}
        return label


class BuildingField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Building) -> str:
        return f"{obj.grid.display_name} · {obj.display_name}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotosField, self).clean(item, initial) for item in files]


class ComplaintForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    category = CategoryField(
        label=_("What is it about?"),
        queryset=ComplaintCategory.objects.none(),
        empty_label=_("Choose a category"),
        help_text=_("Each category shows how soon you will get an answer."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=120)
    description = forms.CharField(
        label=_("Describe the problem"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What happened, where exactly, since when, and what you would like done."),
    )
    grid = forms.ModelChoiceField(
        label=_("Grid"),
        queryset=Grid.objects.all(),
        required=False,
        empty_label=_("Not sure / not in a grid"),
    )
    building = BuildingField(
        label=_("Building"),
        queryset=Building.objects.select_related("grid"),
        required=False,
        empty_label=_("No building / not sure"),
    )
    address = forms.CharField(
        label=_("Address or place"),
        max_length=200,
        required=False,
        help_text=_("For example “the east gate car park”. Needed when you choose no building."),
    )
    photos = PhotosField(
        label=_("Photos (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_(
            "Up to 5 photos, JPEG, PNG or WebP, at most 10 MB each. Location and camera data are "
            "removed from them."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Submit anonymously"),
        required=False,
        help_text=_(
            "Your name is not recorded and nobody at the committee sees your phone number or "
            "email: the portal uses them only to send you updates. Without them we answer on the "
            "tracking page."
        ),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    contact_phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a confirmation with your tracking link here."),
    )
    reply_channel = forms.ChoiceField(
        label=_("How should we answer you?"),
        choices=ReplyChannel.choices,
        initial=ReplyChannel.ONLINE,
        widget=forms.RadioSelect,
    )
    consent_to_publish = forms.BooleanField(
        label=_("The answer may be published without my name or contact details"),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ComplaintCategory.objects.filter(
            locale=Locale.get_active()
        )
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.setdefault("contact_name", user.get_short_name())
            self.initial.setdefault("contact_email", user.email)
            self.initial.setdefault("contact_phone", getattr(user, "phone", ""))

    def clean_photos(self):
        files = self.cleaned_data.get("photos") or []
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("Please choose at most 5 photos."), code="too_many")
        # One complaint may not cost a worker more than this: the pixels all photos decode to,
        # read from their headers before decoding any, and the time spent on them.
        budget = settings.COMPLAINTS_PHOTO_PIXEL_BUDGET
        if sum(photo_pixels(upload) for upload in files) > budget:
            raise ValidationError(
                _(
                    "Together your photos are too large to process (at most %(megapixels)d "
                    "megapixels in one complaint). Please choose fewer or smaller photos; what "
                    "you typed is kept."
                )
                % {"megapixels": budget // 1_000_000},
                code="too_many_pixels",
            )
        deadline = time.monotonic() + settings.COMPLAINTS_PHOTO_TIME_BUDGET
        cleaned, errors = [], []
        for upload in files:
            if time.monotonic() > deadline:
                raise ValidationError(
                    _(
                        "Your photos took too long to process. Please choose fewer or smaller "
                        "photos; what you typed is kept."
                    ),
                    code="too_slow",
                )
            try:
                cleaned.append(clean_photo(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def clean(self):
        cleaned = super().clean()
        grid, building = cleaned.get("grid"), cleaned.get("building")
        if building is not None and grid is not None and building.grid_id != grid.pk:
            self.add_error("building", _("This building is not in the grid you chose."))
        if (
            building is None
            and not cleaned.get("address", "").strip()
            and "address" not in self.errors
        ):
            self.add_error("address", _("Choose a building or describe the place."))
        check_contact(self, cleaned, cleaned.get("anonymous"), cleaned.get("reply_channel"))
        return cleaned


def check_contact(form: forms.Form, cleaned: dict, anonymous: bool, channel: str | None) -> None:
    """The contact and reply-channel rules every way into the complaints app shares."""
    phone, email = cleaned.get("contact_phone", ""), cleaned.get("contact_email", "")
    if not anonymous:
        if not cleaned.get("contact_name", "").strip():
            form.add_error("contact_name", _("Give your name, or submit anonymously."))
        if not phone and not email and "contact_email" not in form.errors:
            form.add_error(
                "contact_phone", _("Give a phone number or an email, or submit anonymously.")
            )
    if channel == ReplyChannel.EMAIL and not email and "contact_email" not in form.errors:
        form.add_error("contact_email", _("Give your email to be answered by email."))
    if channel in (ReplyChannel.SMS, ReplyChannel.PHONE) and not phone:
        form.add_error("contact_phone", _("Give your phone number to be answered by phone."))
    if anonymous and channel == ReplyChannel.PHONE:
        form.add_error(
            "reply_channel",
            _(
                "A phone call would tell us who you are: choose a text message, an email or "
                "the tracking page to stay anonymous."
            ),
        )


class QuestionForm(forms.Form):
    """A question about something another page shows (``complaints.intake.question_view``).

    Shorter than the complaint form: the page says what it is about and the category is fixed.
    Without a name, phone or email the question is anonymous and answered on the tracking page;
    with an email, by email. The contact rules are the complaint form's.
    """

    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    question = forms.CharField(
        label=_("Your question"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What would you like to know about it?"),
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

    def clean(self):
        cleaned = super().clean()
        contact = [cleaned.get(name) for name in ("contact_name", "contact_phone", "contact_email")]
        cleaned["anonymous"] = not any(contact) and "contact_email" not in self.errors
        cleaned["reply_channel"] = (
            ReplyChannel.EMAIL if cleaned.get("contact_email") else ReplyChannel.ONLINE
        )
        check_contact(self, cleaned, cleaned["anonymous"], cleaned["reply_channel"])
        return cleaned


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Tracking number"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "TS-2026-000123", "autocomplete": "off"}),
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=64,
        # Shown while typed: an elderly resident copies it from paper or hears it on the phone.
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "K7MX 4PQR",
            }
        ),
        help_text=_(
            "8 letters and digits from your confirmation page, text message or email; small "
            "letters and spaces are fine."
        ),
    )


class RatingForm(forms.Form):
    value = forms.ChoiceField(
        label=_("Are you satisfied with the answer?"),
        choices=RatingValue.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("If you are dissatisfied, the complaint is reopened and followed up again."),
    )
