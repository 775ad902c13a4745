"""Questions asked from another app's page (``complaints.intake.question_view``): the complaint
form's contact rules, rate limit, repeat handling and confirmation."""

from django.test import Client, override_settings
from django.urls import path

import pytest

from complaints import services
from complaints.intake import question_view
from complaints.models import Complaint, ReplyChannel
from complaints.prefill import provided, register_prefill
from portal.urls import urlpatterns as portal_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

URL = "/ask-about/lamp/"


def lamp(value: str):
    if value != "lamp":
        return None
    return {
        "subject": "关于楼道灯的疑问",
        "about_title": "3号楼楼道灯更换",
        "about_url": "/notices/lamp/",
        "category": "other",
        "intro": "物业和社区一起答复。",
    }


register_prefill("test_lamp", lamp)
urlpatterns = [
    path("ask-about/<str:code>/", question_view("test_lamp")),
    path("ask-nothing/<str:code>/", question_view("test_unregistered")),
    *portal_urlpatterns,
]


def ask(client, url=URL, **fields):
    data = {"submission_key": services.new_submission_key(), "question": "什么时候修好？"}
    data.update(fields)
    return client.post(url, data)


def test_the_page_says_what_it_is_about(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>关于楼道灯的疑问</h1>" in html
    assert "物业和社区一起答复。" in html
    assert 'href="/notices/lamp/"' in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_question_is_confirmed_like_a_complaint(client):
    response = ask(client)
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.category.slug == "other"
    assert complaint.subject == "关于楼道灯的疑问"
    assert complaint.anonymous
    assert complaint.reply_channel == ReplyChannel.ONLINE
    assert complaint.description.startswith("什么时候修好？\n\n3号楼楼道灯更换\n")
    assert "http://testserver/notices/lamp/" in complaint.description
    assert response.templates[0].name == "complaints/submitted.html"
    assert complaint.number in response.content.decode()


def test_an_email_is_the_reply_channel(client):
    ask(client, contact_name="王阿姨", contact_email="wang@example.com")
    complaint = Complaint.objects.get()
    assert not complaint.anonymous
    assert complaint.reply_channel == ReplyChannel.EMAIL


def test_the_complaint_forms_contact_rules_apply(client):
    response = ask(client, contact_phone="13800000000")
    assert response.status_code == 200
    assert response.context["form"].errors["contact_name"]
    response = ask(client, contact_name="王阿姨")
    assert response.context["form"].errors["contact_phone"]
    response = ask(client, contact_email="not-an-address")
    assert response.context["form"].errors["contact_email"]
    assert not Complaint.objects.exists()


def test_a_repeated_post_shows_the_same_confirmation(client):
    key = services.new_submission_key()
    first = ask(client, submission_key=key)
    again = ask(client, submission_key=key)
    number = Complaint.objects.get().number
    assert number in first.content.decode()
    assert number in again.content.decode()


@override_settings(COMPLAINTS_SUBMIT_RATE=(2, 3600))
def test_the_complaint_forms_rate_limit_applies(client):
    # An invalid complaint form counts towards the same limit.
    assert client.post("/complaints/", {}).status_code == 200
    assert ask(client).status_code == 200
    response = ask(client, question="第三个问题")
    assert response.status_code == 429
    assert "第三个问题" in response.content.decode()
    assert Complaint.objects.count() == 1
    assert ask(Client(REMOTE_ADDR="10.0.0.9")).status_code == 200


def test_what_names_nothing_is_not_found(client):
    assert client.get("/ask-about/boiler/").status_code == 404
    assert client.get("/ask-nothing/lamp/").status_code == 404
    assert provided("test_unregistered", "lamp") is None


def test_the_complaint_form_starts_from_the_same_provider(client):
    response = client.get("/complaints/?test_lamp=lamp")
    assert response.context["about"]["about_title"] == "3号楼楼道灯更换"
    assert response.context["form"].initial["subject"] == "关于楼道灯的疑问"
