"""Accessibility checked by axe-core (issue 15, part 6): the key pages, as the people who use them, in
Kyrgyz, on a laptop (1024 px) and a phone (390 px), have no serious or critical violation of WCAG 2.1 A
and AA. axe-core comes from npm (`make test` installs it, package-lock.json pins it) and is injected into
the page by Playwright; the pages' `lang` is the language they speak."""

import json

import pytest
from django.urls import reverse

from tests.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# While axe runs, what it does under the site's CSP is its own (tests/e2e/conftest.py, Axe).
RUN = """async () => {
  window.__cspTestTool = 'axe-core';
  let found;
  try {
    found = await axe.run(document, {
      runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
      resultTypes: ['violations'],
    });
  } finally {
    await new Promise(resolve => setTimeout(resolve, 0));  // its violation events, queued, fire first
    window.__cspTestTool = '';
  }
  return found.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def _violations(page, axe, url: str) -> list:
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == "ky"
    axe.inject(page)
    return page.evaluate(RUN)


@pytest.fixture
def submitted(plan):
    type(plan).objects.filter(pk=plan.pk).update(status="submitted")
    return plan


@pytest.mark.parametrize("width", [1024, 390])
def test_the_staffs_key_pages_have_no_serious_violation(
    live_server, page, axe, submitted, association, deputy, width
):
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, "deputy")
    found = {}
    for path in (
        reverse("dashboard"),
        reverse("methodology:plan_list"),
        association.get_absolute_url(),
        submitted.get_absolute_url(),
        reverse("methodology:plan_grid"),
        reverse("methodology:observation_list"),
        reverse("staff_list"),
        reverse("admin:methodology_workplan_changelist"),
        reverse("admin:methodology_workplan_change", args=[submitted.pk]),
    ):
        if violations := _violations(page, axe, live_server.url + path):
            found[path] = violations
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("width", [390, 1024])
def test_a_students_pages_have_no_serious_violation(live_server, page, axe, term, student, width):
    page.set_viewport_size({"width": width, "height": 844})
    found = {}
    if violations := _violations(page, axe, live_server.url + reverse("login")):
        found["login"] = violations
    sign_in(page, live_server, "student")
    for name in ("home", "poll_list", "proposal_list", "calendar", "duty_list", "club_list", "appeal_list"):
        path = reverse(f"parliament:{name}")
        if violations := _violations(page, axe, live_server.url + path):
            found[path] = violations
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("width", [1024, 390])
def test_a_teachers_and_a_heads_pages_have_no_serious_violation(
    live_server, page, axe, plan, association, head, teacher, width
):
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    sign_in(page, live_server, "head")
    for path in (
        reverse("dashboard"),
        association.get_absolute_url(),
        plan.get_absolute_url(),
        reverse("methodology:plan_edit", args=[plan.pk]),
        reverse("methodology:observation_create", args=[association.pk]),
        reverse("methodology:meeting_create", args=[association.pk]),
        reverse("methodology:document_list"),
        reverse("methodology:growth_overview"),
        reverse("notifications:inbox"),
        reverse("notifications:preferences"),
    ):
        if violations := _violations(page, axe, live_server.url + path):
            found[path] = violations
    sign_in(page, live_server, "teacher")
    for path in (
        reverse("dashboard"),
        reverse("methodology:growth_home"),
        reverse("methodology:teacher_growth", args=[teacher.staff.pk]),
        reverse("methodology:course_create", args=[teacher.staff.pk]),
        reverse("methodology:circular_list"),
        reverse("school_detail"),
    ):
        if violations := _violations(page, axe, live_server.url + path):
            found[path] = violations
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
