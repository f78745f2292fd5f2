"""The pages fit their screens (issue 15, part 1): a deputy on a 1024 px laptop and a student on a
390 × 844 phone never scroll the page sideways, in Kyrgyz, on the pages they use; the navigation fits or
folds into the menu button; a wide table scrolls inside its own box, which the keyboard can reach."""

import pytest
from django.urls import reverse

from tests.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) return false;
    for (let up = el.parentElement; up; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) return false;  // scrolls in its box
      if (style.display === 'none') return false;
    }
    return true;
  });
  return {scroll: document.documentElement.scrollWidth - width,
          wide: wide.slice(0, 5).map(
            el => el.tagName + '.' + el.className + ' ' + (el.textContent || '').trim().slice(0, 40))};
}"""


def _fits(page, path: str) -> None:
    page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + path)
    found = page.evaluate(OVERFLOW)
    assert found["scroll"] <= 0 and found["wide"] == [], f"{path}: {found}"


@pytest.fixture
def staff_pages(plan, association):
    type(plan).objects.filter(pk=plan.pk).update(status="submitted")  # a row on the deputy's lists
    return [
        reverse("dashboard"),
        reverse("methodology:plan_list"),
        association.get_absolute_url(),
        plan.get_absolute_url(),
        reverse("methodology:plan_grid"),
        reverse("methodology:observation_list"),
        reverse("staff_list"),
    ]


@pytest.mark.parametrize("width", [1024, 390])
def test_the_deputys_pages_fit_the_screen(live_server, page, deputy, staff_pages, width):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, "deputy")
    for path in staff_pages:
        _fits(page, path)
    navigation = page.locator("nav.navbar")
    box = navigation.bounding_box()
    assert box is not None and box["height"] < 120  # one line, or the menu button: never three lines


@pytest.mark.parametrize("width", [390, 1024])
def test_a_students_pages_fit_the_screen(live_server, page, term, student, width):
    page.set_viewport_size({"width": width, "height": 844})
    sign_in(page, live_server, "student")
    for name in ("home", "poll_list", "proposal_list", "calendar", "duty_list", "club_list", "appeal_list"):
        _fits(page, reverse(f"parliament:{name}"))


def test_a_table_that_scrolls_in_its_box_is_reached_by_the_keyboard(live_server, page, deputy, plan):
    type(plan).objects.filter(pk=plan.pk).update(status="submitted")  # on the deputy's list
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "deputy")
    page.goto(live_server.url + reverse("methodology:plan_list"))
    boxes = page.locator(".table-responsive")
    assert boxes.count() >= 1
    for index in range(boxes.count()):
        box = boxes.nth(index)
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("aria-label")
    box = boxes.first
    box.focus()
    assert box.evaluate("el => el.scrollLeft") == 0
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")  # the table is wider than the phone
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # and the keyboard scrolls it (smoothly: wait for it)
    page.wait_for_function("() => document.querySelector('.table-responsive').scrollLeft > 0", timeout=5000)
