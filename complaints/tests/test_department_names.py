"""The department a complaint is with, named in the resident's language (portal/names.py)."""

from django.core import mail

import pytest

from complaints import builders, services


@pytest.fixture
def transferred(submission, grid_worker, django_capture_on_commit_callbacks):
    complaint = submission.complaint
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.transfer(complaint, grid_worker, department=builders.department("Legal aid"))
    return submission


@pytest.mark.parametrize(
    ("prefix", "shown", "not_shown"),
    [("/en", "Legal aid", "法律援助"), ("", "法律援助", "Legal aid")],
)
def test_tracking_page_names_the_department_in_the_readers_language(
    client, transferred, prefix, shown, not_shown
):
    number = transferred.complaint.number
    client.get(f"{prefix}/complaints/t/{number}/{transferred.secret}/")
    html = client.get(f"{prefix}/complaints/track/{number}/").content.decode()
    assert shown in html
    assert not_shown not in html


@pytest.mark.parametrize(
    ("language", "line"), [("zh-hans", "承办部门：法律援助"), ("en", "Handled by: Legal aid")]
)
def test_status_email_names_the_department_in_the_complaints_language(
    building, grid_worker, django_capture_on_commit_callbacks, language, line
):
    complaint = builders.submit(building=building, language=language).complaint
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.transfer(complaint, grid_worker, department=builders.department("Legal aid"))
    (message,) = [m for m in mail.outbox if m.to == ["wang@example.com"]]
    assert line in message.body


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [("en", "Legal aid", "法律援助"), ("zh-hans", "法律援助", "Legal aid")],
)
def test_official_sees_departments_in_their_language(
    transferred, grid_worker, language, shown, not_shown
):
    """The department the complaint is with, and the departments to transfer it to."""
    from django.test import Client

    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(grid_worker)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(grid_worker)
    html = client.get(f"/admin/complaints/inspect/{transferred.complaint.pk}/").content.decode()
    assert html.count(shown) >= 2  # the complaint's department, and a choice of the form
    assert not_shown not in html
