"""Residents find the complaint form, the tracking page, the published answers and the
statistics from the home page and the complaints pages; officials from the admin."""

import json

from wagtail.users.models import UserProfile

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


@pytest.mark.parametrize(
    ("prefix", "answers_label", "statistics_label"),
    [("", "公开答复", "诉求统计"), ("/en", "Published answers", "Complaint statistics")],
)
def test_residents_find_published_answers_and_statistics(
    client, prefix, answers_label, statistics_label
):
    answers, statistics = f"{prefix}/complaints/answers/", f"{prefix}/complaints/statistics/"
    home = client.get(f"{prefix}/").content.decode()
    footer = home[home.index("<footer") :]
    box = home.split('aria-labelledby="home-complaints-title"')[1].split("</section>")[0]
    for part in (footer, box):
        assert f'href="{answers}">{answers_label}</a>' in part
        assert f'href="{statistics}">{statistics_label}</a>' in part
    for page in (f"{prefix}/complaints/", f"{prefix}/complaints/track/"):
        content = client.get(page).content.decode().split("<footer")[0]
        assert f'href="{answers}"' in content and f'href="{statistics}"' in content
    # and the links lead somewhere
    assert client.get(answers).status_code == 200
    assert client.get(statistics).status_code == 200


@pytest.mark.parametrize(
    ("language", "label", "statistics"),
    [
        ("zh-hans", "诉求统计", "/complaints/statistics/"),
        ("en", "Complaint statistics", "/en/complaints/statistics/"),
    ],
)
def test_officials_find_them_from_the_admin(client, grid_worker, language, label, statistics):
    profile = UserProfile.get_for_user(grid_worker)
    profile.preferred_language = language
    profile.save()
    client.force_login(grid_worker)
    html = client.get("/admin/").content.decode()
    # the sidebar menu is JSON in the page (non-ASCII letters escaped)
    sidebar = html.split('id="wagtail-sidebar-props"')[1].split("</script>")[0]
    assert json.dumps(label)[1:-1] in sidebar and f'"{statistics}"' in sidebar
    panel = html.split("complaint-statistics", 1)[1]
    answers = statistics.replace("statistics", "answers")
    assert f'href="{statistics}"' in panel and f'href="{answers}"' in panel


def test_residents_do_not_see_the_officials_menu_item(client, resident):
    client.force_login(resident)
    assert client.get("/admin/").status_code in (302, 403)
