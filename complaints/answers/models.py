"""Published answers (领导信箱): a complaint's question and answer, anonymised by an official.

Only complaints whose resident ticked "the answer may be published" can have one. The texts are
rewritten by the official (no names, numbers or exact places) and checked by
``portal.privacy.contains_personal_data`` before they go public; see ``answers.services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnswerStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PublishedAnswerQuerySet(models.QuerySet):
    def published(self) -> "PublishedAnswerQuerySet":
        return self.filter(status=AnswerStatus.PUBLISHED)

    def search(self, query: str, language: str) -> "PublishedAnswerQuerySet":
        """Answers whose texts (in ``language``, and the Chinese original) hold every word."""
        result = self
        for word in query.split()[:8]:
            condition = Q(title__icontains=word) | Q(question__icontains=word)
            condition |= Q(answer__icontains=word)
            if language == "en":
                condition |= Q(title_en__icontains=word) | Q(question_en__icontains=word)
                condition |= Q(answer_en__icontains=word)
            result = result.filter(condition)
        return result


class PublishedAnswer(models.Model):
    complaint = models.OneToOneField(
        "complaints.Complaint",
        verbose_name=_("complaint"),
        on_delete=models.CASCADE,
        related_name="published_answer",
    )
    title = models.CharField(_("title"), max_length=120)
    question = models.TextField(_("question (anonymised)"))
    answer = models.TextField(_("answer (anonymised)"))
    title_en = models.CharField(_("title in English"), max_length=120, blank=True)
    question_en = models.TextField(_("question in English"), blank=True)
    answer_en = models.TextField(_("answer in English"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AnswerStatus.choices,
        default=AnswerStatus.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PublishedAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("published answer")
        verbose_name_plural = _("published answers")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def texts(self, language: str) -> dict[str, str]:
        """Title, question and answer in ``language`` when translated, else the Chinese, with
        the language they are written in (for ``lang`` attributes)."""
        if language == "en" and self.title_en and self.question_en and self.answer_en:
            return {
                "title": self.title_en,
                "question": self.question_en,
                "answer": self.answer_en,
                "lang": "en",
            }
        return {
            "title": self.title,
            "question": self.question,
            "answer": self.answer,
            "lang": "zh-hans",
        }
