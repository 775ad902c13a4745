"""Education pages in the browser: axe-core on every page type in both languages and in large
type, and a resident who enrols, is refused a second time, and cancels."""

import io

from django.test import Client

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User

pytestmark = [
    pytest.mark.browser,
    # axe is injected as an inline script, which the site's Content-Security-Policy refuses.
    pytest.mark.browser_context_args(bypass_csp=True),
]

WIDTHS = (1280, 320)
PATHS = [
    "/education/",
    "/education/teachers/",
    "/education/teachers/volunteer-tutors/",
    "/education/regulations/",
    "/education/regulations/?status=in_force&authority=教育部",
    "/education/regulations/pupils-code-2004/",
    "/education/school/",
    "/education/school/smartphone-basics/",
]


@pytest.fixture
def education_site(site):
    from education import demo

    demo.load(io.StringIO())
    return site


def sign_in(page, site) -> User:
    user = User.objects.create_user("qian", "qian@example.com", "Correct-horse-battery-9")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    return user


def check(page, site, axe_violations, path, *, elderly=False):
    if elderly:
        page.context.add_cookies([{"name": "portal_display", "value": "elderly", "url": site}])
    response = page.goto(site + path)
    assert response.status == 200, path
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        violations = axe_violations(page)
        if violations:
            problems.append(f"{path} at {width} px (elderly={elderly}):\n{violations}")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{path} at {width} px scrolls sideways")
    return problems


@pytest.mark.parametrize("elderly", [False, True], ids=["standard", "elderly"])
def test_education_pages_have_no_axe_violations(page, education_site, axe_violations, elderly):
    problems = []
    for path in PATHS:
        problems += check(page, education_site, axe_violations, path, elderly=elderly)
        if "authority" not in path:
            problems += check(page, education_site, axe_violations, "/en" + path, elderly=elderly)
    assert not problems, "\n".join(problems)


def test_signed_in_course_page_and_my_portal_have_no_axe_violations(
    page, education_site, axe_violations
):
    sign_in(page, education_site)
    problems = []
    for path in [
        "/education/school/calligraphy/",
        "/en/education/school/smartphone-basics/",
        "/accounts/me/",
    ]:
        problems += check(page, education_site, axe_violations, path)
    assert not problems, "\n".join(problems)


def test_resident_enrols_and_cancels(page, education_site):
    from education.models import Enrolment

    user = sign_in(page, education_site)
    page.goto(education_site + "/education/school/calligraphy/")
    page.get_by_role("button", name="报名这门课程").click()
    page.get_by_text("报名成功，确认邮件已发送。").wait_for()
    assert Enrolment.objects.get(user=user).status == "enrolled"
    page.goto(education_site + "/accounts/me/")
    page.get_by_role("heading", name="我的课程").wait_for()
    page.get_by_role("link", name="书法入门（毛笔楷书）").click()
    page.get_by_role("link", name="取消报名").click()
    # A page asks first; nothing is cancelled yet.
    assert Enrolment.objects.get(user=user).status == "enrolled"
    page.locator("main form button[type=submit]").click()
    page.get_by_text("已取消报名。").wait_for()
    assert Enrolment.objects.get(user=user).status == "cancelled"


def test_resident_joins_the_waiting_list_of_a_full_course(page, education_site):
    from education.models import Enrolment

    user = sign_in(page, education_site)
    position = Enrolment.objects.waiting().filter(course__slug="smartphone-basics").count() + 1
    page.goto(education_site + "/en/education/school/smartphone-basics/")
    page.get_by_role("button", name="Join the waiting list").click()
    page.get_by_text(f"You are on the waiting list (number {position}).").wait_for()
    assert Enrolment.objects.get(user=user).status == "waiting"
    page.screenshot(path="test-results/screenshots/education-course-waiting.png", full_page=True)
