"""Open311 GeoReport v2 from the outside: real HTTP requests through Django's test client."""

import importlib
import io
import json
from xml.etree import ElementTree  # noqa: S405 (parses the portal's own answers)

from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings

from wagtail.users.models import UserProfile

import pytest
from PIL import Image

from community.factories import UserFactory
from complaints import builders, services
from complaints.models import Channel, Complaint, Status
from complaints.open311 import services as open311_services
from complaints.open311.models import ApiKey, PartnerSubmission

BASE = "/open311/v2"
PERSONAL = ["王阿姨", "13800000000", "wang@example.com", "3号楼2单元"]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def key(db):
    return open311_services.issue_key("City 12345 platform", hourly_limit=50).key


def post(client, data, *, fmt="json", **extra):
    return client.post(f"{BASE}/requests.{fmt}", data, **extra)


def valid(key, **fields):
    data = {
        "api_key": key,
        "service_code": "other",
        "description": "东门停车场的路灯不亮已经三天了。",
        "address_string": "东门停车场",
        "first_name": "阿姨",
        "last_name": "王",
        "phone": "13800000000",
    }
    data.update(fields)
    return data


def test_discovery_and_openapi(client, db):
    discovery = client.get(f"{BASE}/discovery.json").json()
    assert discovery["endpoints"][0]["url"].endswith("/open311/v2/")
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    document = client.get(f"{BASE}/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/requests.json" in document["paths"]


def test_services_in_the_requests_language(client, db):
    chinese = client.get(f"{BASE}/services.json").json()
    english = client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="en").json()
    by_locale = client.get(f"{BASE}/services.json?locale=en").json()
    assert {s["service_code"] for s in chinese} == {s["service_code"] for s in english}
    names_zh = {s["service_code"]: s["service_name"] for s in chinese}
    names_en = {s["service_code"]: s["service_name"] for s in english}
    assert names_zh["legal"] == "法律咨询与援助" if "legal" in names_zh else True
    assert names_zh != names_en and english == by_locale
    assert all(s["type"] == "realtime" and s["metadata"] is False for s in english)
    xml = client.get(f"{BASE}/services.xml?locale=en")
    assert xml["Content-Type"].startswith("text/xml")
    root = ElementTree.fromstring(xml.content)  # noqa: S314
    assert root.tag == "services"
    assert [e.findtext("service_code") for e in root] == [s["service_code"] for s in english]
    definition = client.get(f"{BASE}/services/other.json").json()
    assert definition == {"service_code": "other", "attributes": []}
    missing = client.get(f"{BASE}/services/nope.json")
    assert missing.status_code == 404
    assert missing.json()[0]["code"] == 404


def test_post_files_a_complaint_through_the_one_intake(
    client, key, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, valid(key, email="wang@example.com", consent_to_publish="true"))
    assert response.status_code == 201, response.content
    [created] = response.json()
    complaint = Complaint.objects.get(number=created["service_request_id"])
    assert complaint.status == Status.SUBMITTED
    assert complaint.contact_name == "王阿姨" and complaint.contact_phone == "13800000000"
    assert complaint.address == "东门停车场" and complaint.consent_to_publish
    assert complaint.events.filter(action="submit").count() == 1
    assert complaint.open311_submission.api_key.name == "City 12345 platform"
    assert complaint.channel == Channel.OPEN311
    # the same confirmation email with the secret link as the web form
    assert len(mail.outbox) == 1 and complaint.number in mail.outbox[0].body
    token = client.get(f"{BASE}/tokens/{created['token']}.json").json()
    assert token == [{"service_request_id": complaint.number, "token": created["token"]}]


def test_officials_see_and_filter_the_open311_channel(client, key):
    filed = post(client, valid(key))
    number = filed.json()[0]["service_request_id"]
    web = builders.submit(subject="网上提交的").complaint
    official = Client()
    supervisor = UserFactory(username="supervisor", groups=["Supervisors"])
    official.force_login(supervisor)
    listing = official.get("/admin/complaints/", {"channel": "open311", "state": "all"})
    html = listing.content.decode()
    assert listing.status_code == 200
    assert number in html and web.number not in html
    assert "合作系统（Open311）" in html
    profile = UserProfile.get_for_user(supervisor)
    profile.preferred_language = "en"
    profile.save()
    english = official.get("/admin/complaints/", {"channel": "open311", "state": "all"})
    assert "Partner system (Open311)" in english.content.decode()
    complaint = Complaint.objects.get(number=number)
    inspect = official.get(f"/admin/complaints/inspect/{complaint.pk}/").content.decode()
    assert "Partner system (Open311) · City 12345 platform" in inspect


def test_the_migration_moves_earlier_api_complaints_to_the_open311_channel(client, key):
    from django.apps import apps

    migration = importlib.import_module(
        "complaints.open311.migrations.0003_channel_of_partner_complaints"
    )
    number = post(client, valid(key)).json()[0]["service_request_id"]
    web = builders.submit(subject="网上提交的").complaint
    Complaint.objects.filter(number=number).update(channel=Channel.WEB)  # as recorded before
    migration.forwards(apps, None)
    assert Complaint.objects.get(number=number).channel == Channel.OPEN311
    assert Complaint.objects.get(pk=web.pk).channel == Channel.WEB


def test_the_same_idempotency_key_files_once(client, key):
    first = post(client, valid(key), HTTP_IDEMPOTENCY_KEY="partner-42")
    again = post(client, valid(key), HTTP_IDEMPOTENCY_KEY="partner-42")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert Complaint.objects.count() == 1
    # another partner's identical key is another complaint
    other = open311_services.issue_key("Mobile app").key
    third = post(client, valid(other), HTTP_IDEMPOTENCY_KEY="partner-42")
    assert third.status_code == 201 and Complaint.objects.count() == 2


def test_the_web_forms_validation_in_open311_errors(client, key):
    response = post(
        client,
        valid(
            key, phone="", email="wang@example.com", first_name="", last_name="", address_string=""
        ),
    )
    assert response.status_code == 400
    errors = response.json()
    assert all(e["code"] == 400 for e in errors)
    text = " ".join(e["description"] for e in errors)
    assert "first_name:" in text and "address_string:" in text
    no_contact = post(client, valid(key, phone="", email=""), HTTP_ACCEPT_LANGUAGE="en")
    assert no_contact.json() == [
        {
            "code": 400,
            "description": "phone: Give a phone number or an email, or submit anonymously.",
        }
    ]
    xml = post(client, valid(key, service_code="nope"), fmt="xml")
    root = ElementTree.fromstring(xml.content)  # noqa: S314
    assert xml.status_code == 400 and root.tag == "errors"
    assert root.find("error/code").text == "400"
    assert "service_code" in root.find("error/description").text
    assert Complaint.objects.count() == 0


def test_anonymous_when_no_contact_is_given(client, key):
    response = post(client, valid(key, first_name="", last_name="", phone=""))
    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.contact_name == ""


def test_photos_are_cleaned_like_the_web_forms(client, key):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 90, 200)).save(buffer, "JPEG")
    photo = SimpleUploadedFile("x.jpg", buffer.getvalue(), content_type="image/jpeg")
    response = post(client, {**valid(key), "media": photo})
    assert response.status_code == 201
    assert Complaint.objects.get().photos.count() == 1
    fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    refused = post(client, {**valid(key), "media": fake})
    assert refused.status_code == 400 and refused.json()[0]["description"].startswith("media:")
    remote = post(client, valid(key, media_url="http://example.com/a.jpg"))
    assert remote.status_code == 400


def test_keys_are_checked_revocable_and_limited(client, key):
    assert post(client, valid("wrong")).status_code == 403
    assert post(client, valid("")).json()[0]["code"] == 403
    api_key = ApiKey.objects.get()
    api_key.hourly_limit = 2
    api_key.save()
    assert post(client, valid(key)).status_code == 201
    assert post(client, valid(key)).status_code == 201
    limited = post(client, valid(key))
    assert limited.status_code == 429 and limited.json()[0]["code"] == 429
    # a repeat of a complaint already filed is answered even when the hour is used up
    cache.clear()
    post(client, valid(key), HTTP_IDEMPOTENCY_KEY="k1")
    post(client, valid(key), HTTP_IDEMPOTENCY_KEY="k2")
    assert post(client, valid(key), HTTP_IDEMPOTENCY_KEY="k1").status_code == 200
    open311_services.revoke_key(api_key)
    assert post(client, valid(key)).status_code == 403
    assert ApiKey.objects.get().key_hash != key and key not in ApiKey.objects.get().prefix * 2


@override_settings(COMPLAINTS_TRACK_RATE=(3, 3600))
def test_guessing_keys_is_limited_per_address(client, key):
    for attempt in range(3):
        assert post(client, valid(f"guess{attempt}")).status_code == 403
    assert post(client, valid(key)).status_code == 429


def test_reading_requests_shows_public_fields_only(client, building, key):
    named = builders.submit(building=building).complaint
    post(client, valid(key, email="wang@example.com", description="王阿姨 13800000000 噪音"))
    for fmt in ("json", "xml"):
        listing = client.get(f"{BASE}/requests.{fmt}")
        assert listing.status_code == 200
        body = listing.content.decode()
        for value in [*PERSONAL, "阿姨", "噪音", "3号楼", "第一网格", named.subject]:
            assert value not in body, (fmt, value)
    rows = client.get(f"{BASE}/requests.json").json()
    assert {row["service_request_id"] for row in rows} == set(
        Complaint.objects.values_list("number", flat=True)
    )
    row = client.get(f"{BASE}/requests/{named.number}.json").json()[0]
    assert row["status"] == "open" and row["detailed_status"] == "submitted"
    assert row["address"] == "" and row["media_url"] == "" and row["description"] == ""
    assert row["requested_datetime"].endswith("+08:00")
    missing = client.get(f"{BASE}/requests/TS-1999-000001.xml")
    assert missing.status_code == 404 and b"<errors>" in missing.content


def test_filters(client, building, grid_worker):
    first = builders.submit(building=building).complaint
    second = builders.submit(building=building, category_slug="community-affairs").complaint
    services.reject(second, grid_worker, reason="不属于社区受理范围")
    numbers = lambda response: [row["service_request_id"] for row in response.json()]  # noqa: E731
    assert numbers(client.get(f"{BASE}/requests.json?status=open")) == [first.number]
    assert numbers(client.get(f"{BASE}/requests.json?status=closed")) == [second.number]
    assert len(numbers(client.get(f"{BASE}/requests.json?status=open,closed"))) == 2
    assert numbers(client.get(f"{BASE}/requests.json?service_code=community-affairs")) == [
        second.number
    ]
    assert numbers(
        client.get(f"{BASE}/requests.json?service_request_id={first.number},TS-1-1")
    ) == [first.number]
    assert numbers(client.get(f"{BASE}/requests.json?end_date=2000-01-01")) == []
    assert len(numbers(client.get(f"{BASE}/requests.json?start_date=2000-01-01"))) == 2
    bad = client.get(f"{BASE}/requests.json?start_date=yesterday&status=maybe")
    assert bad.status_code == 400 and len(bad.json()) == 2
    assert client.get(f"{BASE}/nothing/here.json").json()[0]["code"] == 404


def test_management_command_issues_lists_and_revokes(db, capsys):
    call_command("open311_keys", "issue", "Mobile app", "--hourly-limit", "30")
    key = capsys.readouterr().out.strip()
    assert len(key) >= 40 and " " not in key
    stored = ApiKey.objects.get(name="Mobile app")
    assert stored.hourly_limit == 30 and key not in json.dumps(
        list(ApiKey.objects.values()), default=str
    )
    assert open311_services.authenticate(key) == stored
    call_command("open311_keys", "list")
    listed = capsys.readouterr().out
    assert "Mobile app" in listed and key not in listed and "active" in listed
    call_command("open311_keys", "revoke", "Mobile app")
    assert open311_services.authenticate(key) is None
    assert PartnerSubmission.objects.count() == 0


def test_xml_request_listing_is_well_formed(db, building):
    complaint = builders.submit(building=building).complaint
    client = Client()
    root = ElementTree.fromstring(client.get(f"{BASE}/requests.xml").content)  # noqa: S314
    assert root.tag == "service_requests"
    assert root.find("request/service_request_id").text == complaint.number
    assert root.find("request/status").text == "open"


def test_officials_issue_and_revoke_keys_in_the_admin(client, intake, grid_worker):
    client.force_login(grid_worker)  # an official without the key permissions
    assert client.get("/admin/open311-keys/").status_code in (302, 403)
    client.force_login(intake)
    response = client.post("/admin/open311-keys/issue/", {"name": "Mobile app", "hourly_limit": 5})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = response.content.decode().split('id="open311-key">', 1)[1].split("<", 1)[0]
    stored = ApiKey.objects.get(name="Mobile app")
    assert open311_services.authenticate(key) == stored and stored.created_by == intake
    listing = client.get("/admin/open311-keys/").content.decode()
    assert "Mobile app" in listing and key not in listing and stored.prefix in listing
    again = client.post("/admin/open311-keys/issue/", {"name": "Mobile app", "hourly_limit": 5})
    assert again.status_code == 200 and ApiKey.objects.count() == 1
    client.post(f"/admin/open311-keys/{stored.pk}/revoke/")
    stored.refresh_from_db()
    assert stored.revoked_at is not None and stored.revoked_by == intake
    assert open311_services.authenticate(key) is None


def test_other_methods_are_refused_in_the_standards_format(client, db):
    for path in ("discovery.json", "services.json", "services/other.xml", "requests/TS-1.json"):
        response = client.generic("TRACE", f"{BASE}/{path}")
        assert response.status_code == 405 and "GET" in response["Allow"]
        assert b"405" in response.content
    deleted = client.delete(f"{BASE}/requests.json")
    assert deleted.status_code == 405 and deleted.json()[0]["code"] == 405
    assert client.post(f"{BASE}/services.json").status_code == 405
