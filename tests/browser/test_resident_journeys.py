"""A resident's everyday journeys, walked in Chromium with ``tests/browser/journey.py``.

Each journey checks, on every page it visits: no 4xx/5xx, axe-core without violations, HTML the
W3C Nu checker accepts, and an action budget written here; with large type on, the 适老化
guideline (24 px text, 1.3 line spacing, 60x60 px targets, at most 281 px above the content on a
390x844 phone).

Profiles: every journey runs twice, as a Chinese resident on a 390 px phone with large type on
(the hardest case: small screen, big text, the language most residents use) and as an English
reader on a 1280 px desktop (the other language, the other layout). The full cross-product
(2 languages x 2 devices x 2 type sizes x keyboard) would be 16 runs per journey and an hour of
browser time on a 2-core machine for little more coverage: text size and language change the
pages, not the journey. Keyboard-only runs (every step by Tab and Enter, with a visible focus
indicator) are added for the two journeys with forms: complaining and enrolling.
"""

import io
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import Client

import pytest
from playwright.sync_api import expect

from tests.browser.journey import DESKTOP_EN, PHONE_ZH_LARGE, Journey

pytestmark = pytest.mark.browser

PROFILES = [PHONE_ZH_LARGE, DESKTOP_EN]
KEYBOARD = PHONE_ZH_LARGE.with_keyboard()
PHOTO = Path(__file__).parent / "data" / "streetlight.jpg"


def _ids(profile) -> str:
    return profile.name


def _signed_in(j: Journey, email: str, **extra) -> None:
    """The resident is already signed in (signing in is a journey of its own)."""
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        from allauth.account.models import EmailAddress

        user = get_user_model().objects.create_user(
            email.split("@")[0], email, "Correct-horse-battery-9", **extra
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    client = Client()
    client.force_login(user)
    j.page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": j.site}]
    )
    return user


def _photo() -> Path:
    if not PHOTO.exists():
        from PIL import Image

        PHOTO.parent.mkdir(exist_ok=True)
        Image.new("RGB", (640, 480), (40, 40, 60)).save(PHOTO, "JPEG")
    return PHOTO


@pytest.mark.parametrize("profile", PROFILES, ids=_ids)
def test_find_a_guide(journey, profile):
    j = journey(profile, budget=3, name="find-a-guide")
    j.open("/")
    query = "居住证" if profile.language == "zh-hans" else "residence permit"
    j.fill(j.page.locator("main input[name=q], header input[name=q]").first, query)
    j.click(j.page.locator("form[role=search] button[type=submit], .search-form button").first)
    j.click(j.page.locator(".search-result__title a, .search-result a").first)
    expect(j.page.locator("h1")).to_contain_text(
        "居住证" if profile.language == "zh-hans" else "residence permit"
    )
    j.screenshot(f"journey-find-a-guide-{profile.name}")
    j.finish()


@pytest.mark.parametrize("profile", [*PROFILES, KEYBOARD], ids=_ids)
def test_complain_with_a_photo_and_track_it(journey, profile):
    from complaints.models import Complaint, ComplaintCategory

    category = ComplaintCategory.objects.get(
        slug="public-facilities", locale__language_code=profile.language
    )
    # Eight to complain (category, subject, description, building, photo, name, phone, send) and
    # four to track it from another device (address, number, secret, look).
    j = journey(profile, budget=12, name="complain-and-track")
    j.open("/complaints/")
    j.select(j.page.locator("[name=category]"), str(category.pk))
    j.fill(j.page.locator("[name=subject]"), "路灯不亮")
    j.fill(j.page.locator("[name=description]"), "3号楼南侧路灯一周不亮，晚上看不清路。")
    j.select(j.page.locator("[name=building]"), None, index=1)
    j.upload(j.page.locator("[name=photos]"), _photo())
    j.fill(j.page.locator("[name=contact_name]"), "王阿姨")
    j.fill(j.page.locator("[name=contact_phone]"), "13900000000")
    j.click(j.page.locator("form.form button[type=submit]"))
    number = j.page.locator(".tracking-number").inner_text()
    secret = j.page.locator(".tracking-secret").inner_text()
    assert len(secret.replace(" ", "")) <= 10
    j.screenshot(f"journey-complaint-received-{profile.name}")
    complaint = Complaint.objects.get(number=number)
    assert complaint.photos.count() == 1

    # Days later, on another device: the number and the secret read off the paper.
    j.new_device()
    j.go("/complaints/track/")
    j.fill(j.page.locator("[name=number]"), number)
    j.fill(j.page.locator("[name=secret]"), secret.lower())
    j.click(j.page.locator("main form button[type=submit]"))
    expect(j.page.locator("h1")).to_have_text("路灯不亮")
    j.screenshot(f"journey-complaint-tracked-{profile.name}")
    j.finish()


@pytest.fixture
def demo_residents(site, settings, tmp_path):
    """The demo accounts, households, polls and courses; returns the resident's email."""
    import accounts.demo
    import community.demo
    import education.demo
    import polls.demo

    settings.VAR_DIR = tmp_path
    accounts.demo.load(io.StringIO())
    community.demo.load(io.StringIO())
    polls.demo.load(io.StringIO())
    education.demo.load(io.StringIO())
    return "resident@demo.community"


@pytest.mark.parametrize("profile", PROFILES, ids=_ids)
def test_vote(journey, profile, demo_residents):
    from polls.models import Ballot, PollPage

    poll = PollPage.objects.get(slug="public-fund-projects-2027", locale__language_code="zh-hans")
    j = journey(profile, budget=5, name="vote")
    _signed_in(j, demo_residents)
    j.open("/polls/")
    j.click(j.page.locator(f"main a[href$='/{poll.slug}/']").first)
    zh = profile.language == "zh-hans"
    j.check(
        j.page.get_by_label("和平苑屋顶防水修缮" if zh else "Waterproofing the roofs of Heping")
    )
    j.check(j.page.get_by_label("楼道扶手加装" if zh else "Handrails in stairwells"))
    j.click(j.page.locator("main form button[type=submit]").last)
    expect(j.page.locator(".messages")).to_be_visible()
    assert Ballot.objects.filter(poll=poll).count() >= 1
    j.screenshot(f"journey-voted-{profile.name}")
    # While a poll is open its results may be hidden: the resident reads a closed poll's results.
    j.go("/polls/stairwell-lighting-2026/results/")
    j.screenshot(f"journey-poll-results-{profile.name}", full_page=True)
    j.finish()


@pytest.mark.parametrize("profile", [*PROFILES, KEYBOARD], ids=_ids)
def test_enrol_in_a_class_and_cancel(journey, profile, demo_residents):
    from education.models import Enrolment

    j = journey(profile, budget=3, name="enrol-and-cancel")
    user = _signed_in(j, "qian@example.com")
    j.open("/education/school/calligraphy/")
    j.click(j.page.locator("main form button[type=submit]").first)
    assert Enrolment.objects.get(user=user).status == "enrolled"
    j.screenshot(f"journey-enrolled-{profile.name}")
    j.click(j.page.locator("main a[href$='/cancel/']"))
    # A page asks first: nothing is cancelled on one tap.
    assert Enrolment.objects.get(user=user).status == "enrolled"
    j.screenshot(f"journey-cancel-confirm-{profile.name}")
    j.click(j.page.locator("main form button[type=submit]").first)
    assert Enrolment.objects.get(user=user).status == "cancelled"
    j.finish()


@pytest.fixture
def disclosures_site(site):
    from tests.browser.test_disclosures import _published_disclosure

    return _published_disclosure()


@pytest.mark.parametrize("profile", PROFILES, ids=_ids)
def test_read_a_disclosure(journey, profile, disclosures_site):
    page = disclosures_site["page"]
    j = journey(profile, budget=3, name="read-a-disclosure")
    j.open("/")
    if profile.language != "zh-hans":
        english = page.get_translation(_en())
        target = english.url
    else:
        target = page.url
    j.go(target.removeprefix(profile.prefix) if profile.prefix else target)
    expect(j.page.locator("table.entries")).to_be_visible()
    # Readable on a phone: the description has the card's width (it ran one character wide,
    # vertically, in the table), nothing scrolls sideways, and the page stays a few screens tall.
    description = j.page.locator("table.entries th[scope=row]").first.bounding_box()
    if profile.is_phone:
        assert description["width"] >= 0.6 * profile.width, description
    else:
        # A desktop keeps the table: the description column holds ten characters a line at least.
        assert description["width"] >= 160, description
    assert j.page.evaluate("document.documentElement.scrollWidth") <= profile.width
    # Measured: 6,800 px for this three-entry period in large type (summary figures, two charts,
    # two tables and the corrections come before the entries); the demo's nine-entry month went
    # from 13,900 to 9,600 px. Ten screens guards against the one-character column coming back.
    height = j.page.evaluate("document.documentElement.scrollHeight")
    assert height < 10 * profile.height, f"ledger page is {height} px tall"
    j.screenshot(f"journey-disclosure-{profile.name}", full_page=True)
    # The language switch leads to the same period in the other language.
    j.click(j.page.locator(".language-switcher a").first)
    expect(j.page.locator("table.entries")).to_be_visible()
    assert re.search(r"/(en/)?disclosures|caiwu", j.page.url), j.page.url
    j.finish()


def _en():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="en")
