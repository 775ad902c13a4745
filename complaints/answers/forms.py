from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.answers.models import PublishedAnswer


class AnswerForm(forms.ModelForm):
    """The texts an official anonymises; the Chinese ones are required to publish."""

    class Meta:
        model = PublishedAnswer
        fields = ["title", "question", "answer", "title_en", "question_en", "answer_en"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 6}),
            "answer": forms.Textarea(attrs={"rows": 8}),
            "question_en": forms.Textarea(attrs={"rows": 6}),
            "answer_en": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "question": _(
                "Remove names, phone and ID numbers, emails, plate numbers, room numbers and "
                "exact addresses; keep what other residents need to understand the question."
            ),
            "title_en": _(
                "Optional: without all three English texts the English page shows the Chinese."
            ),
        }
