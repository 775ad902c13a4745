"""Polls in the benchmarks: volume data (``make_volume_data --ballots N``) and two targets.

``make_ballots`` tops up a closed project poll, ``vol-results``, to N ballots. Every ballot
comes from its own household, made for the benchmark in buildings of the existing grids, with
one verified member who is the household's representative. The ballots are inserted in bulk but
keep the invariants of ``polls.services.cast_ballot``: one participation per household and poll
(the database constraint), the participation and its ballot in the same transaction, answers in
the stored form that ``normalise_answers`` gives, ballots in a shuffled order with no voter,
household or time, and the participations dated inside the voting period.

The same households vote during the benchmark in open polls ``vol-vote-1``, ``vol-vote-2``, ...:
``vote_requests`` pairs each open poll with every household that has not voted in it yet, and
signs each household's member in with a fresh session. Each pair can be sent once; the harness
hands them out in turn (``Request.once``). ``make_ballots`` opens another vote poll whenever
fewer than ``VOTE_POOL`` pairs are left, so repeated runs never run dry.
"""

import random
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from bench.targets import Request
from bench.volume import SEED, VOLUME_SLUG
from community.models import Building, Grid, Household, Residency, ResidencyEvent
from polls import demo
from polls.models import (
    Ballot,
    Channel,
    Eligibility,
    Participation,
    PollIndexPage,
    PollPage,
    QuestionKind,
    ResultsVisibility,
)
from polls.services import normalise_answers

RESULTS_SLUG = f"{VOLUME_SLUG}results"
VOTE_SLUG = f"{VOLUME_SLUG}vote-"
HOUSEHOLD_CODE = "VOL-"
# Votes the pool keeps ready: more than 50 clients send in a warm-up and a measured run.
VOTE_POOL = 3000
# The most votes one plan hands out (far more than a run sends); sessions last a few hours.
VOTE_PLAN_MAX = 5000
SESSION_SECONDS = 4 * 3600
UNITS, FLOORS, ROOMS = 6, 18, 4
PER_BUILDING = UNITS * FLOORS * ROOMS
BUILDING_NAMES = ["幸福里", "和平苑", "翠竹园", "锦绣苑", "长青园", "北苑"]
BATCH = 2000
# Like the demo's paper and door-to-door rounds: most households vote online.
CHANNELS = [Channel.ONLINE] * 7 + [Channel.PAPER] * 1 + [Channel.VISIT] * 1 + [Channel.PHONE] * 1
# How the households lean: the first project wins, the small projects are close.
SINGLE_WEIGHTS = [5, 3, 2]
MULTIPLE_WEIGHTS = [4, 3, 3, 2]
SUGGESTIONS = ["", "", "", "希望尽快实施。", "请公示施工时间。", "建议先征求楼里老人的意见。"]


# -- polls ----------------------------------------------------------------------------------------


def _index() -> PollIndexPage:
    from home.models import HomePage

    home = HomePage.objects.filter(locale__language_code="zh-hans").first()
    if home is None:
        raise CommandError("Load the demo content first: manage.py load_demo_content")
    return demo._index(home)


def _spec(slug: str, title: str, days: tuple[int, int]) -> dict[str, Any]:
    return {
        **demo.OPEN_POLL,
        "slug": slug,
        "title": title,
        "days": days,
        "eligibility": Eligibility.FIRST_MEMBER,
        "results_visibility": ResultsVisibility.AFTER_CLOSE,
    }


def results_poll(index: PollIndexPage | None = None) -> PollPage:
    """The closed poll whose results page is measured, with its English translation."""
    index = index or _index()
    spec = _spec(RESULTS_SLUG, "2026年社区公益金项目投票（压力测试）", (-60, -30))
    poll, created = demo._poll(index, spec, timezone.now())
    if created:
        strings = {**spec["en"], spec["title"]: "Public-service fund projects 2026 (benchmark)"}
        demo.publish_translation(poll, demo._strings(strings))
    return poll


def vote_polls() -> list[PollPage]:
    return list(
        PollPage.objects.live()
        .filter(slug__startswith=VOTE_SLUG, locale__language_code="zh-hans")
        .order_by("first_published_at", "pk")
    )


def _new_vote_poll(index: PollIndexPage, number: int) -> PollPage:
    spec = _spec(f"{VOTE_SLUG}{number}", f"公益金小微项目投票第{number}轮（压力测试）", (-1, 365))
    poll, _created = demo._poll(index, spec, timezone.now())
    return poll


# -- households -----------------------------------------------------------------------------------


def volume_households():
    return Household.objects.filter(code__startswith=HOUSEHOLD_CODE)


def _ensure_households(count: int, rng: random.Random) -> int:
    """At least ``count`` benchmark households, each with one verified representative."""
    have = volume_households().count()
    wanted = count - have
    if wanted <= 0:
        return 0
    grids = list(Grid.objects.order_by("code"))
    if not grids:
        raise CommandError("No grids: load the demo content first (manage.py load_demo_content).")
    User = get_user_model()
    now = timezone.now()
    password = make_password(None)  # no one signs in with a password: sessions are made
    for start in range(have, count, BATCH):
        numbers = range(start, min(count, start + BATCH))
        with transaction.atomic():
            buildings: dict[int, Building] = {}
            for number in {n // PER_BUILDING for n in numbers}:
                grid = grids[number % len(grids)]
                name = f"{BUILDING_NAMES[number % len(BUILDING_NAMES)]}{number + 11}号楼"
                buildings[number], _created = Building.objects.get_or_create(
                    grid=grid, name=name, defaults={"units": UNITS, "floors": FLOORS}
                )
            households = []
            for number in numbers:
                place = number % PER_BUILDING
                unit, rest = divmod(place, FLOORS * ROOMS)
                floor, room = divmod(rest, ROOMS)
                households.append(
                    Household(
                        building=buildings[number // PER_BUILDING],
                        unit=unit + 1,
                        room=f"{floor + 1}{room + 1:02d}",
                        code=f"{HOUSEHOLD_CODE}{number + 1:06d}",
                    )
                )
            Household.objects.bulk_create(households)
            households = list(
                volume_households()
                .filter(code__in=[h.code for h in households])
                .select_related("building__grid")
            )
            users = [
                User(
                    username=f"vol-voter-{h.code[len(HOUSEHOLD_CODE) :]}",
                    email=f"vol-voter-{h.code[len(HOUSEHOLD_CODE) :]}@bench.invalid",
                    password=password,
                    display_name=f"{rng.choice('王李张刘陈杨赵黄周吴')}先生"
                    if rng.random() < 0.5
                    else f"{rng.choice('王李张刘陈杨赵黄周吴')}女士",
                )
                for h in households
            ]
            User.objects.bulk_create(users)
            users = {
                u.username: u for u in User.objects.filter(username__in=[u.username for u in users])
            }
            residencies = Residency.objects.bulk_create(
                Residency(
                    user=users[f"vol-voter-{h.code[len(HOUSEHOLD_CODE) :]}"],
                    household=h,
                    verified=True,
                    verified_by=h.building.grid.responsible_worker,
                    verified_at=now,
                    is_representative=True,
                    note="本人是户主。",
                )
                for h in households
            )
            residencies = list(Residency.objects.filter(household__in=households))
            ResidencyEvent.objects.bulk_create(
                ResidencyEvent(
                    residency=r,
                    household_id=r.household_id,
                    actor_id=r.verified_by_id,
                    action=ResidencyEvent.Action.VERIFIED,
                )
                for r in residencies
            )
    return wanted


# -- ballots --------------------------------------------------------------------------------------


def _answers(poll: PollPage, rng: random.Random) -> dict[int, Any]:
    """One household's choices, as the ballot form would hand them to ``cast_ballot``."""
    answers: dict[int, Any] = {}
    for question in poll.get_questions():
        options = list(question.options.all())
        if question.kind == QuestionKind.SINGLE:
            answers[question.pk] = rng.choices(options, weights=SINGLE_WEIGHTS[: len(options)])[
                0
            ].pk
        elif question.kind == QuestionKind.MULTIPLE:
            picks = rng.randint(1, question.max_choices or len(options))
            chosen = {
                rng.choices(options, weights=MULTIPLE_WEIGHTS[: len(options)])[0].pk
                for _ in range(picks)
            }
            answers[question.pk] = sorted(chosen)
        elif question.kind == QuestionKind.TEXT:
            answers[question.pk] = rng.choice(SUGGESTIONS)
    return answers


def make_ballots(count: int, options: dict[str, Any], stdout) -> int:
    """Top ``vol-results`` up to ``count`` ballots; keep a pool of votes for the vote target."""
    index = _index()
    poll = results_poll(index)
    rng = random.Random(SEED + Ballot.objects.filter(poll=poll).count())  # noqa: S311 - test data
    made_households = _ensure_households(count, rng)
    have = Ballot.objects.filter(poll=poll).count()
    wanted = count - have
    added = 0
    if wanted > 0:
        voted = Participation.objects.filter(poll=poll, household=OuterRef("pk"))
        free = list(
            volume_households()
            .filter(~Exists(voted))
            .select_related("building")
            .order_by("code")[:wanted]
        )
        members = dict(
            Residency.objects.verified()
            .filter(household__in=free, is_representative=True)
            .values_list("household_id", "user_id")
        )
        stored_of: dict[str, dict[str, Any]] = {}
        span = poll.closes_at - poll.opens_at
        for start in range(0, len(free), BATCH):
            batch = free[start : start + BATCH]
            ballots = []
            for household in batch:
                answers = _answers(poll, rng)
                key = repr(sorted(answers.items()))
                if key not in stored_of:  # checked exactly as cast_ballot checks a vote
                    stored_of[key] = normalise_answers(poll, answers)
                ballots.append(
                    Ballot(poll=poll, grid_id=household.building.grid_id, answers=stored_of[key])
                )
            rng.shuffle(ballots)  # the table's order says nothing about who voted when
            with transaction.atomic():
                participations = Participation.objects.bulk_create(
                    Participation(
                        poll=poll,
                        per_household=poll.per_household,
                        household=household,
                        user_id=members[household.pk],
                        channel=rng.choice(CHANNELS),
                    )
                    for household in batch
                )
                Ballot.objects.bulk_create(ballots)
                # Dated inside the voting period, as when they were cast.
                Participation.objects.filter(pk__in=[p.pk for p in participations if p.pk]).update(
                    created_at=poll.opens_at + span * rng.uniform(0.05, 0.95)
                )
            added += len(batch)
    # Enough open polls that the vote target has VOTE_POOL households still to vote.
    polls = vote_polls()
    while _pool_size(polls) < VOTE_POOL and volume_households().exists() and len(polls) < 100:
        polls.append(_new_vote_poll(index, len(polls) + 1))
    stdout.write(
        f"Ballots: {added} added ({made_households} households made); "
        f"{_pool_size(polls)} votes ready in {len(polls)} open polls."
    )
    return added


def _pool_size(polls: list[PollPage]) -> int:
    households = volume_households().count()
    voted = Participation.objects.filter(
        poll__in=polls, household__code__startswith=HOUSEHOLD_CODE
    ).count()
    return households * len(polls) - voted


def field_name(question) -> str:
    """The ballot form's field for a question, as a browser posts it. The benchmark acts from
    the outside, like a resident's browser; bench/tests/test_ballots.py casts real ballots with
    these names and fails when the form names its fields otherwise."""
    return f"q{question.pk}"


# -- targets --------------------------------------------------------------------------------------


def results_requests() -> list[Request]:
    """The results page of the closed benchmark poll, in Chinese and in English."""
    poll = PollPage.objects.live().filter(slug=RESULTS_SLUG).first()
    if poll is None:
        raise CommandError("No benchmark poll: manage.py make_volume_data --ballots N")
    pages = [poll, *PollPage.objects.live().filter(translation_key=poll.translation_key)]
    urls = dict.fromkeys(f"{page.get_url()}results/" for page in pages)
    return [Request(url) for url in urls]


def _session_cookies(users) -> dict[int, str]:
    """A signed-in session for each user, as logging in would make (``django.contrib.auth``)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = "django.contrib.auth.backends.ModelBackend"
    cookies = {}
    with transaction.atomic():
        for user in users:
            session = store()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = backend
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.set_expiry(SESSION_SECONDS)
            session.create()
            cookies[user.pk] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return cookies


def _vote_form(poll: PollPage, number: int) -> dict[str, str]:
    """A filled-in ballot form; one choice per multiple-choice question (plain form values)."""
    form = {}
    for question in poll.get_questions():
        options = list(question.options.all())
        if question.kind == QuestionKind.SINGLE:
            form[field_name(question)] = str(options[number % len(options)].pk)
        elif question.kind == QuestionKind.MULTIPLE:
            form[field_name(question)] = str(options[(number // 3) % len(options)].pk)
        elif question.kind == QuestionKind.TEXT and number % 4 == 0:
            form[field_name(question)] = "希望尽快实施。"
    return form


def vote_requests(limit: int = VOTE_PLAN_MAX) -> list[Request]:
    """Votes still to cast: each by the signed-in member of a household that has not voted.

    Poll by poll (as residents meet one open poll at a time), household by household. Each
    request is a real ballot and may be sent once; success is the redirect back to the poll.
    """
    polls = vote_polls()
    if not polls:
        raise CommandError("No benchmark vote poll: manage.py make_volume_data --ballots N")
    members = dict(
        Residency.objects.verified()
        .filter(household__code__startswith=HOUSEHOLD_CODE, is_representative=True)
        .values_list("household_id", "user_id")
    )
    pairs: list[tuple[PollPage, int]] = []
    for poll in polls:
        voted = set(
            Participation.objects.filter(poll=poll, household_id__in=members).values_list(
                "household_id", flat=True
            )
        )
        pairs += [
            (poll, user) for household, user in sorted(members.items()) if household not in voted
        ]
        if len(pairs) >= limit:
            break
    pairs = pairs[:limit]
    users = get_user_model().objects.filter(pk__in={user for _poll, user in pairs})
    cookies = _session_cookies(users)
    login = reverse("account_login")
    forms = {poll.pk: [_vote_form(poll, number) for number in range(12)] for poll in polls}
    return [
        Request(
            poll.get_url(),
            method="POST",
            form=forms[poll.pk][number % 12],
            redirect=poll.get_url(),
            csrf_from=login,
            cookie=cookies[user],
            once=True,
        )
        for number, (poll, user) in enumerate(pairs)
    ]
