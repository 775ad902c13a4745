"""Household verification: a resident asks, an official of the grid decides, all audited."""

import pytest

from community import services
from community.factories import (
    BuildingFactory,
    GridFactory,
    HouseholdFactory,
    ResidencyFactory,
    UserFactory,
)
from community.models import Residency, ResidencyEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return UserFactory(username="worker", groups=["Officials"])


@pytest.fixture
def household(worker):
    grid = GridFactory(code="G01", name="第一网格", responsible_worker=worker)
    return HouseholdFactory(building=BuildingFactory(grid=grid, name="3号楼"), unit=2, room="301")


@pytest.fixture
def resident():
    return UserFactory(username="resident")


def test_request_then_verify_as_representative(resident, household, worker):
    residency = services.request_residency(resident, household, "业主本人")
    assert residency.state == "pending" and residency.note == "业主本人"
    services.verify_residency(worker, residency, representative=True)
    residency.refresh_from_db()
    assert residency.verified and residency.is_representative
    assert residency.verified_by == worker and residency.verified_at
    actions = list(
        ResidencyEvent.objects.filter(residency=residency)
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert actions == [
        ("requested", resident.pk),
        ("verified", worker.pk),
        ("representative", worker.pk),
    ]


def test_a_household_has_one_representative(household, worker):
    first = ResidencyFactory(household=household, confirmed=True, is_representative=True)
    second = ResidencyFactory(household=household, confirmed=True)
    services.make_representative(worker, second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.is_representative and not first.is_representative


def test_rejection_needs_a_reason_and_is_shown_to_the_resident(resident, household, worker, client):
    residency = services.request_residency(resident, household)
    with pytest.raises(services.VerificationError):
        services.reject_residency(worker, residency, "  ")
    services.reject_residency(worker, residency, "房号与登记不符")
    residency.refresh_from_db()
    assert residency.state == "rejected"
    client.force_login(resident)
    content = client.get("/accounts/me/").content.decode()
    assert "已驳回" in content and "房号与登记不符" in content
    # Asking again sends the same request back to the committee.
    again = services.request_residency(resident, household, "已更正")
    assert again.pk == residency.pk and again.state == "pending"


def test_only_an_official_of_the_grid_decides(resident, household):
    residency = services.request_residency(resident, household)
    other = UserFactory(username="elsewhere", groups=["Officials"])
    with pytest.raises(services.VerificationError):
        services.verify_residency(other, residency)
    with pytest.raises(services.VerificationError):
        services.verify_residency(resident, residency)
    residency.refresh_from_db()
    assert not residency.verified
    assert not ResidencyEvent.objects.filter(action="verified").exists()


def test_requests_are_rate_limited(resident):
    building = BuildingFactory()
    households = [HouseholdFactory(building=building) for _n in range(3)]
    services.request_residency(resident, households[0])
    services.request_residency(resident, households[1])
    with pytest.raises(services.VerificationError):
        services.request_residency(resident, households[2])
    with pytest.raises(services.VerificationError):
        services.request_residency(resident, households[0])
    assert Residency.objects.filter(user=resident).count() == 2


def test_resident_asks_through_the_form(client, resident, household):
    client.force_login(resident)
    assert client.get("/household/join/").status_code == 200
    response = client.post(
        "/household/join/",
        {"building": household.building.pk, "unit": 2, "room": "999", "note": "租户"},
    )
    assert response.status_code == 400
    assert "没有找到该地址的住户" in response.content.decode()
    assert 'value="999"' in response.content.decode()
    response = client.post(
        "/household/join/",
        {"building": household.building.pk, "unit": 2, "room": "301", "note": "租户"},
    )
    assert response.status_code == 302
    assert Residency.objects.get(user=resident).household == household
    content = client.get("/accounts/me/").content.decode()
    assert "等待核实" in content


def test_official_decides_in_the_admin_queue(client, resident, household, worker):
    residency = services.request_residency(resident, household, "业主")
    client.force_login(worker)
    response = client.get("/admin/community/requests/")
    assert response.status_code == 200
    assert "业主" in response.content.decode()
    response = client.post(
        f"/admin/community/requests/{residency.pk}/", {"decision": "verify", "representative": "on"}
    )
    assert response.status_code == 302
    residency.refresh_from_db()
    assert residency.verified and residency.is_representative


def test_the_queue_is_closed_to_residents(client, resident):
    client.force_login(resident)
    response = client.get("/admin/community/requests/")
    assert response.status_code in (302, 403)


def test_verification_steps_are_in_the_audit_log(resident, household, worker):
    from audit.models import Action, AuditEntry

    residency = services.request_residency(resident, household, "租户")
    services.verify_residency(worker, residency)
    steps = list(
        AuditEntry.objects.filter(action=Action.HOUSEHOLD_VERIFICATION, object_id=residency.pk)
        .order_by("pk")
        .values_list("detail__step", "actor_text")
    )
    assert [step for step, _ in steps] == ["requested", "verified"]
    assert steps[1][1].startswith("worker")
    worker.delete()
    event = ResidencyEvent.objects.get(residency=residency, action="verified")
    assert event.actor is None and event.actor_name.startswith("worker")
