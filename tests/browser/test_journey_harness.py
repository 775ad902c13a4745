"""The journey harness itself: it must fail on what it promises to catch."""

import pytest

from tests.browser.journey import DESKTOP_EN, Journey, validate_html

pytestmark = pytest.mark.browser

VALID = '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p>ok</p></body></html>'


def test_the_nu_checker_reports_invalid_html_and_accepts_valid_html():
    errors = validate_html({"valid": VALID, "broken": VALID.replace("<p>ok</p>", "<p><div>x")})
    assert errors
    assert all(line.strip().startswith("broken") for line in errors), errors


def test_a_missing_page_fails_the_journey_unless_expected(journey):
    lost: Journey = journey(DESKTOP_EN, budget=1, name="lost", check_elderly=False)
    lost.open("/")
    lost.go("/no-such-page/")
    with pytest.raises(AssertionError, match=r"404 for GET .*/en/no-such-page/"):
        lost.finish()

    expected: Journey = journey(DESKTOP_EN, budget=1, name="expected-404", check_elderly=False)
    expected.expect_status(404, "/en/no-such-page/")
    expected.go("/no-such-page/")
    expected.finish()


def test_over_budget_and_pop_ups_fail_the_journey(journey):
    walk: Journey = journey(DESKTOP_EN, budget=0, name="over-budget", check_elderly=False)
    walk.open("/")
    walk.page.evaluate("setTimeout(() => window.confirm('Sure?'), 0)")
    walk.go("/")
    with pytest.raises(AssertionError) as failure:
        walk.finish()
    assert "over the budget of 0" in str(failure.value)
    assert "confirm pop-up" in str(failure.value)
