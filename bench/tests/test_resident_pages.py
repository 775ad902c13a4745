"""The signed-in resident's target: its requests carry a session that really signs the resident in."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.test import Client

import pytest

from bench.requests import RESIDENT, resident_pages


def test_resident_pages_are_served_to_the_signed_in_resident(db, home_page):
    get_user_model().objects.create_user(
        username="resident", email=RESIDENT, password="x-long-password-1", display_name="李阿姨"
    )
    requests = resident_pages()
    assert requests and all(request.cookie for request in requests)
    my_portal = requests[0]
    anonymous = Client().get(my_portal.path)
    assert anonymous.status_code == 302  # the page needs a signed-in resident
    client = Client()
    client.cookies.load(my_portal.cookie)
    response = client.get(my_portal.path)
    assert response.status_code == 200
    assert "李阿姨" in response.content.decode()


def test_without_the_demo_resident_the_target_says_what_to_run(db):
    with pytest.raises(CommandError, match="load_demo_content"):
        resident_pages()
