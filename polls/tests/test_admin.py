"""The poll and consultation editors open in the Wagtail admin."""

import pytest

from community.factories import UserFactory
from polls import builders

pytestmark = pytest.mark.django_db


def test_editors_open_the_poll_and_consultation_pages(client):
    admin = UserFactory(username="chief", is_superuser=True, is_staff=True)
    poll = builders.make_poll()
    consultation = builders.make_consultation()
    client.force_login(admin)
    response = client.get(f"/admin/pages/{poll.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "您支持哪个项目？" in content and "加装电梯" in content
    assert client.get(f"/admin/pages/{consultation.pk}/edit/").status_code == 200
    index = poll.get_parent()
    assert client.get(f"/admin/pages/add/polls/pollpage/{index.pk}/").status_code == 200
