"""A project chosen by residents links to the approved poll option: validation, the page's line
with the votes and the link to the poll's results, the admin's choices."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from community.factories import UserFactory
from disclosures import builders
from disclosures.models import ProjectPage
from polls import builders as poll_builders
from polls import services as poll_services
from polls.models import PollKind, ResultsVisibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(db):
    return UserFactory(username="pollofficial", groups=["Officials"])


@pytest.fixture
def projects(index):
    return builders.projects_index(index)


def closed_poll(official, votes: list[int], **fields):
    """A project poll with ballots for options by index, closed a minute ago."""
    poll = poll_builders.make_poll(title="楼道照明改造方案投票", kind=PollKind.PROJECTS, **fields)
    options = list(poll.get_questions()[0].options.all())
    question = poll.get_questions()[0]
    for choice in votes:
        poll_services.cast_ballot(poll, poll_builders.voter(), {question.pk: options[choice]})
    poll.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    poll.save_revision().publish()
    return poll, options


def test_a_project_from_a_poll_needs_an_approved_option(projects, official):
    _poll, options = closed_poll(official, [0])
    with pytest.raises(ValidationError) as refused:
        builders.project(projects, source="poll")
    assert "source_option" in refused.value.message_dict
    with pytest.raises(ValidationError):
        builders.project(projects, source="poll", source_option=options[0])  # not approved
    with pytest.raises(ValidationError):  # an option without the poll as the source
        builders.project(projects, source="annual_plan", source_option=options[0])
    assert not ProjectPage.objects.exists()

    approved = poll_services.approve_option(official, options[0])
    page = builders.project(projects, source="poll", source_option=approved)
    assert page.source_option == approved
    assert list(approved.projects.all()) == [page]


def test_project_page_shows_the_votes_and_links_to_the_results(projects, official, client):
    # Five ballots: results never rest on fewer (ballot secrecy, polls/results.py).
    poll, options = closed_poll(official, [0, 0, 0, 1, 1])
    approved = poll_services.approve_option(official, options[0])
    page = builders.project(projects, source="poll", source_option=approved)

    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["poll_choice"]["votes"] == 3
    assert "由居民在楼道照明改造方案投票中选定（3票，60.0%）" in html
    assert f'href="{poll.url}results/"' in html
    assert client.get(f"{poll.url}results/").status_code == 200


def test_votes_stay_hidden_when_only_officials_see_the_results(projects, official, client):
    _poll, options = closed_poll(official, [1, 1], results_visibility=ResultsVisibility.OFFICIALS)
    approved = poll_services.approve_option(official, options[1])
    page = builders.project(projects, source="poll", source_option=approved)

    html = client.get(page.url).content.decode()
    assert "由居民在楼道照明改造方案投票中选定" in html
    assert "2票" not in html
    assert "results/" not in html


def test_withdrawn_approval_or_deleted_option_leaves_the_page_standing(projects, official, client):
    _poll, options = closed_poll(official, [0])
    approved = poll_services.approve_option(official, options[0])
    page = builders.project(projects, source="poll", source_option=approved)
    poll_services.approve_option(official, approved, approved=False)
    assert client.get(page.url).status_code == 200
    approved.delete()
    page.refresh_from_db()
    assert page.source_option is None
    assert client.get(page.url).status_code == 200


def test_admin_offers_only_approved_options(projects, official, admin_client):
    _poll, options = closed_poll(official, [0])
    poll_services.approve_option(official, options[0])
    page = builders.project(projects)
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    field = response.context["form"].fields["source_option"]
    assert [option.pk for option in field.queryset] == [options[0].pk]
