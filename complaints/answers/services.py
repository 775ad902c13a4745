"""Preparing, publishing and withdrawing a published answer (领导信箱).

Each step checks that the official has a role on the complaint and that its resident consented,
writes an internal line in the complaint's timeline and is atomic. ``publish`` refuses texts in
which ``portal.privacy`` still finds personal data.
"""

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from complaints.answers.models import AnswerStatus, PublishedAnswer
from complaints.models import Complaint, ComplaintEvent, Status
from complaints.permissions import can_handle
from portal.privacy import personal_data_kinds

TEXT_FIELDS = ("title", "question", "answer", "title_en", "question_en", "answer_en")
ANSWERED_STATUSES = (Status.ANSWERED, Status.CLOSED)


class NotEligible(Exception):
    """The resident did not consent, or the complaint has no answer yet."""


@dataclass
class PersonalDataError(Exception):
    findings: dict[str, list[str]]  # field name -> the kinds found in it ("phone", "name" ...)


def eligible(complaint: Complaint) -> bool:
    return (
        complaint.consent_to_publish
        and complaint.status in ANSWERED_STATUSES
        and complaint.replies.filter(public=True).exists()
    )


def complainant_names(complaint: Complaint) -> list[str]:
    """The names the filter looks for: the contact name, its given name, the account's names."""
    names = [complaint.contact_name.strip()]
    name = names[0]
    if len(name) >= 3 and not name.isascii():
        names.append(name[1:])  # 王小明 -> 小明
    if complaint.user_id is not None:
        user = complaint.user
        names += [user.get_full_name(), user.get_short_name(), user.get_username()]
    return [name for name in names if name and len(name.strip()) >= 2]


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def findings(answer: PublishedAnswer) -> dict[str, list[str]]:
    """The kinds of personal data in each text: those ``portal.privacy`` recognises, and
    ``"name"`` when a name of the complainant appears."""
    names = [_folded(name) for name in complainant_names(answer.complaint)]
    found = {}
    for field in TEXT_FIELDS:
        text = getattr(answer, field)
        kinds = list(personal_data_kinds(text))
        if any(name in _folded(text) for name in names):
            kinds.append("name")
        if kinds:
            found[field] = kinds
    return found


def _event(complaint: Complaint, actor, action: str) -> None:
    ComplaintEvent.objects.create(
        complaint=complaint,
        actor=actor,
        action=action,
        from_status=complaint.status,
        to_status=complaint.status,
        public=False,
    )


def _require(actor, complaint: Complaint) -> None:
    if not can_handle(actor, complaint):
        raise PermissionDenied("No role on this complaint")
    if not eligible(complaint):
        raise NotEligible(complaint.number)


@transaction.atomic
def prepare(complaint: Complaint, actor) -> PublishedAnswer:
    """The draft for this complaint (made once), starting from the original texts, which the
    official then anonymises."""
    complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    _require(actor, complaint)
    existing = PublishedAnswer.objects.filter(complaint=complaint).first()
    if existing is not None:
        return existing
    reply = complaint.replies.filter(public=True).order_by("-created_at", "-pk").first()
    answer = PublishedAnswer.objects.create(
        complaint=complaint,
        title=complaint.subject,
        question=complaint.description,
        answer=reply.body if reply else "",
        created_by=actor,
    )
    _event(complaint, actor, "answer_draft")
    return answer


@transaction.atomic
def save(record: PublishedAnswer, actor, **texts: str) -> PublishedAnswer:
    """New texts. A published answer whose new texts hold personal data is not saved."""
    answer = PublishedAnswer.objects.select_for_update().get(pk=record.pk)
    _require(actor, answer.complaint)
    for field, value in texts.items():
        if field not in TEXT_FIELDS:
            raise ValueError(field)
        setattr(answer, field, value)
    if answer.status == AnswerStatus.PUBLISHED and (found := findings(answer)):
        raise PersonalDataError(found)
    answer.save()
    return answer


@transaction.atomic
def publish(answer: PublishedAnswer, actor) -> PublishedAnswer:
    answer = PublishedAnswer.objects.select_for_update().get(pk=answer.pk)
    _require(actor, answer.complaint)
    if not (answer.title.strip() and answer.question.strip() and answer.answer.strip()):
        raise ValueError("A published answer needs a title, a question and an answer")
    if found := findings(answer):
        raise PersonalDataError(found)
    answer.status = AnswerStatus.PUBLISHED
    answer.published_at = answer.published_at or timezone.now()
    answer.published_by = actor
    answer.save()
    _event(answer.complaint, actor, "answer_published")
    return answer


@transaction.atomic
def withdraw(answer: PublishedAnswer, actor) -> PublishedAnswer:
    """Off the public list at once (the resident changed their mind, or a detail was missed)."""
    answer = PublishedAnswer.objects.select_for_update().get(pk=answer.pk)
    if not can_handle(actor, answer.complaint):
        raise PermissionDenied("No role on this complaint")
    answer.status = AnswerStatus.WITHDRAWN
    answer.save(update_fields=["status", "updated_at"])
    _event(answer.complaint, actor, "answer_withdrawn")
    return answer
