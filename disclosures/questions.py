"""Residents' questions about an entry or a project, through the complaints app's intake.

A question becomes a complaint in the "finance question" category, whose text links to the
entry or the project on the public page. ``DisclosuresConfig.ready`` registers these providers
with ``complaints.prefill``, and ``urls.py`` serves ``complaints.intake.question_view`` on the
disclosures' own addresses; the complaints app knows nothing of disclosures.
"""

from django.utils.translation import gettext as _

from disclosures.models import LedgerEntry
from disclosures.views import entry_url, public_project

CATEGORY_SLUG = "finance-question"
ENTRY = "finance_entry"
PROJECT = "finance_project"


def _intro() -> str:
    return _(
        "Ask the community's finance clerks. Your question is recorded like a complaint: you get "
        "a tracking number and an answer within 5 working days."
    )


def entry_question(value: str) -> dict[str, str] | None:
    """A published entry: ``/finance/ask/entry/<pk>/`` and ``/complaints/?finance_entry=<pk>``."""
    if not value.isdigit():
        return None
    entry = LedgerEntry.objects.public().select_related("period__fund").filter(pk=value).first()
    link = entry_url(entry) if entry is not None else None
    if link is None:
        return None
    about = _("Entry %(number)s of %(date)s, %(fund)s: %(description)s, ¥%(amount)s") % {
        "number": entry.pk,
        "date": entry.date.isoformat(),
        "fund": entry.period.fund.name,
        "description": entry.description,
        "amount": f"{entry.amount:,.2f}",
    }
    return {
        "subject": _("Question about entry %(number)s") % {"number": entry.pk},
        "about_title": about,
        "about_url": link,
        "category": CATEGORY_SLUG,
        "intro": _intro(),
    }


def project_question(value: str) -> dict[str, str] | None:
    """A live project: ``/finance/ask/project/<pk>/`` and ``/complaints/?finance_project=<pk>``."""
    if not value.isdigit():
        return None
    project = public_project(int(value))
    if project is None or not project.live:
        return None
    return {
        "subject": _("Question about the project “%(title)s”") % {"title": project.title},
        "about_title": _("Project: %(title)s") % {"title": project.title},
        "about_url": project.url,
        "category": CATEGORY_SLUG,
        "intro": _intro(),
    }
