"""The groups created by migration, and what each may do."""

from django.contrib.auth.models import Group

import pytest

from accounts.models import User
from home.models import HomePage

pytestmark = pytest.mark.django_db

ROLES = ["Editors", "Moderators", "Officials", "Finance clerks", "Oversight group"]


def member_of(group_name: str) -> User:
    user = User.objects.create_user(
        group_name.lower().replace(" ", "_"), f"{group_name[:4]}@x.cn", "pw-123456789"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.mark.parametrize("role", ROLES)
def test_every_role_exists_and_reaches_the_admin(role):
    user = member_of(role)
    assert user.has_perm("wagtailadmin.access_admin")


def test_editors_edit_but_do_not_publish():
    editor = member_of("Editors")
    perms = HomePage.objects.get(locale__language_code="zh-hans").permissions_for_user(editor)
    assert perms.can_add_subpage()
    assert perms.can_edit()
    assert not perms.can_publish()
    assert editor.has_perm("wagtail_localize.submit_translation")


def test_moderators_publish_and_edit_site_settings():
    moderator = member_of("Moderators")
    perms = HomePage.objects.get(locale__language_code="zh-hans").permissions_for_user(moderator)
    assert perms.can_publish()
    assert moderator.has_perm("home.change_portalsettings")


def test_officials_verify_residencies_but_do_not_publish():
    official = member_of("Officials")
    assert official.has_perm("community.change_residency")
    assert official.has_perm("community.view_household")
    assert not official.has_perm("community.delete_household")
    perms = HomePage.objects.get(locale__language_code="zh-hans").permissions_for_user(official)
    assert not perms.can_publish()


def test_finance_clerks_upload_documents_only():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    documents = policy_registry.get_by_type(get_document_model())
    images = policy_registry.get_by_type(get_image_model())
    clerk = member_of("Finance clerks")
    assert documents.user_has_permission(clerk, "add")
    assert documents.user_has_permission(clerk, "choose")
    assert not images.user_has_permission(clerk, "add")
    assert not clerk.has_perm("community.change_residency")


def test_admin_dashboard_for_each_role(client):
    for role in ROLES:
        client.force_login(member_of(role))
        assert client.get("/admin/").status_code == 200, role


def test_editor_submits_and_moderator_approves(client, home_page):
    from wagtail.models import WorkflowState
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from home.models import StandardPage

    editor, moderator = member_of("Editors"), member_of("Moderators")
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/home/standardpage/{home_page.pk}/",
        nested_form_data(
            {
                "title": "楼道堆物清理通知",
                "slug": "corridor-clean-up",
                "intro": "",
                "body": streamfield([]),
                "action-submit": "Submit for moderation",
            }
        ),
    )
    assert response.status_code == 302
    page = StandardPage.objects.get(slug="corridor-clean-up")
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(moderator)
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "同意"}
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert client.get("/corridor-clean-up/").status_code == 200
