"""Every change to a poll's votes and a consultation's comments.

``cast_ballot`` is the one function that writes a vote, whether a resident votes online or an
official records a household's ballot taken by phone, on a visit or on paper. It checks the
schedule, the voter's verified household, the poll's scope and eligibility and the answers, then
writes the ``Participation`` and the ``Ballot`` in one transaction. The database's unique
constraints on ``Participation`` decide between simultaneous attempts: exactly one succeeds, the
others are refused with ``VoteRefused`` (never a server error).
"""

import datetime
import secrets
import threading
import time
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from community.models import Household, Residency
from community.services import can_verify
from polls.models import (
    Ballot,
    Channel,
    CommentStatus,
    ConsultationComment,
    ConsultationPage,
    DraftSection,
    Eligibility,
    Moderation,
    Participation,
    PollEvent,
    PollKind,
    PollOption,
    PollPage,
    Question,
    QuestionKind,
    ResultsVisibility,
    Satisfaction,
)
from polls.results import poll_results

TEXT_ANSWER_MAX = 1000
COMMENTS_PER_HOUR = 10
SQLITE_RETRIES = 50


class VoteRefused(Exception):
    """A vote that cannot be recorded; ``str()`` is the translated reason for the person."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


class ActionRefused(Exception):
    """An official's or resident's act on a poll or consultation that is not allowed."""


# -- who may do what ----------------------------------------------------------------------------


def is_poll_official(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("polls.view_poll_results")
    )


def can_record_offline(user, household: Household) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("polls.record_offline_ballot")
        and can_verify(user, household.building.grid)
    )


def in_scope(poll: PollPage, household: Household) -> bool:
    grid_ids = {grid.pk for grid in poll.grids.all()}
    return not grid_ids or household.building.grid_id in grid_ids


def voting_residencies(poll: PollPage, user) -> list[Residency]:
    """The user's verified residencies through which they may vote in ``poll``."""
    if not user.is_authenticated:
        return []
    residencies = [
        residency
        for residency in Residency.objects.verified()
        .filter(user=user)
        .select_related("household__building")
        .order_by("pk")
        if in_scope(poll, residency.household)
    ]
    if poll.eligibility == Eligibility.REPRESENTATIVE:
        residencies = [residency for residency in residencies if residency.is_representative]
    return residencies


def has_voted(poll: PollPage, user) -> bool:
    """Whether the account, or its household where the poll counts households, has voted."""
    poll = poll.source
    if not user.is_authenticated:
        return False
    if not poll.per_household:
        return Participation.objects.filter(poll=poll, user=user).exists()
    households = Residency.objects.verified().filter(user=user).values("household")
    return Participation.objects.filter(poll=poll, household__in=households).exists()


def results_visible(poll: PollPage, user) -> bool:
    """Whether ``user`` may see the poll's results now (its result policy, or an official)."""
    if is_poll_official(user):
        return True
    if poll.results_visibility == ResultsVisibility.LIVE:
        return poll.has_opened()
    if poll.results_visibility == ResultsVisibility.AFTER_CLOSE:
        return poll.has_closed()
    return False


@dataclass(frozen=True)
class VotingState:
    """What a poll's page tells one visitor: whether and why they can or cannot vote, and what
    else they may do there."""

    can_vote: bool = False
    has_voted: bool = False
    reason: str = ""
    needs_verification: bool = False
    is_official: bool = False
    results_visible: bool = False
    can_record: bool = False


def voting_state(poll: PollPage, user) -> VotingState:
    """Everything the poll's page needs to know about ``user``, asked once."""
    source = poll.source
    official = is_poll_official(user)
    shared = {
        "is_official": official,
        "results_visible": results_visible(poll, user),
        "can_record": bool(
            user.is_authenticated
            and user.has_perm("polls.record_offline_ballot")
            and poll.per_household
        ),
    }
    if not poll.has_opened():
        return VotingState(reason=_("This poll is not open yet."), **shared)
    if poll.has_closed():
        return VotingState(reason=_("This poll has closed."), **shared)
    if not user.is_authenticated:
        return VotingState(reason=_("Please sign in to vote."), **shared)
    if has_voted(source, user):
        reason = (
            _("Your household has already voted in this poll.")
            if source.per_household
            else _("You have already voted in this poll.")
        )
        return VotingState(has_voted=True, reason=reason, **shared)
    if not voting_residencies(source, user):
        refusal = _not_eligible(source, user, None)
        return VotingState(
            reason=str(refusal), needs_verification=refusal.code == "not_verified", **shared
        )
    return VotingState(can_vote=True, **shared)


def option_votes(poll: PollPage, option: PollOption) -> tuple[int, Decimal] | None:
    """The votes an option received and their share in percent, as the results page shows
    them; ``None`` when the results do not list the option. Check ``results_visible`` first."""
    for question in poll_results(poll).questions:
        for row in question.rows:
            if row.option_id == option.pk:
                return row.count, row.percent
    return None


# -- answers ------------------------------------------------------------------------------------


def _source_question_map(poll: PollPage) -> dict[int, Question]:
    """Every question pk that may appear in a form (any language) -> the source question."""
    questions = list(poll.get_questions())
    by_key = {question.translation_key: question for question in questions}
    mapping = {question.pk: question for question in questions}
    translated = Question.objects.filter(poll__translation_key=poll.translation_key).exclude(
        poll=poll
    )
    for question in translated.order_by("poll_id", "sort_order", "pk"):
        source = by_key.get(question.translation_key)
        if source is not None:
            mapping[question.pk] = source
    return mapping


def _source_option_map(question: Question) -> dict[int, PollOption]:
    options = list(question.options.all())
    by_key = {option.translation_key: option for option in options}
    mapping = {option.pk: option for option in options}
    for option in PollOption.objects.filter(translation_key__in=by_key.keys()).exclude(
        pk__in=mapping.keys()
    ):
        mapping[option.pk] = by_key[option.translation_key]
    return mapping


def _pk(value: Any) -> int:
    if hasattr(value, "pk"):
        return int(value.pk)
    return int(value)


def _refuse_choice() -> VoteRefused:
    return VoteRefused(_("One of the choices does not belong to this poll."), "foreign_choice")


def normalise_answers(poll: PollPage, answers: Mapping[Any, Any]) -> dict[str, Any]:
    """Check ``answers`` (question or pk -> option(s), rating, level or text) against the poll.

    Returns the stored form: source question pk (str) -> option pks, rating, level or text.
    """
    questions = _source_question_map(poll)
    given: dict[int, Any] = {}
    for key, value in answers.items():
        try:
            question = questions[_pk(key)]
        except (KeyError, TypeError, ValueError):
            raise VoteRefused(
                _("One of the answers is for a question that is not in this poll."),
                "foreign_question",
            ) from None
        given[question.pk] = value
    stored: dict[str, Any] = {}
    for question in poll.get_questions():
        value = given.get(question.pk)
        empty = value is None or value == "" or value == [] or value == ()
        if empty:
            if question.required:
                raise VoteRefused(
                    _("Please answer the question “%(question)s”.") % {"question": question.text},
                    "missing_answer",
                )
            continue
        stored[str(question.pk)] = _normalise_one(question, value)
    return stored


def _normalise_one(question: Question, value: Any) -> Any:
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = _source_option_map(question)
        values = list(value) if isinstance(value, list | tuple | set) else [value]
        try:
            chosen = [options[_pk(item)].pk for item in values]
        except (KeyError, TypeError, ValueError):
            raise _refuse_choice() from None
        chosen = sorted(set(chosen))
        if kind == QuestionKind.SINGLE and len(chosen) != 1:
            raise VoteRefused(
                _("Choose one option for “%(question)s”.") % {"question": question.text},
                "too_many_choices",
            )
        if question.max_choices and len(chosen) > question.max_choices:
            raise VoteRefused(
                _("Choose at most %(count)d options for “%(question)s”.")
                % {"count": question.max_choices, "question": question.text},
                "too_many_choices",
            )
        return chosen
    if kind == QuestionKind.RATING:
        try:
            rating = int(value)
        except (TypeError, ValueError):
            rating = 0
        if not 1 <= rating <= 5:
            raise VoteRefused(_("A rating is a whole number from 1 to 5."), "bad_rating")
        return rating
    if kind == QuestionKind.SATISFACTION:
        if value not in Satisfaction.values:
            raise VoteRefused(
                _("Choose satisfied, basically satisfied or dissatisfied."), "bad_level"
            )
        return str(value)
    text = str(value).strip()
    if len(text) > TEXT_ANSWER_MAX:
        raise VoteRefused(
            _("Please keep your answer under %(count)d characters.") % {"count": TEXT_ANSWER_MAX},
            "text_too_long",
        )
    return text


# -- casting a ballot ---------------------------------------------------------------------------

_sqlite_writes = threading.Lock()


@contextmanager
def _serialised_on_sqlite():
    """SQLite has one writer at a time: queue this process's voters instead of failing them.

    Other processes are waited for by SQLite's busy timeout; a lock error that still escapes
    (a reader upgrading to a writer) is retried by ``cast_ballot``.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with _sqlite_writes:
        yield


def _is_lock_error(exc: OperationalError) -> bool:
    message = str(exc).lower()
    return connection.vendor == "sqlite" and ("locked" in message or "busy" in message)


def cast_ballot(
    poll: PollPage,
    actor,
    answers: Mapping[Any, Any],
    *,
    channel: str = Channel.ONLINE,
    household: Household | None = None,
    now: datetime.datetime | None = None,
) -> Participation:
    """Record one ballot in ``poll`` (any language: votes go to the source poll).

    Online (``channel="online"``): ``actor`` is the voter; ``household`` optionally picks which
    of their verified households votes. Off-line (phone, visit, paper): ``actor`` is the official
    who took the ballot and ``household`` is required.

    Raises ``VoteRefused`` with a translated message, having changed nothing, when the vote is
    not allowed (not open, not verified, outside the scope, already voted, bad answers).
    """
    for attempt in range(SQLITE_RETRIES - 1):
        try:
            with _serialised_on_sqlite():
                return _cast(poll, actor, answers, channel, household, now)
        except OperationalError as exc:
            if not _is_lock_error(exc):
                raise
            time.sleep(0.01 * (attempt + 1))
    with _serialised_on_sqlite():  # the last attempt: a lock error now goes to the caller
        return _cast(poll, actor, answers, channel, household, now)


def _already_voted(poll: PollPage) -> VoteRefused:
    if poll.per_household:
        return VoteRefused(_("Your household has already voted in this poll."), "already_voted")
    return VoteRefused(_("You have already voted in this poll."), "already_voted")


def _cast(poll, actor, answers, channel, household, now) -> Participation:
    poll = PollPage.objects.get(pk=poll.pk).source
    now = now or timezone.now()
    if not poll.live:
        raise VoteRefused(_("This poll is not published."), "not_live")
    if not poll.has_opened(now):
        raise VoteRefused(_("This poll is not open yet."), "not_open")
    if poll.has_closed(now):
        raise VoteRefused(_("This poll has closed."), "closed")
    if channel not in Channel.values:
        raise VoteRefused(_("Unknown channel."), "bad_channel")

    voter = None
    recorded_by = None
    if channel == Channel.ONLINE:
        if not actor.is_authenticated or not actor.is_active:
            raise VoteRefused(_("Please sign in to vote."), "anonymous")
        voter = actor
        residencies = voting_residencies(poll, actor)
        if household is not None:
            residencies = [r for r in residencies if r.household_id == household.pk]
        if not residencies:
            raise _not_eligible(poll, actor, household)
        household = residencies[0].household
    else:
        if household is None:
            raise VoteRefused(_("Choose the household whose ballot you record."), "no_household")
        if not poll.per_household:
            raise VoteRefused(
                _("Off-line ballots can be recorded only in polls with one vote per household."),
                "offline_account_poll",
            )
        household = Household.objects.select_related("building__grid").get(pk=household.pk)
        if not can_record_offline(actor, household):
            raise VoteRefused(
                _("Only an official of the household's grid can record its ballot."),
                "not_allowed",
            )
        if not in_scope(poll, household):
            raise VoteRefused(_("This household is outside the poll's area."), "out_of_scope")
        recorded_by = actor

    stored = normalise_answers(poll, answers)
    if poll.per_household:
        exists = Participation.objects.filter(poll=poll, household=household).exists()
    else:
        exists = Participation.objects.filter(poll=poll, user=voter).exists()
    if exists:
        raise _already_voted(poll)

    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                poll=poll,
                per_household=poll.per_household,
                household=household,
                user=voter,
                channel=channel,
                recorded_by=recorded_by,
            )
            _store_ballot(poll, household.building.grid_id, stored)
            if recorded_by is not None:
                PollEvent.objects.create(
                    page=poll,
                    actor=recorded_by,
                    action=PollEvent.Action.OFFLINE_BALLOT,
                    detail=f"{household.code} ({Channel(channel).label})",
                )
                # That the household took part, and through whom: never what it chose.
                audit.record(
                    audit.Action.POLL_OFFLINE_BALLOT,
                    actor=recorded_by,
                    obj=poll,
                    detail={"household": household.code, "channel": channel},
                )
    except IntegrityError:
        # Another attempt for the same household or account committed first.
        raise _already_voted(poll) from None
    return participation


def _not_eligible(poll: PollPage, user, household: Household | None) -> VoteRefused:
    verified = Residency.objects.verified().filter(user=user).select_related("household__building")
    if household is not None:
        verified = verified.filter(household=household)
    verified = list(verified)
    if not verified:
        return VoteRefused(
            _(
                "Only residents with a verified household can vote. Ask the committee to verify "
                "your household in My portal."
            ),
            "not_verified",
        )
    if not any(in_scope(poll, residency.household) for residency in verified):
        return VoteRefused(_("Your household is outside this poll's area."), "out_of_scope")
    return VoteRefused(
        _("In this poll the household's representative votes for the household."),
        "not_representative",
    )


def _store_ballot(poll: PollPage, grid_id: int | None, answers: dict[str, Any]) -> Ballot:
    """Insert a ballot so that the table's order does not follow the order of voting.

    The inside-out Fisher-Yates shuffle: the new ballot takes the place of a uniformly chosen
    existing ballot (or the new place), and that ballot moves to the new row. After every insert
    the poll's ballots sit in a uniformly random order, whatever order they were cast in.
    """
    count = Ballot.objects.filter(poll=poll).count()
    place = secrets.randbelow(count + 1)
    displaced = None
    if place < count:
        displaced = (
            Ballot.objects.select_for_update().filter(poll=poll).order_by("pk")[place : place + 1]
        ).first()
    if displaced is None:
        return Ballot.objects.create(poll=poll, grid_id=grid_id, answers=answers)
    Ballot.objects.create(poll=poll, grid_id=displaced.grid_id, answers=displaced.answers)
    displaced.grid_id = grid_id
    displaced.answers = answers
    displaced.save(update_fields=["grid", "answers"])
    return displaced


# -- project approval ---------------------------------------------------------------------------


@transaction.atomic
def approve_option(actor, option: PollOption, *, approved: bool = True) -> PollOption:
    """Mark a winning option of a closed project-selection poll as an approved fund project.

    The approval is stored on the source-language option (the one the disclosures section links
    to) and mirrored on its translations.
    """
    option = PollOption.objects.select_related("question__poll").get(pk=option.pk)
    poll = option.question.poll.specific
    if not (actor.is_authenticated and actor.has_perm("polls.approve_project")):
        raise ActionRefused(_("You may not approve projects."))
    if poll.kind != PollKind.PROJECTS:
        raise ActionRefused(_("Only options of a project-selection poll can become projects."))
    if not poll.has_closed():
        raise ActionRefused(_("Projects are approved after the poll has closed."))
    source = poll.source
    if source.pk != poll.pk:
        option = PollOption.objects.get(
            translation_key=option.translation_key, question__poll=source
        )
    values = {
        "approved": approved,
        "approved_at": timezone.now() if approved else None,
        "approved_by": actor if approved else None,
    }
    PollOption.objects.filter(translation_key=option.translation_key).update(**values)
    PollEvent.objects.create(
        page=source,
        actor=actor,
        action=PollEvent.Action.APPROVED if approved else PollEvent.Action.UNAPPROVED,
        detail=option.label[:300],
    )
    option.refresh_from_db()
    return option


def approved_projects() -> Iterable[PollOption]:
    """Approved options of source-language polls: the fund's projects chosen by residents."""
    return (
        PollOption.objects.filter(approved=True, question__poll__locale__language_code="zh-hans")
        .select_related("question__poll")
        .order_by("-approved_at")
    )


# -- consultations ------------------------------------------------------------------------------


@transaction.atomic
def post_comment(user, page: ConsultationPage, section: DraftSection, body: str):
    """A signed-in resident comments on a section of a draft during the open period."""
    if not user.is_authenticated or not user.is_active:
        raise ActionRefused(_("Please sign in to comment."))
    source = page.source
    if not page.is_open():
        raise ActionRefused(_("This consultation is not open for comments."))
    if section.page_id not in (page.pk, source.pk):
        raise ActionRefused(_("That section is not part of this draft."))
    if section.page_id != source.pk:
        section = (
            DraftSection.objects.filter(
                page=source, translation_key=section.translation_key
            ).first()
            or section
        )
    body = (body or "").strip()
    if not body:
        raise ActionRefused(_("Please write your comment."))
    since = timezone.now() - datetime.timedelta(hours=1)
    if ConsultationComment.objects.filter(user=user, created_at__gte=since).count() >= (
        COMMENTS_PER_HOUR
    ):
        raise ActionRefused(_("You have sent many comments in the last hour. Please wait a while."))
    status = (
        CommentStatus.PUBLISHED if source.moderation == Moderation.POST else CommentStatus.PENDING
    )
    return ConsultationComment.objects.create(
        consultation=source, section=section, user=user, body=body[:2000], status=status
    )


@transaction.atomic
def moderate_comment(actor, comment: ConsultationComment, *, publish: bool):
    if not (actor.is_authenticated and actor.has_perm("polls.moderate_comments")):
        raise ActionRefused(_("You may not moderate comments."))
    comment = ConsultationComment.objects.select_for_update().get(pk=comment.pk)
    comment.status = CommentStatus.PUBLISHED if publish else CommentStatus.REJECTED
    comment.moderated_by = actor
    comment.save(update_fields=["status", "moderated_by"])
    PollEvent.objects.create(
        page_id=comment.consultation_id,
        actor=actor,
        action=PollEvent.Action.COMMENT_APPROVED if publish else PollEvent.Action.COMMENT_REJECTED,
        detail=f"#{comment.pk}",
    )
    return comment


@transaction.atomic
def publish_response(actor, page: ConsultationPage, response: str) -> ConsultationPage:
    """After closing, an official publishes what changed in the draft and why."""
    if not (actor.is_authenticated and actor.has_perm("polls.publish_response")):
        raise ActionRefused(_("You may not publish the response."))
    page = ConsultationPage.objects.select_for_update().get(pk=page.pk)
    if not page.has_closed():
        raise ActionRefused(_("The response is published after the consultation has closed."))
    if not (response or "").strip():
        raise ActionRefused(_("Please write the response."))
    ConsultationPage.objects.filter(pk=page.pk).update(
        response=response, response_published_at=timezone.now()
    )
    PollEvent.objects.create(page=page, actor=actor, action=PollEvent.Action.RESPONSE)
    page.refresh_from_db()
    return page


def published_comments(page: ConsultationPage):
    return (
        ConsultationComment.objects.filter(consultation=page.source, status=CommentStatus.PUBLISHED)
        .select_related("user", "section")
        .order_by("created_at", "pk")
    )


def comments_for_officials(page: ConsultationPage):
    return ConsultationComment.objects.filter(Q(consultation=page.source)).select_related(
        "user", "section"
    )
