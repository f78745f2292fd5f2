"""Tap targets on the students' pages (issue 15, part 1): on a 390 × 844 phone, in Kyrgyz, every control a
student taps on the parliament's pages — a button, a link that stands alone, a field, a choice with its
label — is at least 44 px high (WCAG 2.5.5). A link inside a sentence is text, not a target, and is passed
by, as WCAG passes it. Walked over the demo school as a student and as the president."""

import json

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.test_kyrgyz_pages import site_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MIN = 44
SMALL_TARGETS = """(min) => {
  const visible = el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  // A link in a sentence: its block holds more text than the link's own.
  const inline = el => {
    const block = el.closest('p, li, td, dd, .form-text, .small, small, label, .alert');
    return block && block.textContent.trim().length > el.textContent.trim().length + 2;
  };
  const small = [];
  for (const el of document.querySelectorAll(
      'main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary')) {
    if (!visible(el)) continue;
    let target = el;
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      target = el.closest('.form-check') || el;  // the choice with its label is what is tapped
    } else if (el.matches('a') && inline(el)) {
      continue;
    }
    const box = target.getBoundingClientRect();
    if (box.height < min - 0.5) {
      small.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || el.name || '').trim().slice(0, 30)}" ${Math.round(box.height)}px`);
    }
  }
  return small;
}"""


def test_every_control_on_the_students_pages_is_big_enough_to_tap(live_server, page, demo_school):
    paths = [path for path in site_paths(demo_school) if path.startswith("/parliament/")]
    found, seen = {}, 0
    for username in ("student", "president"):
        page.context.clear_cookies()
        page = page.context.new_page()  # each person in a tab of their own
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(live_server.url + "/accounts/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill("demo")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
        for path in paths:
            try:
                response = page.goto(live_server.url + path)
            except PlaywrightError:  # a download (a calendar): not a page
                continue
            if response is None or response.status != 200 or "text/html" not in response.headers.get(
                "content-type", ""
            ):
                continue
            seen += 1
            if small := page.evaluate(SMALL_TARGETS, MIN):
                found[f"{username} {path}"] = small
    assert seen > 20
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
