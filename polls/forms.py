"""The ballot form, built from a poll's questions in the language being viewed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from polls.models import Channel, PollPage, QuestionKind, Satisfaction


def field_name(question) -> str:
    return f"q{question.pk}"


class BallotForm(forms.Form):
    def __init__(self, poll: PollPage, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.poll = poll
        self.questions = list(poll.get_questions())
        for number, question in enumerate(self.questions, start=1):
            label = f"{number}. {question.text}"
            help_text = question.help_text
            kind = question.kind
            if kind == QuestionKind.SINGLE:
                field = forms.TypedChoiceField(
                    coerce=int,
                    choices=[(option.pk, option.label) for option in question.options.all()],
                    widget=forms.RadioSelect,
                )
            elif kind == QuestionKind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    coerce=int,
                    choices=[(option.pk, option.label) for option in question.options.all()],
                    widget=forms.CheckboxSelectMultiple,
                )
                if question.max_choices:
                    limit = _("Choose at most %(count)d.") % {"count": question.max_choices}
                    help_text = f"{help_text} {limit}".strip()
            elif kind == QuestionKind.RATING:
                field = forms.TypedChoiceField(
                    coerce=int,
                    choices=[
                        (5, _("5 – very good")),
                        (4, "4"),
                        (3, "3"),
                        (2, "2"),
                        (1, _("1 – very poor")),
                    ],
                    widget=forms.RadioSelect,
                )
            elif kind == QuestionKind.SATISFACTION:
                field = forms.ChoiceField(choices=Satisfaction.choices, widget=forms.RadioSelect)
            else:
                field = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))
            field.label = label
            field.help_text = help_text
            field.required = question.required
            self.fields[field_name(question)] = field

    def answers(self) -> dict[int, object]:
        """Question pk -> the cleaned answer, for ``polls.services.cast_ballot``."""
        return {
            question.pk: self.cleaned_data.get(field_name(question))
            for question in self.questions
            if self.cleaned_data.get(field_name(question)) not in (None, "", [])
        }


class OfflineBallotForm(BallotForm):
    def __init__(self, poll: PollPage, *args, **kwargs):
        super().__init__(poll, *args, **kwargs)
        self.fields = {
            "household_code": forms.CharField(
                label=_("Household code"), max_length=40, help_text=_("As in the household list.")
            ),
            "channel": forms.ChoiceField(
                label=_("Channel"),
                choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
            ),
            **self.fields,
        }


class CommentForm(forms.Form):
    section = forms.IntegerField(widget=forms.HiddenInput)
    body = forms.CharField(
        label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Response: what changed in the draft and why"),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
