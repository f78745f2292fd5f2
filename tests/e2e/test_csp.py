"""The Content-Security-Policy in the browser (issue 16, item 3). Every browser test fails on a violation
(tests/e2e/conftest.py); these check that the watch sees one, and walk what the other browser tests do
not: the admin (each registered model's list, add page and a demo record's change page, as the demo's
director and deputy) and its widgets that build markup with script (the calendar of a date field, the
search box of an autocomplete field); and that what left the templates' markup for the static files still
works: the Print buttons, the print page's stylesheets, the slips' dashed lines, the result bars."""

import pytest
from django.urls import reverse

from parliament.models import ElectionStage
from tests.factories import (
    CandidateFactory,
    ElectionFactory,
    StudentFactory,
)
from tests.steps import demo_pages, sign_in
from tests.test_kyrgyz_admin import admin_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_watch_reports_what_the_policy_blocks(live_server, page, csp_watch, db):
    """A page of inline script, style and handler under the site's own header: each is reported."""
    probe = live_server.url + "/csp-probe/"
    header = page.request.get(live_server.url + reverse("login")).headers["content-security-policy"]
    body = (
        "<!DOCTYPE html><html><head><style>p { color: red; }</style></head><body>"
        '<p style="color: blue">x</p><img src="http://example.com/x.png" alt="">'
        "<button onclick=\"document.title = 'ran'\">go</button>"
        "<script>document.title = 'ran';</script></body></html>"
    )
    page.route(
        probe,
        lambda route: route.fulfill(
            status=200, headers={"Content-Type": "text/html", "Content-Security-Policy": header}, body=body
        ),
    )
    page.goto(probe)
    page.locator("button").click()
    page.wait_for_timeout(200)  # the handler's violation is reported as the click's task ends
    seen = csp_watch.take()  # what this test provokes is not a failure of it
    assert page.title() != "ran"
    events = [line for line in seen if ": console:" not in line]
    for directive in ("style-src-elem", "style-src-attr", "script-src-elem", "script-src-attr", "img-src"):
        assert any(f" {directive} blocked" in line for line in events), (directive, seen)
    assert any("http://example.com/x.png" in line for line in events)
    assert any(": console:" in line and "Content Security Policy" in line for line in seen)


def test_the_watch_hears_the_console_with_javascript_off(live_server, new_context, csp_watch, db):
    """No script of the page runs to hear the event (tests/e2e/test_without_javascript.py): the browser's
    console still reports what it blocked."""
    page = new_context(java_script_enabled=False).new_page()
    probe = live_server.url + "/csp-probe/"
    header = page.request.get(live_server.url + reverse("login")).headers["content-security-policy"]
    body = '<!DOCTYPE html><html><body><p style="color: blue">x</p></body></html>'
    page.route(
        probe,
        lambda route: route.fulfill(
            status=200, headers={"Content-Type": "text/html", "Content-Security-Policy": header}, body=body
        ),
    )
    page.goto(probe)
    page.wait_for_timeout(200)
    seen = csp_watch.take()
    assert seen and all(": console:" in line and "style-src 'self'" in line for line in seen), seen


def test_every_admin_page_and_its_widgets_run_under_the_policy(live_server, page, demo_school):
    """One test: the demo is built once for the module, and a transactional test's end empties the
    database. A failure is the watch's, at the teardown: the page, the directive, what was blocked."""
    paths = admin_paths()
    seen = 0
    for username in ("director", "deputy"):
        for _path in demo_pages(page, live_server, username, paths):
            seen += 1
            page.wait_for_load_state("load")
    assert seen > 60  # the walk opened the admin's pages, not only its refusals

    # The date shortcuts (DateTimeShortcuts.js) and select2 (an autocomplete field) build their boxes with
    # script: opened, as a person would.
    for _path in demo_pages(page, live_server, "director", [reverse("admin:school_gov_staff_add")]):
        page.locator("a[id^=calendarlink]:visible").first.click()  # the calendar
        page.locator(".calendarbox:visible").wait_for(state="visible")
        page.keyboard.press("Escape")
        page.locator(".select2-selection:visible").first.click()
        page.locator(".select2-search__field").wait_for(state="visible")
        page.locator(".select2-search__field").fill("a")
        page.locator(".select2-results__option").first.wait_for(state="visible")
    assert page.url == live_server.url + reverse("admin:school_gov_staff_add")


PRINTED = "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"


def _prints(page) -> None:
    """The page's Print button (data-print, static/js/print.js) opens the print dialogue, stubbed here."""
    page.evaluate(PRINTED)
    page.locator("[data-print]").first.click()
    assert page.evaluate("window.__printed") == 1


def test_the_print_page_prints_and_keeps_its_styles(live_server, page, plan, head):
    sign_in(page, live_server, "head")
    page.goto(live_server.url + reverse("methodology:plan_print", args=[plan.pk]))
    _prints(page)
    # print.css from the static files, and the nonce'd margins: applied, not blocked (a blocked <style>
    # has no sheet).
    assert "DejaVu Sans" in page.evaluate("getComputedStyle(document.documentElement).fontFamily")
    margins = page.evaluate(
        "(() => { const s = document.querySelector('head style').sheet; "
        "return s ? [...s.cssRules].map(r => r.cssText).join(' ') : null; })()"
    )
    assert margins is not None and "counter(page)" in margins and "@top-center" in margins


def test_the_code_slips_print_with_dashed_lines(live_server, page, term, adviser, school):
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    CandidateFactory(election=election)
    for surname in ("Абдыраева", "Жумабаев"):
        StudentFactory(school=school, grade=6, class_letter="Б", surname=surname)
    sign_in(page, live_server, "adviser")
    page.goto(live_server.url + reverse("parliament:election_codes", args=[election.pk, 6, "Б"]))
    with page.expect_navigation():
        page.locator("#issue-codes button").click()
    assert page.locator(".slip").count() == 2
    assert page.evaluate("getComputedStyle(document.querySelector('.slip')).borderTopStyle") == "dashed"
    _prints(page)


def test_a_polls_result_bars_are_as_wide_as_their_shares(live_server, page, closed_poll, student):
    poll = closed_poll
    sign_in(page, live_server, "student")
    page.goto(live_server.url + reverse("parliament:poll_detail", args=[poll.pk]))
    shares = page.evaluate(
        "[...document.querySelectorAll('.progress-bar')].map(bar => Math.round("
        "100 * bar.getBoundingClientRect().width / bar.parentElement.getBoundingClientRect().width))"
    )
    assert shares == [75, 25]
