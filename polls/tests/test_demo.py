from io import StringIO

from django.core.management.base import OutputWrapper

import pytest

import accounts.demo
import community.demo
import polls.demo
from polls.models import Ballot, ConsultationComment, ConsultationPage, PollOption, PollPage


@pytest.fixture
def demo_loaded(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = OutputWrapper(StringIO())
    accounts.demo.load(out)
    community.demo.load(out)
    polls.demo.load(out)


def test_demo_polls_are_complete_translated_and_idempotent(demo_loaded):
    assert PollPage.objects.filter(locale__language_code="zh-hans").count() == 3
    assert PollPage.objects.filter(locale__language_code="en").count() == 3
    ballots = Ballot.objects.count()
    assert ballots > 100
    assert PollOption.objects.filter(approved=True, locale__language_code="zh-hans").count() == 1
    consultation = ConsultationPage.objects.get(locale__language_code="zh-hans")
    assert consultation.response_published_at is not None
    assert ConsultationComment.objects.count() == 3
    polls.demo.load(OutputWrapper(StringIO()))
    assert Ballot.objects.count() == ballots
    assert PollPage.objects.count() == 6
    english = PollPage.objects.get(slug="public-fund-projects-2027", locale__language_code="en")
    labels = [o.label for o in english.get_questions()[0].options.all()]
    assert labels[0] == "A lift for Xingfuli building 3"
