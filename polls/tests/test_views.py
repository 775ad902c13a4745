"""The resident's voting journey and the results pages, through the test client."""

import datetime
import io

from django.utils import timezone, translation

import pytest
from openpyxl import load_workbook

from community.factories import BuildingFactory, HouseholdFactory, UserFactory
from polls import builders, services
from polls.models import Ballot, Channel, Participation, PollKind, QuestionKind, ResultsVisibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_poll(db):
    return builders.make_poll(results_visibility=ResultsVisibility.LIVE)


def close(poll):
    """End the voting period (answers are counted once a poll has closed: ballot secrecy)."""
    poll.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    poll.save()
    return poll


def test_anonymous_visitor_sees_the_poll_and_is_asked_to_sign_in(client, live_poll):
    response = client.get(live_poll.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert live_poll.title in content
    assert "加装电梯" in content
    assert "/accounts/login/" in content


def test_resident_votes_through_the_form(client, live_poll, resident):
    client.force_login(resident)
    question = live_poll.get_questions()[0]
    option = question.options.all()[1]
    response = client.get(live_poll.url)
    assert f'name="q{question.pk}"' in response.content.decode()
    response = client.post(live_poll.url, {f"q{question.pk}": option.pk}, follow=True)
    assert response.status_code == 200
    assert Ballot.objects.get(poll=live_poll).answers == {str(question.pk): [option.pk]}
    content = response.content.decode()
    assert "您家已经在本次投票中投过票" in content
    # Posting again changes nothing.
    response = client.post(live_poll.url, {f"q{question.pk}": option.pk})
    assert response.status_code == 400
    assert Ballot.objects.filter(poll=live_poll).count() == 1


def test_too_many_choices_keep_what_was_chosen(client, resident):
    poll = builders.make_poll(
        questions=[
            {
                "text": "最多选两项",
                "kind": QuestionKind.MULTIPLE,
                "max_choices": 2,
                "options": ["甲", "乙", "丙"],
            },
        ]
    )
    question = poll.get_questions()[0]
    ids = [o.pk for o in question.options.all()]
    client.force_login(resident)
    response = client.post(poll.url, {f"q{question.pk}": ids})
    assert response.status_code == 400
    content = response.content.decode()
    assert "最多选择 2 项" in content or "2" in content
    assert content.count("checked") == 3
    assert not Ballot.objects.exists()


def test_unverified_account_is_told_to_verify(client, live_poll):
    user = UserFactory(username="newcomer")
    client.force_login(user)
    response = client.get(live_poll.url)
    content = response.content.decode()
    assert "/household/join/" in content
    question = live_poll.get_questions()[0]
    response = client.post(live_poll.url, {f"q{question.pk}": question.options.first().pk})
    assert response.status_code == 400
    assert not Participation.objects.exists()


def test_english_page_votes_into_the_chinese_poll(client, live_poll, resident):
    from wagtail.models import Locale

    with translation.override("en"):
        english = live_poll.copy_for_translation(
            Locale.objects.get(language_code="en"), copy_parents=True
        )
        english.save_revision().publish()
    english = english.__class__.objects.get(pk=english.pk)
    question = english.get_questions()[0]
    option = question.options.all()[2]
    assert option.pk != live_poll.get_questions()[0].options.all()[2].pk
    client.force_login(resident)
    response = client.post(english.url, {f"q{question.pk}": option.pk})
    assert response.status_code == 302
    source_question = live_poll.get_questions()[0]
    assert Ballot.objects.get(poll=live_poll).answers == {
        str(source_question.pk): [source_question.options.all()[2].pk]
    }
    assert not Ballot.objects.filter(poll=english).exists()


def test_results_page_with_chart_table_turnout_and_channels(client, live_poll, official, grid):
    building = BuildingFactory(grid=grid)
    question = live_poll.get_questions()[0]
    options = list(question.options.all())
    for number in range(6):
        user = builders.voter(HouseholdFactory(building=building), username=f"r{number}")
        services.cast_ballot(live_poll, user, {question: options[number % 2]})
    services.cast_ballot(
        live_poll,
        official,
        {question: options[2]},
        channel=Channel.VISIT,
        household=HouseholdFactory(building=building),
    )
    # While open: turnout live, the answers not yet counted.
    content = client.get(live_poll.url + "results/").content.decode()
    assert "加装电梯: 0 (0.0%)" in content and "投票结束后才统计" in content
    close(live_poll)
    response = client.get(live_poll.url + "results/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<svg role="img"' in content and "<desc" in content
    assert "加装电梯: 3 (42.9%)" in content
    assert "<table>" in content
    assert "按网格" not in content  # the grid breakdown is for officials
    client.force_login(official)
    content = client.get(live_poll.url + "results/").content.decode()
    assert "第一网格" in content


def test_grids_with_fewer_than_five_ballots_are_not_broken_down(live_poll, grid, other_grid):
    from polls.results import poll_results

    question = live_poll.get_questions()[0]
    option = question.options.first()
    for number, target in enumerate([grid] * 5 + [other_grid] * 4):
        user = builders.voter(
            HouseholdFactory(building=BuildingFactory(grid=target)), username=f"g{number}"
        )
        services.cast_ballot(live_poll, user, {question: option})
    close(live_poll)
    results = poll_results(live_poll, with_grids=True)
    # The second grid (4 ballots) is hidden; showing the first (5) would let the totals minus
    # the first grid tell the second's 4 ballots, so it is hidden too (complementary suppression).
    assert results.grids == []
    assert results.hidden_grids == 2
    assert results.ballots == 9
    extra = builders.voter(HouseholdFactory(building=BuildingFactory(grid=other_grid)))
    live_poll.closes_at = timezone.now() + datetime.timedelta(days=1)
    live_poll.save()
    services.cast_ballot(live_poll, extra, {question: option})
    close(live_poll)
    results = poll_results(live_poll, with_grids=True)
    assert [(item.grid, item.ballots) for item in results.grids] == [(grid, 5), (other_grid, 5)]
    assert results.hidden_grids == 0


def test_results_after_close_are_hidden_while_open(client):
    poll = builders.make_poll(results_visibility=ResultsVisibility.AFTER_CLOSE)
    assert client.get(poll.url + "results/").status_code == 404
    officials_only = builders.make_poll(results_visibility=ResultsVisibility.OFFICIALS)
    assert client.get(officials_only.url + "results/").status_code == 404


def test_csv_and_xlsx_exports_of_totals(client, live_poll, resident):
    question = live_poll.get_questions()[0]
    services.cast_ballot(live_poll, resident, {question: question.options.first()})
    close(live_poll)
    # One ballot would be one household's choice: fewer than 5 ballots show no answers.
    assert "加装电梯,0,0.0" in client.get(live_poll.url + "results/csv/").content.decode()
    live_poll.closes_at = timezone.now() + datetime.timedelta(days=1)
    live_poll.save()
    for number in range(4):
        voter = builders.voter(username=f"export{number}")
        services.cast_ballot(live_poll, voter, {question: question.options.first()})
    close(live_poll)
    response = client.get(live_poll.url + "results/csv/")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "加装电梯,5,100.0" in text
    response = client.get(live_poll.url + "results/xlsx/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert ["您支持哪个项目？", "加装电梯", 5, 100.0] in rows
    assert client.get(live_poll.url + "results/pdf/").status_code == 404


def test_appraisal_flags_members_above_the_threshold(grid):
    from polls.results import poll_results

    poll = builders.make_poll(
        kind=PollKind.APPRAISAL,
        dissatisfied_threshold=20,
        questions=[
            {"text": "张主任", "kind": QuestionKind.SATISFACTION},
            {"text": "物业服务", "kind": QuestionKind.SATISFACTION},
        ],
    )
    director, service = poll.get_questions()
    levels = [
        ("satisfied", "dissatisfied"),
        ("satisfied", "dissatisfied"),
        ("basic", "satisfied"),
        ("satisfied", "basic"),
        ("dissatisfied", "satisfied"),
    ]
    building = BuildingFactory(grid=grid)
    for number, (first, second) in enumerate(levels):
        user = builders.voter(HouseholdFactory(building=building), username=f"a{number}")
        services.cast_ballot(poll, user, {director: first, service: second})
    close(poll)
    first, second = poll_results(poll).questions
    assert first.satisfaction_rate == 80 and first.dissatisfied_share == 20
    assert not first.flagged  # exactly the threshold is not above it
    assert second.satisfaction_rate == 60 and second.dissatisfied_share == 40
    assert second.flagged


def test_approving_a_winning_option_of_a_closed_project_poll(client, official, resident):
    poll = builders.make_poll(kind=PollKind.PROJECTS)
    option = poll.get_questions()[0].options.first()
    with pytest.raises(services.ActionRefused):
        services.approve_option(official, option)  # still open
    poll.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    poll.save_revision().publish()
    with pytest.raises(services.ActionRefused):
        services.approve_option(resident, option)
    approved = services.approve_option(official, option)
    assert approved.approved and approved.approved_by == official and approved.approved_at
    # Publishing the page again does not undo the approval.
    poll.refresh_from_db()
    poll.save_revision().publish()
    option.refresh_from_db()
    assert option.approved
    assert list(services.approved_projects()) == [option]
