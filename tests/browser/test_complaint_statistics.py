"""The public statistics and published answers in the browser: axe-core in both languages, at a
desktop and a phone width, and the SVG charts named for screen readers."""

import pytest

from community.models import Building
from complaints import services
from complaints.answers import services as answers
from complaints.models import ComplaintCategory

pytestmark = [
    pytest.mark.browser,
    # axe is injected as an inline script, which the site's Content-Security-Policy refuses.
    pytest.mark.browser_context_args(bypass_csp=True),
]

WIDTHS = (1280, 320)


def _complaints_and_an_answer():
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("chief", "chief@example.com", "x-Pass-123")
    category = ComplaintCategory.objects.get(slug="other", locale__language_code="zh-hans")
    building = Building.objects.order_by("pk").first()
    made = [
        services.submit(
            submission_key=f"stats-{n}",
            category=category,
            subject="楼道灯不亮",
            description="楼道声控灯坏了。",
            building=building,
            anonymous=True,
            consent_to_publish=True,
        ).complaint
        for n in range(6)
    ]
    complaint = made[0]
    services.accept(complaint, admin)
    complaint.refresh_from_db()
    if complaint.status == "accepted":
        services.assign(complaint, admin, assignee=admin)
    services.start(complaint, admin)
    services.answer(complaint, admin, body="灯已更换。")
    draft = answers.prepare(complaint, admin)
    answers.save(
        draft,
        admin,
        title="楼道灯不亮怎么办？",
        question="居民反映楼道声控灯坏了。",
        answer="物业已更换灯具。",
        title_en="What if the stairwell light is out?",
        question_en="A resident reported a broken stairwell light.",
        answer_en="The management company replaced it.",
    )
    return answers.publish(draft, admin)


def test_statistics_and_answers_pass_axe(page, site, axe_violations):
    answer = _complaints_and_an_answer()
    problems = []
    for prefix in ("", "/en"):
        for path in (
            "/complaints/statistics/",
            "/complaints/answers/",
            f"/complaints/answers/{answer.pk}/",
        ):
            page.goto(f"{site}{prefix}{path}")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                violations = axe_violations(page)
                if violations:
                    problems.append(f"{prefix}{path} at {width} px:\n{violations}")
                if page.evaluate("document.documentElement.scrollWidth") > width:
                    problems.append(f"{prefix}{path} at {width} px scrolls sideways")
    assert not problems, "\n".join(problems)
    page.goto(f"{site}/en/complaints/statistics/")
    charts = page.locator('svg[role="img"]')
    assert charts.count() == 2
    labelled = charts.first.get_attribute("aria-labelledby").split()
    assert page.locator(f"#{labelled[0]}").text_content().startswith("Complaints received")
    assert page.get_by_role("img", name="Complaints received and answered on time, per month")
