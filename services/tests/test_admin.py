"""The admin: the guide editor and the department and category snippets open for an editor."""

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("admin", "admin@example.com", "pw-123456789")
    client.force_login(user)
    return client


def test_guide_editor_opens(admin_client, make_guide, service_index):
    guide = make_guide("passport", materials=[("material", {"name": "身份证", "form": "copy"})])
    add = f"/admin/pages/add/services/serviceguidepage/{service_index.pk}/"
    assert admin_client.get(add).status_code == 200
    response = admin_client.get(f"/admin/pages/{guide.pk}/edit/")
    assert response.status_code == 200
    assert "事项编码" in response.content.decode()


def test_snippet_listings_open(admin_client, department, category):
    for url in [
        "/admin/snippets/services/servicedepartment/",
        "/admin/snippets/services/servicecategory/",
    ]:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    assert (
        "社区服务站"
        in admin_client.get("/admin/snippets/services/servicedepartment/").content.decode()
    )
