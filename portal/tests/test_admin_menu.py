"""Menu items shown only to whom they concern, by permission or by a function of the request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import RequestFactory

import pytest

from portal.admin_menu import RestrictedMenuItem


@pytest.fixture
def staff(db):
    user = get_user_model().objects.create_user(
        username="clerk", email="clerk@example.com", password="x-long-password-1"
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(pk=user.pk)  # no permission cache
    return request


def test_a_permission_item_is_shown_only_to_holders(staff):
    item = RestrictedMenuItem("Keys", "/admin/keys/", shown_to="open311.view_apikey")
    assert not item.is_shown(request_for(staff))
    staff.user_permissions.add(Permission.objects.get(codename="view_apikey"))
    assert item.is_shown(request_for(staff))


def test_a_function_decides_for_the_request(staff):
    item = RestrictedMenuItem(
        "Mine", "/admin/mine/", shown_to=lambda request: request.user.username == "clerk"
    )
    assert item.is_shown(request_for(staff))
    other = get_user_model().objects.create_user(username="other", email="o@example.com")
    assert not item.is_shown(request_for(other))


def test_the_admin_menu_hides_an_item_the_user_may_not_see(staff, client):
    client.force_login(staff)
    page = client.get("/admin/").content.decode()
    assert "open311-keys" not in page
    staff.user_permissions.add(Permission.objects.get(codename="view_apikey"))
    page = client.get("/admin/").content.decode()
    assert "open311-keys" in page
