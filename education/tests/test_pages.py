"""The education pages as residents see them: index, channels, regulations, courses, .ics."""

import datetime

from django.test import Client

import pytest

from education import services
from education.builders import make_article, make_course, make_regulation
from education.models import Enrolment, RegulationPage
from portal.demo_tools import publish_translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(residents):
    client = Client()
    client.force_login(residents[0])
    return client


def test_index_lists_channels_with_their_newest_items_and_is_in_the_menu(
    client, education_index, teachers_channel, school
):
    for n in range(4):
        make_article(teachers_channel, f"教师文章{n}", slug=f"t{n}")
    html = client.get("/education/").content.decode()
    assert "教师频道" in html and "社区学校" in html
    assert "教师文章3" in html and "教师文章1" in html
    assert "教师文章0" not in html  # three newest per channel
    home = client.get("/").content.decode()
    assert 'href="/education/"' in home
    assert 'href="/en/education/"' in client.get("/en/").content.decode()


def test_article_page_renders_its_body(client, teachers_channel):
    make_article(
        teachers_channel,
        "新学期教研安排",
        slug="plan",
        body=[
            ("paragraph", "<p>本学期每周三下午教研。</p>"),
            (
                "links",
                {
                    "heading": "辖区学校",
                    "links": [
                        {
                            "title": "幸福里小学",
                            "url": "https://school.example.cn",
                            "description": "公办",
                        }
                    ],
                },
            ),
        ],
    )
    html = client.get("/education/teachers/plan/").content.decode()
    assert "本学期每周三下午教研" in html
    assert 'href="https://school.example.cn"' in html


def _regulations(channel):
    old = make_regulation(
        channel,
        "中小学生守则（旧）",
        slug="old-rules",
        issue_date=datetime.date(2004, 3, 25),
        status="repealed",
        issuing_authority="教育部",
    )
    new = make_regulation(
        channel,
        "中小学生守则（2015年修订）",
        slug="rules",
        document_number="教基一〔2015〕5号",
        issue_date=datetime.date(2015, 8, 20),
        effective_date=datetime.date(2015, 9, 1),
        issuing_authority="教育部",
    )
    local = make_regulation(
        channel,
        "北京市学前教育条例",
        slug="preschool",
        issue_date=datetime.date(2021, 11, 26),
        issuing_authority="北京市人大常委会",
    )
    RegulationPage.objects.filter(pk=old.pk).update(superseded_by=new)
    return old, new, local


def titles(html):
    import re

    return re.findall(r'<h3 class="notice-item__title"><a href="[^"]+">([^<]+)</a>', html)


def test_regulations_filter_by_status_authority_and_year(client, regulations_channel):
    _regulations(regulations_channel)
    url = "/education/regulations/"
    assert titles(client.get(url).content.decode()) == [
        "北京市学前教育条例",
        "中小学生守则（2015年修订）",
        "中小学生守则（旧）",
    ]
    assert titles(client.get(url + "?status=repealed").content.decode()) == ["中小学生守则（旧）"]
    assert titles(client.get(url, {"authority": "教育部"}).content.decode()) == [
        "中小学生守则（2015年修订）",
        "中小学生守则（旧）",
    ]
    assert titles(client.get(url + "?year=2021").content.decode()) == ["北京市学前教育条例"]
    html = client.get(url + "?status=bogus&year=abc").content.decode()
    assert html.count("notice-box--warn") == 2
    assert len(titles(html)) == 3


def test_regulation_page_links_what_replaces_it(client, regulations_channel):
    _old, new, _local = _regulations(regulations_channel)
    html = client.get("/education/regulations/old-rules/").content.decode()
    assert "已废止" in html
    assert f'href="{new.url}"' in html
    newer = client.get("/education/regulations/rules/").content.decode()
    assert "教基一〔2015〕5号" in newer
    assert "/education/regulations/old-rules/" in newer


def test_course_page_shows_places_and_the_enrol_form(client, signed_in, course):
    anonymous = client.get("/education/school/calligraphy/").content.decode()
    assert "登录后报名" in anonymous
    html = signed_in.get("/education/school/calligraphy/").content.decode()
    assert 'action="/education/school/calligraphy/enrol/"' in html
    assert "csrfmiddlewaretoken" in html


def test_enrol_and_cancel_through_the_page(signed_in, course, residents):
    response = signed_in.post("/education/school/calligraphy/enrol/", follow=True)
    assert response.redirect_chain[-1][0] == "/education/school/calligraphy/#enrolment"
    html = response.content.decode()
    assert Enrolment.objects.get().user == residents[0]
    assert "取消报名" in html
    again = signed_in.post("/education/school/calligraphy/enrol/", follow=True).content.decode()
    assert "您已报名" in again
    assert Enrolment.objects.count() == 1
    signed_in.post("/education/school/calligraphy/cancel/")
    assert Enrolment.objects.get().status == "cancelled"


def test_full_course_offers_the_waiting_list(signed_in, course, residents):
    services.enrol(residents[1], course)
    services.enrol(residents[2], course)
    html = signed_in.get("/education/school/calligraphy/").content.decode()
    assert 'name="waiting_list" value="1"' in html
    refused = signed_in.post("/education/school/calligraphy/enrol/", follow=True)
    assert "候补" in refused.content.decode()
    assert not Enrolment.objects.filter(user=residents[0]).exists()
    signed_in.post("/education/school/calligraphy/enrol/", {"waiting_list": "1"})
    assert Enrolment.objects.get(user=residents[0]).status == "waiting"


def test_english_page_enrols_on_the_same_course(client, course, residents):
    publish_translation(course, {"书法入门": "Calligraphy"})
    client.force_login(residents[0])
    client.post("/en/education/school/calligraphy/enrol/")
    enrolment = Enrolment.objects.get()
    assert enrolment.course_id == course.pk
    assert enrolment.language == "en"
    html = client.get("/en/education/school/calligraphy/").content.decode()
    assert "You are enrolled in this course." in html


def test_anonymous_enrol_goes_to_sign_in_and_get_is_refused(client, course):
    response = client.post("/education/school/calligraphy/enrol/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get("/education/school/calligraphy/enrol/").status_code == 405
    assert not Enrolment.objects.exists()


def test_calendar_file_has_one_event_per_session(client, course):
    response = client.get("/education/school/calligraphy/calendar/")
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == 3
    assert "SUMMARY:书法入门" in text
    first = course.sessions.first()
    start = datetime.datetime.combine(first.date, first.start) - datetime.timedelta(hours=8)
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in text
    assert all(line.endswith("\r") or not line for line in text.split("\n"))


def test_school_channel_lists_its_courses(client, school, course, residents):
    services.enrol(residents[0], course)
    services.enrol(residents[1], course)
    make_course(school, "太极拳", slug="tai-chi", capacity=30)
    html = client.get("/education/school/").content.decode()
    assert "书法入门" in html and "太极拳" in html
    assert "已满" in html


def test_my_portal_lists_my_courses(client, course, residents):
    services.enrol(residents[0], course)
    client.force_login(residents[0])
    html = client.get("/accounts/me/").content.decode()
    assert "我的课程" in html
    assert "书法入门" in html


def test_cancelling_asks_first_on_a_page_of_its_own(signed_in, course, residents):
    """The course page's button leads to a question, not to the cancellation itself."""
    signed_in.post("/education/school/calligraphy/enrol/")
    html = signed_in.get("/education/school/calligraphy/").content.decode()
    assert 'href="/education/school/calligraphy/cancel/"' in html
    assert 'action="/education/school/calligraphy/cancel/"' not in html
    question = signed_in.get("/education/school/calligraphy/cancel/")
    assert question.status_code == 200
    assert Enrolment.objects.get().status == "enrolled"
    text = question.content.decode()
    assert 'action="/education/school/calligraphy/cancel/"' in text
    assert 'href="/education/school/calligraphy/#enrolment"' in text  # keep my place
    signed_in.post("/education/school/calligraphy/cancel/")
    assert Enrolment.objects.get().status == "cancelled"


def test_leaving_the_waiting_list_asks_first(signed_in, course, residents):
    services.enrol(residents[1], course)
    services.enrol(residents[2], course)
    signed_in.post("/education/school/calligraphy/enrol/", {"waiting_list": "1"})
    question = signed_in.get("/education/school/calligraphy/cancel/")
    assert question.status_code == 200
    assert Enrolment.objects.get(user=residents[0]).status == "waiting"
    signed_in.post("/education/school/calligraphy/cancel/")
    assert Enrolment.objects.get(user=residents[0]).status == "cancelled"
