"""Residents find the complaint form and the tracking page from the home page."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("home", "submit", "track"),
    [
        ("/", "/complaints/", "/complaints/track/"),
        ("/en/", "/en/complaints/", "/en/complaints/track/"),
    ],
)
def test_home_page_links_to_the_complaint_form_and_tracking(client, home, submit, track):
    html = client.get(home).content.decode()
    box = html.split('aria-labelledby="home-complaints-title"')[1].split("</section>")[0]
    assert f'href="{submit}"' in box and f'href="{track}"' in box
