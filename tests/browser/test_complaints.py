"""Complaint pages in the browser: axe-core on the form, the confirmation, the tracking form and
a tracking page, in both languages and in large type; and a resident's walk-through."""

import re

import pytest
from playwright.sync_api import expect

from community.models import Building
from complaints import services
from complaints.models import ComplaintCategory

pytestmark = [
    pytest.mark.browser,
    # axe is injected as an inline script, which the site's Content-Security-Policy refuses.
    pytest.mark.browser_context_args(bypass_csp=True),
]

WIDTHS = (1280, 320)


def _problems(page, axe_violations, sideways, label: str) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        violations = axe_violations(page)
        if violations:
            problems.append(f"{label} at {width} px:\n{violations}")
        if overflow := sideways(page):
            problems.append(f"{label} at {width} px scrolls sideways: {overflow}")
    return problems


def _answered_complaint():
    """A complaint with a timeline of several steps and an answer, made through the services."""
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("chief", "chief@example.com", "x-Pass-123")
    category = ComplaintCategory.objects.get(slug="other", locale__language_code="zh-hans")
    submission = services.submit(
        submission_key="browser-answered",
        category=category,
        subject="楼道灯不亮",
        description="3单元楼道声控灯坏了一周。\n老人晚上上下楼很危险。",
        building=Building.objects.order_by("pk").first(),
        contact_name="李阿姨",
        contact_phone="13800000000",
    )
    complaint = submission.complaint
    services.accept(complaint, admin, note="已受理。")
    complaint.refresh_from_db()
    if complaint.status == "accepted":
        services.assign(complaint, admin, assignee=admin)
    services.start(complaint, admin, note="工作人员已到现场查看。")
    services.add_note(complaint, admin, body="明天上午更换灯具。", public=True)
    services.answer(complaint, admin, body="灯已更换，请查看效果。")
    return submission


@pytest.mark.parametrize("elderly", [False, True], ids=["standard", "elderly"])
def test_complaint_pages_have_no_axe_violations(page, site, axe_violations, sideways, elderly):
    if elderly:
        page.context.add_cookies([{"name": "portal_display", "value": "elderly", "url": site}])
    submission = _answered_complaint()
    number = submission.complaint.number
    problems = []
    for prefix in ("", "/en"):
        for path in (f"{prefix}/complaints/", f"{prefix}/complaints/track/"):
            response = page.goto(site + path)
            assert response.status == 200, path
            problems += _problems(page, axe_violations, sideways, f"{path} (elderly={elderly})")
        # The tracking page, opened with the private link as the resident would.
        page.goto(f"{site}{prefix}/complaints/t/{number}/{submission.secret}/")
        expect(page.locator("h1")).to_have_text("楼道灯不亮")
        problems += _problems(
            page, axe_violations, sideways, f"{prefix} tracking page (elderly={elderly})"
        )
        # The form with its error summary.
        page.goto(f"{site}{prefix}/complaints/")
        page.locator("form.form button[type=submit]").click()
        expect(page.locator(".error-summary, .errorlist").first).to_be_visible()
        problems += _problems(
            page, axe_violations, sideways, f"{prefix} form errors (elderly={elderly})"
        )
        # The confirmation page.
        page.goto(f"{site}{prefix}/complaints/")
        _fill_form(page)
        page.locator("form.form button[type=submit]").click()
        expect(page.locator(".tracking-number")).to_have_text(re.compile(r"TS-\d{4}-\d{6}"))
        problems += _problems(
            page, axe_violations, sideways, f"{prefix} confirmation (elderly={elderly})"
        )
    assert not problems, "\n".join(problems)


def _fill_form(page) -> None:
    """Fill the form as a resident would, field by field (the labels carry a required marker)."""
    page.locator("[name=category]").select_option(index=3)  # "Other requests", 7 working days
    page.locator("[name=subject]").fill("垃圾桶满溢")
    page.locator("[name=description]").fill("2号楼门口垃圾桶两天没人清运。")
    page.locator("[name=building]").select_option(index=1)
    page.locator("[name=contact_name]").fill("王先生")
    page.locator("[name=contact_phone]").fill("13900000000")


def test_resident_submits_and_follows_a_complaint(page, site):
    from complaints.models import Complaint

    page.goto(site + "/complaints/")
    expect(page.locator("h1")).to_have_text("提交诉求")
    _fill_form(page)
    page.get_by_role("button", name="提交诉求").click()

    expect(page.locator("h1")).to_have_text("您的诉求已收到")
    number = page.locator(".tracking-number").inner_text()
    complaint = Complaint.objects.get(number=number)
    assert complaint.subject == "垃圾桶满溢"
    assert complaint.contact_name == "王先生"
    assert complaint.language == "zh-hans"

    # The private link works in a fresh browser session too (nothing remembered).
    link = page.locator("a[href*='/complaints/t/']").get_attribute("href")
    page.context.clear_cookies()
    page.goto(link)
    expect(page.locator("h1")).to_have_text("垃圾桶满溢")
    expect(page.locator("main")).to_contain_text(number)
    expect(page.locator(".timeline li")).to_have_count(1)

    # Tracking with the number and the secret from the confirmation.
    secret = link.rstrip("/").rsplit("/", 1)[-1]
    page.context.clear_cookies()
    page.goto(site + "/complaints/track/")
    page.locator("[name=number]").fill(number)
    page.locator("[name=secret]").fill(secret)
    page.get_by_role("button", name="查看诉求").click()
    expect(page.locator("h1")).to_have_text("垃圾桶满溢")
