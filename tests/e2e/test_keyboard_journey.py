"""Keyboard only (issue 15, part 6): a grade-7 student on a phone signs in, opens the parliament through
the folded menu, finds the open poll and answers it with Tab, Enter and Space alone, in Kyrgyz; every
control they land on shows where the focus is."""

import pytest
from django.urls import reverse

from parliament.models import PollResponse
from tests.factories import PollFactory, PollOptionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """(selector) => {
  const el = document.activeElement;
  if (!el || !el.matches(selector)) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const ring = outline || style.boxShadow !== 'none';
  return {ring: ring, text: (el.textContent || el.value || '').trim().slice(0, 60)};
}"""


def _tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focus is on `selector` (at most `limit` presses), and check the focus shows."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUSED, selector)
        if found is not None:
            assert found["ring"], f"no visible focus on {selector}: {found}"
            return
    raise AssertionError(f"{selector} is not reached with Tab")


def _follow(page, selector: str, limit: int = 60) -> None:
    """Tab to the link or button `selector` and press Enter on it: the next page."""
    _tab_to(page, selector, limit)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _sign_in(page, live_server, username: str) -> None:
    """The sign-in form with the keyboard alone, then the menu (folded at this width) opened."""
    page.goto(live_server.url + reverse("login"))
    assert page.locator("html").get_attribute("lang") == "ky"
    _tab_to(page, "input[name=username]")
    page.keyboard.type(username)
    _tab_to(page, "input[name=password]")
    page.keyboard.type("demo-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "button.navbar-toggler")
    page.keyboard.press("Enter")


def test_a_student_answers_a_poll_with_the_keyboard_alone(live_server, page, school, term, student):
    poll = PollFactory(school=school, question="Кайсы ийримди ачабыз?")
    chess = PollOptionFactory(poll=poll, text="Шахмат")
    PollOptionFactory(poll=poll, text="Робототехника")
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page, live_server, "student")
    _follow(page, f"a.nav-link[href='{reverse('parliament:home')}']")
    _follow(page, f"#parliament-links a[href='{reverse('parliament:poll_list')}']")
    _follow(page, f"main a[href='{reverse('parliament:poll_detail', args=[poll.pk])}']")
    _tab_to(page, f"main input[type=radio][value='{chess.pk}']")
    page.keyboard.press("Space")
    _follow(page, "main form button[type=submit]")
    assert PollResponse.objects.filter(poll=poll, student=student.student).count() == 1


def test_the_deputy_agrees_a_plan_in_the_admin_with_the_keyboard_alone(live_server, page, deputy, head, plan):
    from methodology.models import PlanStatus
    from tests import steps

    steps.submit(plan, head)
    page.set_viewport_size({"width": 1024, "height": 768})  # the bar is folded at this width too
    _sign_in(page, live_server, "deputy")
    _follow(page, f"a.nav-link[href='{reverse('admin:index')}']")
    _follow(page, f"a[href='{reverse('admin:methodology_workplan_changelist')}']")
    _follow(page, f"#result_list a[href='{reverse('admin:methodology_workplan_change', args=[plan.pk])}']")
    _follow(page, "input[name=_agree]", limit=120)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED
