"""The public form, tracking pages, ratings, the photo view and the "my portal" box."""

import io
import re
from unittest import mock

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse

import pytest
from PIL import Image

from complaints import builders, services
from complaints.models import Complaint, ComplaintPhoto, RatingValue, Status
from complaints.storage import private_storage

SUBMIT_URL = "/complaints/"


def jpeg_with_gps(name="photo.jpg") -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (31.0, 14.0, 0.0)
    gps[3] = "E"
    gps[4] = (121.0, 28.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def form_data(place, **extra):
    data = {
        "submission_key": services.new_submission_key(),
        "category": builders.category("other").pk,
        "subject": "楼道灯坏了",
        "description": "3号楼2单元楼道灯一周不亮。",
        "building": place.pk,
        "address": "",
        "contact_name": "王阿姨",
        "contact_phone": "13800000000",
        "contact_email": "wang@example.com",
        "reply_channel": "email",
        "consent_to_publish": "on",
    }
    data.update(extra)
    return data


def stored_files() -> list[str]:
    root = private_storage.path("")
    import os

    return [os.path.join(d, f) for d, _s, files in os.walk(root) for f in files]


# -- the form -----------------------------------------------------------------------------------


def test_form_page_lists_categories_with_deadlines(client, db):
    response = client.get(SUBMIT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "社区事务办理（当日答复），例如：开证明" in html
    assert "需街道协调事项（3 个工作日内答复）" in html
    assert 'name="submission_key"' in html
    english = client.get("/en/complaints/").content.decode()
    assert "Legal matters (answered within 7 working days)" in english


def test_submit_shows_tracking_number_and_secret_link(
    client, building, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT_URL, form_data(building))
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    html = response.content.decode()
    assert complaint.number in html
    assert f"/complaints/t/{complaint.number}/" in html
    assert complaint.language == "zh-hans"
    [message] = mail.outbox
    assert complaint.number in message.body


def test_double_submission_shows_the_same_confirmation(client, building):
    data = form_data(building)
    first = client.post(SUBMIT_URL, data)
    second = Client().post(SUBMIT_URL, data)  # a retry from elsewhere with the same form
    assert Complaint.objects.count() == 1
    number = Complaint.objects.get().number
    assert number in first.content.decode() and number in second.content.decode()
    secret_line = [
        line for line in first.content.decode().splitlines() if "tracking-secret" in line
    ]
    assert secret_line and secret_line[0] in second.content.decode()


def test_errors_keep_what_was_typed_and_ask_for_photos_again(client, building):
    data = form_data(building, contact_name="", contact_phone="", contact_email="")
    data["photos"] = [png()]
    response = client.post(SUBMIT_URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "3号楼2单元楼道灯一周不亮。" in html
    assert "请重新选择" in html  # photos must be chosen again
    assert Complaint.objects.count() == 0


def test_location_is_required_and_building_must_match_grid(client, building, other_grid):
    response = client.post(SUBMIT_URL, form_data(building, building="", address=""))
    assert response.context["form"].errors["address"]
    response = client.post(SUBMIT_URL, form_data(building, grid=other_grid.pk))
    assert response.context["form"].errors["building"]


def test_anonymous_submission_needs_no_contact(client, building):
    data = form_data(
        building,
        anonymous="on",
        contact_name="王阿姨",
        contact_phone="",
        contact_email="",
        reply_channel="online",
    )
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 200, response.context["form"].errors
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.contact_name == ""


def test_photo_is_reencoded_without_exif(client, building):
    upload = jpeg_with_gps()
    assert b"PhoneMaker" in upload.read()
    upload.seek(0)
    client.post(SUBMIT_URL, {**form_data(building), "photos": [upload, png()]})
    photos = list(Complaint.objects.get().photos.all())
    assert [photo.content_type for photo in photos] == ["image/jpeg", "image/png"]
    with private_storage.open(photos[0].file.name) as handle:
        content = handle.read()
    assert b"PhoneMaker" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert not image.getexif()
        assert image.size == (64, 48)
    assert photos[0].file.name.endswith(".jpg")
    assert "photo" not in photos[0].file.name.rsplit("/", 1)[-1]


def test_fake_image_is_refused(client, building):
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    response = client.post(SUBMIT_URL, {**form_data(building), "photos": [fake]})
    errors = response.context["form"].errors["photos"]
    assert "virus.jpg" in errors[0]
    assert Complaint.objects.count() == 0
    assert stored_files() == []


def test_gif_and_too_many_photos_are_refused(client, building):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "GIF")
    gif = SimpleUploadedFile("a.gif", buffer.getvalue(), content_type="image/gif")
    response = client.post(SUBMIT_URL, {**form_data(building), "photos": [gif]})
    assert response.context["form"].errors["photos"]
    six = [png(f"{n}.png") for n in range(6)]
    response = client.post(SUBMIT_URL, {**form_data(building), "photos": six})
    assert response.context["form"].errors["photos"]


@override_settings(COMPLAINTS_SUBMIT_RATE=(2, 3600))
def test_rate_limit_shows_the_form_with_what_was_typed(client, building):
    for _attempt in range(2):
        assert client.post(SUBMIT_URL, form_data(building)).status_code == 200
    response = client.post(SUBMIT_URL, form_data(building, subject="第三次"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "第三次" in html
    assert "提交过多" in html
    assert Complaint.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(SUBMIT_URL, form_data(building)).status_code == 200


def test_database_failure_shows_503_and_leaves_nothing(building):
    client = Client(raise_request_exception=False)
    data = {**form_data(building), "photos": [png()]}
    with mock.patch(
        "complaints.services.ComplaintEvent.objects.create",
        side_effect=OperationalError("database is gone"),
    ):
        response = client.post(SUBMIT_URL, data)
    assert response.status_code == 503
    assert Complaint.objects.count() == 0
    assert ComplaintPhoto.objects.count() == 0
    assert stored_files() == []


# -- tracking -----------------------------------------------------------------------------------


def test_track_by_number_and_secret(client, submission):
    complaint = submission.complaint
    response = client.post(
        "/complaints/track/", {"number": complaint.number, "secret": submission.secret}
    )
    assert response.status_code == 302
    page = client.get(response.url)
    assert complaint.subject in page.content.decode()


@pytest.mark.parametrize("which", ["number", "secret"])
def test_wrong_number_or_secret_gives_one_message(client, submission, which):
    data = {"number": submission.complaint.number, "secret": submission.secret}
    data[which] = "TS-2000-000001" if which == "number" else "nope"
    response = client.post("/complaints/track/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "没有与此查询编号和密码相符的诉求" in html
    assert submission.complaint.subject not in html


def test_secret_link_opens_the_complaint_and_a_wrong_one_does_not(client, submission):
    complaint = submission.complaint
    wrong = client.get(f"/complaints/t/{complaint.number}/wrong/")
    assert wrong.status_code == 404
    assert client.get(f"/complaints/track/{complaint.number}/").status_code == 302
    response = client.get(f"/complaints/t/{complaint.number}/{submission.secret}/")
    assert response.url == f"/complaints/track/{complaint.number}/"
    assert client.get(response.url).status_code == 200


@override_settings(COMPLAINTS_TRACK_RATE=(3, 3600))
def test_guessing_secrets_is_limited(client, submission):
    number = submission.complaint.number
    for _attempt in range(3):
        client.post("/complaints/track/", {"number": number, "secret": "guess"})
    response = client.post("/complaints/track/", {"number": number, "secret": submission.secret})
    assert response.status_code == 429


def test_timeline_shows_public_events_and_replies_only(client, submission, grid_worker):
    complaint = submission.complaint
    services.accept(complaint, grid_worker)
    services.add_note(complaint, grid_worker, body="内部备注：住户难沟通")
    services.start(complaint, grid_worker)
    services.answer(complaint, grid_worker, body="已更换灯泡。")
    client.get(f"/complaints/t/{complaint.number}/{submission.secret}/")
    html = client.get(f"/complaints/track/{complaint.number}/").content.decode()
    assert "已更换灯泡。" in html
    assert "内部备注" not in html
    assert "已受理" in html and "已答复" in html
    assert 'name="value"' in html  # the rating form


def test_resident_rates_dissatisfied_and_it_reopens(client, submission, grid_worker):
    complaint = submission.complaint
    services.accept(complaint, grid_worker)
    services.start(complaint, grid_worker)
    services.answer(complaint, grid_worker, body="已处理。")
    url = f"/complaints/track/{complaint.number}/rate/"
    assert Client().post(url, {"value": "dissatisfied"}).status_code == 404
    client.get(f"/complaints/t/{complaint.number}/{submission.secret}/")
    response = client.post(url, {"value": RatingValue.DISSATISFIED, "comment": "没修好"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.REOPENED


def test_my_portal_lists_the_residents_complaints(client, resident, building):
    builders.submit(building=building, user=resident, subject="我的诉求")
    builders.submit(building=building, subject="别人的诉求")
    client.force_login(resident)
    html = client.get(reverse("accounts:my_portal")).content.decode()
    assert "我的诉求" in html and "别人的诉求" not in html
    complaint = Complaint.objects.get(subject="我的诉求")
    assert client.get(f"/complaints/track/{complaint.number}/").status_code == 200


# -- photos -------------------------------------------------------------------------------------


@pytest.fixture
def photo(building):
    submission = builders.submit(building=building, photos=[_clean(png())])
    return submission, submission.complaint.photos.get()


def _clean(upload):
    from complaints.images import clean_photo

    return clean_photo(upload)


def test_photos_are_not_under_media(photo, settings):
    _submission, record = photo
    assert not private_storage.path(record.file.name).startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        _url = record.file.url
    assert record.url == f"/complaints/photos/{record.pk}/"


def test_photo_privacy(photo, grid_worker, other_worker, resident, client):
    submission, record = photo
    url = f"/complaints/photos/{record.pk}/"
    assert Client().get(url).status_code == 404  # anonymous
    other_resident = Client()
    other_resident.force_login(resident)
    assert other_resident.get(url).status_code == 404
    other_official = Client()
    other_official.force_login(other_worker)
    assert other_official.get(url).status_code == 404
    official = Client()
    official.force_login(grid_worker)
    response = official.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    complainant = Client()
    complainant.get(f"/complaints/t/{submission.complaint.number}/{submission.secret}/")
    assert complainant.get(url).status_code == 200


def test_an_anonymous_resident_cannot_ask_for_a_phone_call(client, building):
    data = form_data(building, anonymous="on", contact_name="", reply_channel="phone")
    response = client.post(SUBMIT_URL, data)
    assert response.status_code == 200
    assert "reply_channel" in response.context["form"].errors
    assert not Complaint.objects.exists()
    assert response.context["form"]["description"].value() == data["description"]


@pytest.mark.django_db
def test_the_form_starts_from_a_registered_prefill(client):
    from complaints.prefill import _providers, register_prefill

    def provider(value):
        if value != "JZZ-01":
            return None
        return {
            "subject": "关于：居住证办理" + "很长" * 100,
            "about_title": "居住证办理",
            "about_url": "/g/",
        }

    register_prefill("test_guide", provider)
    try:
        response = client.get(SUBMIT_URL, {"test_guide": "JZZ-01"})
        subject = response.context["form"].initial["subject"]
        assert subject.startswith("关于：居住证办理") and len(subject) <= 120
        assert 'href="/g/"' in response.content.decode()
        unknown = client.get(SUBMIT_URL, {"test_guide": "NOPE"})
        assert "subject" not in unknown.context["form"].initial
    finally:
        _providers.pop("test_guide")


def test_the_secret_is_visible_while_typed(client, db):
    html = client.get("/complaints/track/").content.decode()
    field = re.search(r'<input[^>]*name="secret"[^>]*>', html).group(0)
    assert 'type="text"' in field
    assert 'type="password"' not in html
