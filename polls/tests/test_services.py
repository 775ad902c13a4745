"""cast_ballot: who may vote, what a ballot may say, one household one vote."""

import datetime

from django.utils import timezone

import pytest

from community.factories import BuildingFactory, HouseholdFactory, ResidencyFactory, UserFactory
from polls import builders, services
from polls.models import Ballot, Channel, Eligibility, Participation, PollEvent, QuestionKind

pytestmark = pytest.mark.django_db


def first_option(poll, number=0):
    return poll.get_questions()[0].options.all()[number]


def nothing_stored(poll):
    return (
        not Participation.objects.filter(poll=poll).exists()
        and not Ballot.objects.filter(poll=poll).exists()
    )


def test_a_verified_resident_votes_once(poll, resident):
    question = poll.get_questions()[0]
    participation = services.cast_ballot(poll, resident, {question: first_option(poll)})
    assert participation.household == resident.residencies.get().household
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.answers == {str(question.pk): [first_option(poll).pk]}
    assert services.has_voted(poll, resident)
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, resident, {question: first_option(poll, 1)})
    assert refused.value.code == "already_voted"
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_a_second_member_of_the_household_cannot_vote_again(poll, resident, household):
    other = builders.voter(household, username="spouse")
    question = poll.get_questions()[0]
    services.cast_ballot(poll, resident, {question: first_option(poll)})
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, other, {question.pk: first_option(poll).pk})
    assert refused.value.code == "already_voted"
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_representative_polls_take_only_the_representative(resident, household):
    poll = builders.make_poll(eligibility=Eligibility.REPRESENTATIVE)
    question = poll.get_questions()[0]
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, resident, {question: first_option(poll)})
    assert refused.value.code == "not_representative"
    assert nothing_stored(poll)
    representative = builders.voter(household, username="head", representative=True)
    services.cast_ballot(poll, representative, {question: first_option(poll)})
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_account_polls_take_one_ballot_per_account(household):
    poll = builders.make_poll(eligibility=Eligibility.ACCOUNT)
    question = poll.get_questions()[0]
    first = builders.voter(household, username="a")
    second = builders.voter(household, username="b")
    services.cast_ballot(poll, first, {question: first_option(poll)})
    services.cast_ballot(poll, second, {question: first_option(poll)})
    with pytest.raises(services.VoteRefused):
        services.cast_ballot(poll, first, {question: first_option(poll)})
    assert Ballot.objects.filter(poll=poll).count() == 2


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [(1, 2, "not_open"), (-3, -1, "closed")],
)
def test_voting_outside_the_schedule_is_refused(resident, opens, closes, code):
    now = timezone.now()
    poll = builders.make_poll(
        opens_at=now + datetime.timedelta(days=opens),
        closes_at=now + datetime.timedelta(days=closes),
    )
    question = poll.get_questions()[0]
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, resident, {question: first_option(poll)})
    assert refused.value.code == code
    assert nothing_stored(poll)


def test_an_unverified_account_is_refused(poll, household):
    pending = UserFactory(username="pending")
    ResidencyFactory(user=pending, household=household)  # asked, not verified
    question = poll.get_questions()[0]
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, pending, {question: first_option(poll)})
    assert refused.value.code == "not_verified"
    assert nothing_stored(poll)


def test_a_household_outside_the_scope_is_refused(resident, other_grid):
    poll = builders.make_poll(grids=[other_grid])
    question = poll.get_questions()[0]
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, resident, {question: first_option(poll)})
    assert refused.value.code == "out_of_scope"
    assert nothing_stored(poll)


def test_a_choice_from_another_poll_is_refused(poll, resident):
    other = builders.make_poll(title="另一个投票")
    question = poll.get_questions()[0]
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, resident, {question: first_option(other)})
    assert refused.value.code == "foreign_choice"
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, resident, {other.get_questions()[0]: first_option(other)})
    assert refused.value.code == "foreign_question"
    assert nothing_stored(poll)


def test_too_many_choices_are_refused(resident):
    poll = builders.make_poll(
        questions=[
            {
                "text": "选出最多两个项目",
                "kind": QuestionKind.MULTIPLE,
                "max_choices": 2,
                "options": ["甲", "乙", "丙"],
            }
        ]
    )
    question = poll.get_questions()[0]
    options = list(question.options.all())
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, resident, {question: options})
    assert refused.value.code == "too_many_choices"
    assert nothing_stored(poll)
    services.cast_ballot(poll, resident, {question: options[:2]})
    assert Ballot.objects.get(poll=poll).answers == {str(question.pk): [o.pk for o in options[:2]]}


def test_single_choice_takes_exactly_one(poll, resident):
    question = poll.get_questions()[0]
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, resident, {question: list(question.options.all())[:2]})
    assert refused.value.code == "too_many_choices"
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, resident, {})
    assert refused.value.code == "missing_answer"
    assert nothing_stored(poll)


def test_rating_satisfaction_and_text(resident):
    poll = builders.make_poll(
        questions=[
            {"text": "物业服务打分", "kind": QuestionKind.RATING},
            {"text": "对主任的评价", "kind": QuestionKind.SATISFACTION},
            {"text": "其他意见", "kind": QuestionKind.TEXT, "required": False},
        ]
    )
    rating, level, text = poll.get_questions()
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, resident, {rating: 6, level: "satisfied"})
    assert refused.value.code == "bad_rating"
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, resident, {rating: 4, level: "great"})
    assert refused.value.code == "bad_level"
    services.cast_ballot(poll, resident, {rating: 4, level: "basic", text: " 多种树 "})
    assert Ballot.objects.get(poll=poll).answers == {
        str(rating.pk): 4,
        str(level.pk): "basic",
        str(text.pk): "多种树",
    }


def test_ballot_has_no_link_to_voter_household_or_time():
    names = {field.name for field in Ballot._meta.get_fields()}
    assert names == {"id", "poll", "grid", "answers"}
    assert Ballot._meta.pk.name == "id"
    assert not any(
        field.get_internal_type() in ("DateTimeField", "DateField", "AutoField", "BigAutoField")
        for field in Ballot._meta.concrete_fields
    )


def test_deleting_the_account_and_registering_again_cannot_vote_twice(poll, resident, household):
    question = poll.get_questions()[0]
    services.cast_ballot(poll, resident, {question: first_option(poll)})
    email = resident.email
    resident.delete()
    participation = Participation.objects.get(poll=poll)
    assert participation.user is None and participation.household == household
    again = builders.voter(household, username="again", email=email)
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, again, {question: first_option(poll)})
    assert refused.value.code == "already_voted"
    assert services.has_voted(poll, again)
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_official_records_an_offline_ballot_under_the_same_constraint(poll, official, household):
    question = poll.get_questions()[0]
    participation = services.cast_ballot(
        poll, official, {question: first_option(poll)}, channel=Channel.PHONE, household=household
    )
    assert participation.channel == Channel.PHONE
    assert participation.recorded_by == official and participation.user is None
    assert PollEvent.objects.filter(page=poll, action="offline_ballot").count() == 1
    member = builders.voter(household, username="member")
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(poll, member, {question: first_option(poll)})
    assert refused.value.code == "already_voted"
    with pytest.raises(services.VoteRefused):
        services.cast_ballot(
            poll,
            official,
            {question: first_option(poll)},
            channel=Channel.VISIT,
            household=household,
        )
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_only_an_official_of_the_grid_records_offline_ballots(poll, household):
    stranger = UserFactory(username="otherofficial", groups=["Officials"])
    question = poll.get_questions()[0]
    with pytest.raises(services.VoteRefused) as refused:
        services.cast_ballot(
            poll,
            stranger,
            {question: first_option(poll)},
            channel=Channel.PAPER,
            household=household,
        )
    assert refused.value.code == "not_allowed"
    assert nothing_stored(poll)


def test_ballots_are_stored_in_an_order_unrelated_to_voting(grid):
    poll = builders.make_poll(
        questions=[{"text": "意见", "kind": QuestionKind.TEXT}], eligibility=Eligibility.ACCOUNT
    )
    question = poll.get_questions()[0]
    building = BuildingFactory(grid=grid)
    cast = []
    for number in range(30):
        user = builders.voter(HouseholdFactory(building=building), username=f"v{number}")
        services.cast_ballot(poll, user, {question: f"ballot {number:02d}"})
        cast.append(f"ballot {number:02d}")
    from django.db import connection

    storage_order = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT answers FROM polls_ballot WHERE poll_id = %s ORDER BY {storage_order}",  # noqa: S608
            [poll.pk],
        )
        import json

        stored = [
            json.loads(row[0])[str(question.pk)]
            if isinstance(row[0], str)
            else row[0][str(question.pk)]
            for row in cursor.fetchall()
        ]
    assert sorted(stored) == cast
    # 30 ballots in voting order by chance: 1 in 30! for a uniform shuffle.
    assert stored != cast
    by_key = [b.answers[str(question.pk)] for b in Ballot.objects.filter(poll=poll).order_by("pk")]
    assert by_key != cast


def test_offline_ballots_and_the_schedule_are_in_the_audit_log(poll, official, household):
    """Which household took part and through whom; never what it chose."""
    from audit.models import Action, AuditEntry

    opened = AuditEntry.objects.get(action=Action.POLL_OPENED, object_id=str(poll.pk))
    assert opened.detail["state"] == "open"
    assert datetime.datetime.fromisoformat(opened.detail["closes_at"]) == poll.closes_at
    question = poll.get_questions()[0]
    option = first_option(poll)
    participation = services.cast_ballot(
        poll, official, {question: option}, channel=Channel.PAPER, household=household
    )
    assert participation.recorded_by_name.startswith(official.username)
    entry = AuditEntry.objects.get(action=Action.POLL_OFFLINE_BALLOT)
    assert entry.actor == official
    assert entry.detail == {"household": household.code, "channel": "paper"}
    # Compared as values, not substrings: a question id "1" is also a digit of "TEST-00101".
    assert str(option) not in entry.detail.values()
    assert str(question.pk) not in entry.detail and str(question.pk) not in entry.detail.values()
    official.delete()
    participation.refresh_from_db()
    assert participation.recorded_by is None
    assert participation.recorded_by_name.startswith(official.username)
    assert PollEvent.objects.get(action="offline_ballot").actor_name.startswith(official.username)

    poll.unpublish()
    closed = AuditEntry.objects.get(action=Action.POLL_CLOSED, object_id=str(poll.pk))
    assert closed.detail["state"] == "withdrawn"
