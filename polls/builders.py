"""Helpers that build polls and consultations for tests and demo content."""

import datetime
from collections.abc import Sequence

from django.utils import timezone

from wagtail.models import Locale, Page

from community.factories import HouseholdFactory, ResidencyFactory, UserFactory
from polls.models import (
    ConsultationPage,
    DraftSection,
    Eligibility,
    PollIndexPage,
    PollOption,
    PollPage,
    Question,
    QuestionKind,
)


def poll_index(parent: Page | None = None) -> PollIndexPage:
    """The polls index under the Chinese home page (or ``parent``), created once."""
    if parent is None:
        from home.models import HomePage

        parent = HomePage.objects.filter(locale__language_code="zh-hans").first()
    existing = PollIndexPage.objects.child_of(parent).first()
    if existing is not None:
        return existing
    index = PollIndexPage(title="民意征集", slug="polls")
    parent.add_child(instance=index)
    return index


def make_poll(
    parent: Page | None = None,
    *,
    title: str = "公益金项目投票",
    questions: Sequence[dict] | None = None,
    opens_at: datetime.datetime | None = None,
    closes_at: datetime.datetime | None = None,
    eligibility: str = Eligibility.FIRST_MEMBER,
    grids: Sequence = (),
    **fields,
) -> PollPage:
    """A live poll, open now for a week unless told otherwise.

    ``questions``: ``[{"text": ..., "kind": ..., "options": ["A", "B"], "max_choices": 2}]``.
    """
    parent = parent or poll_index()
    now = timezone.now()
    poll = PollPage(
        title=title,
        slug=fields.pop("slug", None) or f"poll-{PollPage.objects.count() + 1}",
        opens_at=opens_at or now - datetime.timedelta(days=1),
        closes_at=closes_at or now + datetime.timedelta(days=7),
        eligibility=eligibility,
        **fields,
    )
    parent.add_child(instance=poll)
    if questions is None:
        questions = [
            {
                "text": "您支持哪个项目？",
                "kind": QuestionKind.SINGLE,
                "options": ["加装电梯", "修缮屋顶", "增设充电桩"],
            }
        ]
    for number, spec in enumerate(questions):
        question = Question(
            poll=poll,
            text=spec["text"],
            kind=spec.get("kind", QuestionKind.SINGLE),
            max_choices=spec.get("max_choices"),
            required=spec.get("required", True),
            sort_order=number,
            locale=poll.locale,
        )
        question.save()
        for position, label in enumerate(spec.get("options", [])):
            PollOption.objects.create(
                question=question, label=label, sort_order=position, locale=poll.locale
            )
    if grids:
        poll.grids.set(grids)
    poll.save_revision().publish()
    return PollPage.objects.get(pk=poll.pk)


def voter(household=None, *, representative: bool = False, **user_fields):
    """A user with a verified residency (in ``household`` or a new one)."""
    user = UserFactory(**user_fields)
    ResidencyFactory(
        user=user,
        household=household or HouseholdFactory(),
        confirmed=True,
        is_representative=representative,
    )
    return user


def make_consultation(parent: Page | None = None, *, moderation: str = "pre", **fields):
    parent = parent or poll_index()
    now = timezone.now()
    page = ConsultationPage(
        title=fields.pop("title", "《小区停车管理规定》征求意见"),
        slug=fields.pop("slug", None) or f"consultation-{ConsultationPage.objects.count() + 1}",
        opens_at=fields.pop("opens_at", now - datetime.timedelta(days=1)),
        closes_at=fields.pop("closes_at", now + datetime.timedelta(days=14)),
        moderation=moderation,
        **fields,
    )
    parent.add_child(instance=page)
    for position, (heading, body) in enumerate(
        [
            ("第一条 适用范围", "<p>本规定适用于小区内的机动车停放。</p>"),
            ("第二条 收费标准", "<p>临时停车每小时2元。</p>"),
        ]
    ):
        DraftSection.objects.create(
            page=page, heading=heading, body=body, sort_order=position, locale=page.locale
        )
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def default_locale() -> Locale:
    return Locale.get_default()
