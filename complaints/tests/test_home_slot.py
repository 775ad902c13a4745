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


@pytest.mark.parametrize(
    ("path", "submit", "label"),
    [("/", "/complaints/", "诉求"), ("/en/complaints/track/", "/en/complaints/", "Complaints")],
)
def test_main_menu_links_to_complaints(client, path, submit, label):
    html = client.get(path).content.decode()
    menu = html.split('class="main-menu"')[1].split("</nav>")[0]
    link = menu.split(f'href="{submit}"')[1].split("</a>")[0]
    assert label in link
    assert ('aria-current="page"' in link) == path.endswith("/complaints/track/")
