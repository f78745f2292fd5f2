"""Choosing people (issue 15, part 3): the head picks an activity's responsible members from a list of
checkboxes with a box to find a name in — typed in lower case, Kyrgyz letters and all — on a phone; the
chosen ones are saved. No Ctrl-click, and the list works as it is without JavaScript."""

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, PlanItemFactory, StaffFactory
from tests.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["Асанова", "Бакирова", "Жумабаева", "Өмүрбекова", "Сыдыкова", "Токтогулова", "Үсөнова"]


def test_the_head_finds_members_by_name_and_saves_them_as_responsible(
    live_server, page, association, plan, head
):
    members = {}
    for surname in NAMES:
        staff = StaffFactory(school=association.school, surname=surname, name="Айгүл")
        MembershipFactory(association=association, staff=staff)
        members[surname] = staff
    item = plan.items.get()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "head")
    page.goto(live_server.url + reverse("methodology:plan_edit", args=[plan.pk]))

    boxes = page.locator("input[name=items-0-responsible]")
    assert boxes.count() == len(NAMES) + 2  # the head and the cast's teacher too
    search = page.locator("#div_id_items-0-responsible .choose-people-search")
    search.fill("өмүр")
    visible = page.locator("#div_id_items-0-responsible .form-check:visible")
    assert visible.count() == 1 and "Өмүрбекова" in visible.inner_text()
    visible.locator("input").check()
    search.fill("СЫДЫК")
    # The one found, and the one already chosen, which stays in sight.
    assert page.locator("#div_id_items-0-responsible .form-check:visible").count() == 2
    page.locator("#div_id_items-0-responsible .form-check:visible input:not(:checked)").check()
    search.press("Enter")  # finding a name does not submit the form
    assert page.url.endswith(reverse("methodology:plan_edit", args=[plan.pk]))
    search.fill("")
    assert page.locator("#div_id_items-0-responsible .form-check:visible").count() == len(NAMES) + 2

    with page.expect_navigation():
        page.locator("#plan-form button[type=submit]").first.click()
    item.refresh_from_db()
    assert set(item.responsible.all()) == {members["Өмүрбекова"], members["Сыдыкова"]}


def test_a_short_list_has_no_search_box(live_server, page, association, plan, head):
    PlanItemFactory(plan=plan, activity="Экинчи иш")
    sign_in(page, live_server, "head")
    page.goto(live_server.url + reverse("methodology:plan_edit", args=[plan.pk]))
    assert page.locator("input[name=items-0-responsible]").count() == 2
    assert page.locator(".choose-people-search").count() == 0
