"""Tap targets on the students' pages (issue 15, part 1): on a 390 × 844 phone, in Kyrgyz, every control a
student taps on the parliament's pages — a button, a link that stands alone, a field, a choice with its
label — is at least 44 px high (WCAG 2.5.5), and no page scrolls sideways. A link inside a sentence is
text, not a target, and is passed by, as WCAG passes it. Walked over the demo school as a student and as
the president."""

import json

import pytest

from tests.e2e.test_layout import OVERFLOW
from tests.steps import demo_pages
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
      const text = (el.textContent || el.name || '').trim().slice(0, 30);
      small.push(`${el.tagName.toLowerCase()}.${el.className} "${text}" ${Math.round(box.height)}px`);
    }
  }
  return small;
}"""


def test_every_control_on_the_students_pages_is_big_enough_to_tap_and_fits_the_phone(
    live_server, page, demo_school
):
    paths = [path for path in site_paths(demo_school) if path.startswith("/parliament/")]
    found, seen = {}, 0
    page.set_viewport_size({"width": 390, "height": 844})
    for username in ("student", "president"):
        for path in demo_pages(page, live_server, username, paths):
            seen += 1
            if small := page.evaluate(SMALL_TARGETS, MIN):
                found[f"{username} {path}"] = small
            overflow = page.evaluate(OVERFLOW)  # and the page never scrolls sideways (part 1)
            if overflow["scroll"] > 0 or overflow["wide"]:
                found[f"{username} {path} (sideways)"] = overflow["wide"] or [f"{overflow['scroll']} px"]
    assert seen >= 15  # the pages a student and the president open, not their refusals
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
