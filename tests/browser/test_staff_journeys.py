"""Staff journeys in Chromium: the editor writes and submits a notice, the moderator approves
it, an official triages an overdue complaint, answers and closes it, reads a poll's results by
grid and exports, the finance clerk prepares a period, the oversight group approves and refuses.

Each journey runs through ``tests/browser/journey.py``: a written action budget, no 4xx/5xx on
the way, axe-core with zero WCAG A/AA violations and the W3C Nu checker without errors on every
page. Staff start signed in (the session is made by Django's test client), as after the daily
sign-in: the budget counts what they do for the task itself.

Admin pages: the Wagtail admin's own markup is not ours to change, and axe and the Nu checker
find errors in it: the filter button's accessible name leaves out its visible count of active
filters (axe ``label-content-name-mismatch``), its row menus put ``type`` on a ``div`` and a
``div`` inside a ``button`` (Nu). So on ``/admin/`` pages both look at our components only: what
our templates render (marked ``data-portal-component``: the complaints' "my work" views, the
work view, the period page) and the status tags in the complaint list. Wagtail's message bar
is left out too: its success colour fails axe's contrast check; the journeys read its text. The
public pages (poll results) are checked whole.
"""

import datetime
import io
from decimal import Decimal
from urllib.parse import urlsplit

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone, translation

from wagtail.users.models import UserProfile

import pytest
from openpyxl import load_workbook

from accounts.models import User
from tests.browser.journey import (
    AXE_PATH,
    AXE_TAGS,
    DESKTOP_EN,
    DESKTOP_ZH,
    Journey,
    Profile,
    describe_axe,
)

pytestmark = [pytest.mark.browser]

# Our components on Wagtail admin pages (see the module's documentation).
OUR_ADMIN_COMPONENTS = ["[data-portal-component]", ".complaint-status"]


class StaffJourney(Journey):
    """A journey whose admin pages are checked on our components only."""

    def _on_admin(self) -> bool:
        return urlsplit(self.page.url).path.startswith("/admin/")

    def _components(self) -> list[str]:
        return [
            selector for selector in OUR_ADMIN_COMPONENTS if self.page.locator(selector).count() > 0
        ]

    def check_accessibility(self, label: str) -> None:
        if not self._on_admin():
            super().check_accessibility(label)
            return
        components = self._components()
        if not components:
            return
        page = self.page
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_PATH))
        result = page.evaluate(
            """([include, tags]) => axe.run(
                {include: include.map(selector => [selector])},
                {runOnly: {type: 'tag', values: tags}}
            )""",
            [components, AXE_TAGS],
        )
        for line in describe_axe(result["violations"]):
            self.problems.append(f"axe on {label}: {line}")

    def _after_step(self) -> None:
        before = set(self.documents)
        super()._after_step()
        if not self._on_admin():
            return
        # The Nu checker reads our components of the admin page, in a document of their own.
        fragments = self.page.evaluate(
            """selectors => selectors.flatMap(
                selector => [...document.querySelectorAll(selector)].map(e => e.outerHTML)
            )""",
            self._components(),
        )
        language = self.page.evaluate("document.documentElement.lang")
        for label in set(self.documents) - before:
            self.documents[label] = (
                f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
                f"<title>{label}</title></head><body><main>{''.join(fragments)}</main>"
                "</body></html>"
            )


@pytest.fixture
def staff_journey(journey):
    """The ``journey`` fixture's journeys, checked as ``StaffJourney``."""

    def start(profile, *, budget: int, name: str) -> StaffJourney:
        started = journey(profile, budget=budget, name=name, check_elderly=False)
        started.__class__ = StaffJourney
        return started

    return start


PHONE_ZH = Profile("phone-zh", 390, 844, language="zh-hans")
PHONE_EN = Profile("phone-en", 390, 844, language="en")


def staff(username: str, groups: list[str], language: str, **fields) -> User:
    user = User.objects.create_user(
        username, f"{username}@demo.community", "Correct-horse-battery-9", **fields
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def sign_in(journey: Journey, user: User) -> None:
    client = Client()
    client.force_login(user)
    journey.page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": journey.site}]
    )


def text(language: str, zh: str, en: str) -> str:
    return zh if language == "zh-hans" else en


def approve_on_dashboard(journey: Journey, title: str, language: str) -> None:
    """ "Awaiting your review" on the dashboard: the row's action menu, then "Approve"."""
    row = journey.page.locator("tr", has_text=title)
    journey.click(row.locator("button[aria-label]").first)
    journey.click(row.get_by_role("button", name=text(language, "批准", "Approve"), exact=True))


# -- editor and moderator ------------------------------------------------------------------------


@pytest.mark.parametrize("profile", [DESKTOP_ZH, DESKTOP_EN], ids=lambda p: p.name)
def test_editor_writes_a_notice_and_submits_it(staff_journey, site, profile):
    from notices.models import NoticePage

    language = profile.language
    editor = staff("editor", ["Editors"], language)
    j = staff_journey(profile, budget=8, name=f"editor-submits-{language}")
    sign_in(j, editor)
    j.open(j.site + "/admin/")
    page = j.page
    j.click(page.get_by_role("button", name=text(language, "通知公告", "Notices")))
    j.click(page.get_by_role("link", name=text(language, "写通知", "Write a notice")))
    # Wagtail 8 autosaves the new page in the background while it is typed; until the title
    # and the category are there, its answer is 400 ("Autosave is paused"), which is not an
    # error the editor meets. The submission itself is checked below.
    j.expect_status(400, urlsplit(page.url).path)
    j.fill(
        page.locator("#id_title"),
        text(language, "5号楼周六停水", "Building 5: no water on Saturday"),
    )
    j.fill(page.locator("#id_summary"), text(language, "周六9:00—12:00维修水管。", "Sat 9-12."))
    j.click(page.locator("[data-chooser-action-choose]").first)
    j.click(page.get_by_role("link", name=text(language, "停水停电", "Water and power")).first)
    j.click(page.locator('button[name="action-submit"]'))
    j.screenshot(f"journey-editor-submitted-{language}")
    notice = NoticePage.objects.get(
        title=text(language, "5号楼周六停水", "Building 5: no water on Saturday")
    )
    assert notice.workflow_in_progress
    assert not notice.live
    j.finish()


@pytest.mark.parametrize("profile", [DESKTOP_ZH, DESKTOP_EN], ids=lambda p: p.name)
def test_moderator_approves_and_is_told_it_is_published(staff_journey, site, profile):
    from notices.models import NoticeCategory, NoticeIndexPage, NoticePage

    language = profile.language
    editor = staff("editor", ["Editors"], "zh-hans")
    moderator = staff("moderator", ["Moderators"], language)
    index = NoticeIndexPage.objects.get(locale__language_code="zh-hans")
    notice = NoticePage(
        title="垃圾分类新规",
        slug="waste-sorting-rule",
        summary="12月起定时投放。",
        category=NoticeCategory.objects.filter(locale=index.locale).first(),
    )
    index.add_child(instance=notice)
    notice.save_revision(user=editor)
    notice.get_workflow().start(notice, editor)

    j = staff_journey(profile, budget=2, name=f"moderator-approves-{language}")
    sign_in(j, moderator)
    j.open(j.site + "/admin/")
    approve_on_dashboard(j, "垃圾分类新规", language)
    message = j.page.locator(".messages")
    message.wait_for()
    assert text(language, "已批准：“垃圾分类新规”已发布", "is published") in message.inner_text()
    j.screenshot(f"journey-moderator-approved-{language}")
    assert NoticePage.objects.get(pk=notice.pk).live
    j.finish()


# -- official -----------------------------------------------------------------------------------


def overdue_complaint(official):
    """A streetlight complaint in the official's grid, in progress and two days overdue."""
    from community.models import Building, Grid
    from complaints import builders, services
    from complaints.models import Complaint

    grid = Grid.objects.order_by("code").first()
    grid.responsible_worker = official
    grid.save()
    building = Building.objects.filter(grid=grid).first()
    complaint = builders.submit(
        building=building, subject="楼道灯坏了", description="3号楼2单元楼道灯一周不亮。"
    ).complaint
    services.accept(complaint, official)
    complaint.refresh_from_db()
    services.start(complaint, official)
    Complaint.objects.filter(pk=complaint.pk).update(
        deadline=timezone.now() - datetime.timedelta(days=2)
    )
    # One closed complaint too: the list must not mix it in.
    closed = builders.submit(building=building, subject="已办结：垃圾清运").complaint
    services.accept(closed, official)
    closed.refresh_from_db()
    services.start(closed, official)
    services.answer(closed, official, body="已清运。")
    services.close(closed, official)
    return complaint, closed


@pytest.mark.parametrize("profile", [PHONE_ZH, DESKTOP_EN], ids=lambda p: p.name)
def test_official_triages_an_overdue_complaint_answers_and_closes_it(staff_journey, site, profile):
    from complaints.models import Complaint, Status

    language = profile.language
    official = staff("official", ["Officials"], language)
    complaint, closed = overdue_complaint(official)

    j = staff_journey(profile, budget=7, name=f"official-answers-{language}")
    sign_in(j, official)
    j.open(j.site + "/admin/")
    page = j.page
    j.click(page.locator('a[href*="due=overdue"]').first)  # "1 overdue complaint"
    listing = page.locator("#listing-results")
    assert complaint.number in listing.inner_text()
    assert closed.number not in listing.inner_text()
    assert page.locator(".complaint-status--in_progress").first.is_visible()
    j.screenshot(f"journey-official-overdue-{language}")
    j.click(page.get_by_role("link", name=complaint.number))
    j.check(page.locator('input[name="action"][value="answer"]'))
    j.fill(
        page.locator("#id_note"), text(language, "路灯已更换，请查看。", "The lamp is replaced.")
    )
    j.screenshot(f"journey-official-answer-{language}")
    j.click(page.locator(".complaint-work__form button[type=submit]"))
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED
    j.check(page.locator('input[name="action"][value="close"]'))
    j.click(page.locator(".complaint-work__form button[type=submit]"))
    assert Complaint.objects.get(pk=complaint.pk).status == Status.CLOSED
    j.finish()


def voted_poll():
    """A closed poll with six ballots in the first grid, two in the second and three in the
    third: the two small grids are hidden and hold five ballots together, so the first is shown
    (polls/results.py, ballot secrecy)."""
    from wagtail.models import Locale

    from community.factories import BuildingFactory, HouseholdFactory
    from community.models import Grid
    from polls import builders, services
    from polls.models import ResultsVisibility

    grids = list(Grid.objects.order_by("code")[:3])
    poll = builders.make_poll(results_visibility=ResultsVisibility.LIVE, slug="gongyijin-2026")
    with translation.override("en"):
        english = poll.copy_for_translation(
            Locale.objects.get(language_code="en"), copy_parents=True
        )
        english.save_revision().publish()
    question = poll.get_questions()[0]
    options = list(question.options.all())
    for number, grid in enumerate([grids[0]] * 6 + [grids[1]] * 2 + [grids[2]] * 3):
        building = BuildingFactory(grid=grid, name=f"投票测试楼{number}")
        voter = builders.voter(HouseholdFactory(building=building), username=f"voter{number}")
        services.cast_ballot(poll, voter, {question: options[number % 3]})
    # The answers, and so the grids, are counted once the poll has closed.
    poll.closes_at = timezone.now() - datetime.timedelta(seconds=1)
    poll.save()
    return {"zh-hans": poll, "en": english.__class__.objects.get(pk=english.pk)}, grids


@pytest.mark.parametrize("profile", [DESKTOP_ZH, PHONE_EN], ids=lambda p: p.name)
def test_official_reads_results_by_grid_and_exports(staff_journey, site, profile):
    language = profile.language
    official = staff("official", ["Officials"], language)
    polls, grids = voted_poll()

    j = staff_journey(profile, budget=2, name=f"official-results-{language}")
    sign_in(j, official)
    j.open(j.site + polls[language].url + "results/")
    page = j.page
    table = page.locator("table.grid-results").first
    assert grids[0].name in table.inner_text()
    assert grids[1].name not in table.inner_text()  # two ballots: kept secret
    j.screenshot(f"journey-official-results-by-grid-{language}", full_page=True)
    with page.expect_download() as download:
        j.click(page.locator('a[href$="results/xlsx/"]').last)
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert any(row[0] == grids[0].name for row in rows)
    j.finish()


# -- finance clerk and oversight group ------------------------------------------------------------


def ledger(clerk, *, prepare: bool):
    """February and March of the public-service fund, each with an entry; prepared if asked."""
    from wagtail.models import Locale

    from disclosures import builders, services
    from home.models import HomePage

    home = HomePage.objects.get(locale=Locale.objects.get(language_code="zh-hans"))
    builders.index_pages(home)
    fund = builders.fund()
    periods = []
    for month in (2, 3):
        entry = services.add_entry(
            fund,
            builders.entry_data(date=datetime.date(2026, month, 10), amount=Decimal("860")),
            actor=clerk,
        )
        periods.append(entry.period)
    if prepare:
        for period in periods:
            services.prepare_period(period, actor=clerk)
    return periods


@pytest.mark.parametrize("profile", [DESKTOP_ZH, DESKTOP_EN], ids=lambda p: p.name)
def test_finance_clerk_prepares_a_period(staff_journey, site, profile):
    from disclosures.models import PeriodStatus

    language = profile.language
    clerk = staff("finance", ["Finance clerks"], language)
    february, _march = ledger(clerk, prepare=False)

    j = staff_journey(profile, budget=4, name=f"finance-prepares-{language}")
    sign_in(j, clerk)
    j.open(j.site + "/admin/disclosures/periods/")
    page = j.page
    with translation.override(language):
        label = february.label
    j.click(page.get_by_role("link", name=label).first)
    j.click(page.get_by_role("button", name=text(language, "提交审核", "Prepare for sign-off")))
    assert page.locator(".messages").is_visible()
    j.screenshot(f"journey-finance-prepared-{language}")
    february.refresh_from_db()
    assert february.status == PeriodStatus.PREPARED
    j.finish()


@pytest.mark.parametrize("profile", [DESKTOP_ZH, DESKTOP_EN], ids=lambda p: p.name)
def test_oversight_refuses_out_of_order_then_approves_in_order(staff_journey, site, profile):
    from disclosures.models import PeriodStatus

    language = profile.language
    clerk = staff("finance", ["Finance clerks"], "zh-hans")
    reviewer = staff("oversight", ["Oversight group"], language)
    february, march = ledger(clerk, prepare=True)

    j = staff_journey(profile, budget=6, name=f"oversight-signs-off-{language}")
    sign_in(j, reviewer)
    j.open(j.site + "/admin/")
    page = j.page
    # The dashboard lists both periods; approving March first is refused with the reason.
    # The dashboard names the Chinese page, which carries the workflow, whatever the language.
    with translation.override("zh-hans"):
        march_label, february_label = march.label, february.label
    approve_on_dashboard(j, march_label, language)
    error = page.locator(".messages")
    error.wait_for()
    assert text(language, "请按顺序", "in order") in error.inner_text()
    j.screenshot(f"journey-oversight-refused-{language}")
    march.refresh_from_db()
    assert march.status == PeriodStatus.PREPARED
    j.go(j.site + "/admin/")
    approve_on_dashboard(j, february_label, language)
    february.refresh_from_db()
    assert february.status == PeriodStatus.PUBLISHED
    j.finish()
