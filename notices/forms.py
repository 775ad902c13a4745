"""The resident's choice of which notices to receive by email."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from notices.models import NoticeCategory, Subscription


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: NoticeCategory) -> str:
        return f"{obj.name} ({obj.description})" if obj.description else obj.name


class SubscriptionForm(forms.Form):
    """Categories of the active language, as checkboxes, and "urgent notices only".

    The subscription stores the Chinese categories; the form shows their translations in the
    language of the page and ticks the ones the subscription stands for.
    """

    categories = CategoryChoiceField(
        label=_("Categories"),
        queryset=NoticeCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Urgent notices are always sent, whatever you tick here."),
    )
    urgent_only = forms.BooleanField(
        label=_("Urgent notices only"),
        required=False,
        help_text=_("Only urgent notices, such as sudden water or power cuts."),
    )

    def __init__(self, *args, subscription: Subscription | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        categories = NoticeCategory.objects.filter(locale=Locale.get_active())
        self.fields["categories"].queryset = categories
        if subscription is not None and not self.is_bound:
            keys = subscription.categories.values("translation_key")
            self.initial.setdefault("categories", list(categories.filter(translation_key__in=keys)))
            self.initial.setdefault("urgent_only", subscription.urgent_only)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("categories") and not cleaned.get("urgent_only"):
            self.add_error(
                "categories",
                forms.ValidationError(
                    _("Tick at least one category, or “Urgent notices only”."),
                    code="nothing_chosen",
                ),
            )
        return cleaned
