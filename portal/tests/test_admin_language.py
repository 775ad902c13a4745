"""Messages the admin makes outside its views come in the user's own admin language."""

from django.contrib.auth.models import Permission

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    """May use the admin, may not manage users."""
    user = django_user_model.objects.create_user("editor-lang", password="x-long-password-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.mark.parametrize(
    ("language", "expected", "not_expected"),
    [
        ("en", "Sorry, you do not have permission to access this area.", "你没有权限访问"),
        ("zh-hans", "对不起， 你没有权限访问。", "Sorry, you do not have permission"),
    ],
)
def test_a_refusal_is_in_the_users_admin_language(client, editor, language, expected, not_expected):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    client.force_login(editor)
    response = client.get("/admin/users/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert expected in page
    assert not_expected not in page
