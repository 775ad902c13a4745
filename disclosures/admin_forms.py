"""The finance clerk's entry form in the admin: fields of ``services.EntryData``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.documents.widgets import AdminDocumentChooser

from disclosures.models import SOURCE_LANGUAGE, Category, Fund, LedgerEntry, ProjectPage


class LedgerEntryForm(WagtailAdminModelForm):
    fund = forms.ModelChoiceField(
        label=_("fund"),
        queryset=Fund.objects.filter(locale__language_code=SOURCE_LANGUAGE),
        help_text=_("The entry goes into the fund's period that holds its date."),
    )
    corrects_number = forms.IntegerField(
        label=_("corrects entry number"),
        required=False,
        min_value=1,
        help_text=_(
            "Only to correct a published entry: its number, and the reason below. The "
            "correction is dated in an open period."
        ),
    )

    field_order = [
        "fund",
        "date",
        "kind",
        "category",
        "description",
        "amount",
        "counterparty",
        "voucher_number",
        "approved_by",
        "voucher",
        "project",
        "corrects_number",
        "correction_reason",
    ]

    class Meta:
        model = LedgerEntry
        fields = [
            "date",
            "kind",
            "category",
            "description",
            "amount",
            "counterparty",
            "voucher_number",
            "approved_by",
            "voucher",
            "project",
            "correction_reason",
        ]
        widgets = {"voucher": AdminDocumentChooser}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(
            locale__language_code=SOURCE_LANGUAGE
        )
        self.fields["project"].queryset = ProjectPage.objects.filter(
            locale__language_code=SOURCE_LANGUAGE
        )
        if self.instance.pk:
            self.fields["fund"].initial = self.instance.period.fund_id
            self.fields["fund"].disabled = True
            self.fields["corrects_number"].disabled = True
            self.fields["corrects_number"].initial = self.instance.corrects_id

    def clean(self):
        cleaned = super().clean()
        amount = cleaned.get("amount")
        if amount is not None and amount <= 0:
            self.add_error("amount", _("The amount must be more than zero."))
        number = cleaned.get("corrects_number")
        if number and not self.instance.pk:
            original = LedgerEntry.objects.filter(pk=number).select_related("period").first()
            if original is None:
                self.add_error("corrects_number", _("There is no entry with this number."))
            elif not original.period.is_published:
                self.add_error(
                    "corrects_number",
                    _("That entry is not published: change it directly instead."),
                )
            else:
                cleaned["corrects"] = original
            if not (cleaned.get("correction_reason") or "").strip():
                self.add_error("correction_reason", _("Give the reason for the correction."))
        return cleaned


class PeriodImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_("One row per entry, with the columns of the template."),
    )
