"""Browser journey (MB-5.1): the head drafts and submits a plan, the deputy agrees and the director
approves it in the admin, the printed form carries both stamps; a teacher is never offered either step."""

import pytest
from django.urls import reverse

from methodology.models import PlanStatus, WorkPlan
from tests.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add_activity(page, index, section, text, day):
    prefix = f"items-{index}-"
    page.locator(f"select[name={prefix}section]").select_option(section)
    page.locator(f"textarea[name={prefix}activity]").fill(text)
    page.locator(f"input[name={prefix}starts_on]").fill(day)


def test_a_plan_goes_from_the_head_to_the_director_and_prints_with_both_stamps(
    live_server, page, association, school_year, head, teacher, deputy, director
):
    # The head creates a plan for the third quarter and adds three activities on one page.
    sign_in(page, live_server, "head")
    page.goto(live_server.url + reverse("methodology:association_detail", args=[association.pk]))
    page.locator(f"a[href='{reverse('methodology:plan_create', args=[association.pk])}']").click()
    page.locator("input[name=title]").fill("3-чейректин иш планы")
    page.locator("select[name=period_kind]").select_option("quarter")
    page.locator("select[name=quarter]").select_option(label="3-чейрек, 2026–2027")
    page.locator("textarea[name=theme]").fill("Функционалдык сабаттуулук")
    page.locator("textarea[name=aim]").fill("Сабактын сапатын жогорулатуу")
    page.locator("main form button[type=submit]").first.click()
    plan = WorkPlan.objects.get(association=association)
    page.wait_for_url(live_server.url + reverse("methodology:plan_edit", args=[plan.pk]))

    _add_activity(page, 0, "meetings", "Усулдук бирикменин 3-отуруму", "2027-01-20")
    page.locator("#add-item").click()
    _add_activity(page, 1, "open_lessons", "Ачык сабак: бөлчөктөр", "2027-02-10")
    page.locator("#add-item").click()
    _add_activity(page, 2, "gifted", "Райондук олимпиадага даярдоо", "2027-02-15")
    page.locator(f"input[name=items-1-responsible][value='{teacher.staff.pk}']").check()
    page.locator("#plan-form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + plan.get_absolute_url())
    assert plan.items.count() == 3

    page.locator(f"form[action='{reverse('methodology:plan_submit', args=[plan.pk])}'] button").click()
    page.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    # A member sees the plan but is offered neither step, on the site or in the admin.
    sign_in(page, live_server, "teacher")
    page.goto(live_server.url + plan.get_absolute_url())
    assert page.locator("input[name=_agree], input[name=_approve]").count() == 0
    assert (
        page.locator(f"a[href='{reverse('admin:methodology_workplan_change', args=[plan.pk])}']").count() == 0
    )
    page.goto(live_server.url + reverse("admin:methodology_workplan_change", args=[plan.pk]))
    assert page.locator("input[name=_agree], input[name=_approve]").count() == 0

    # The deputy agrees in the admin, where the plan waits for them.
    sign_in(page, live_server, "deputy")
    page.goto(live_server.url + reverse("admin:methodology_workplan_changelist"))
    page.locator(f"a[href*='/admin/methodology/workplan/{plan.pk}/change/']").first.click()
    assert page.locator("input[name=_approve]").count() == 0
    page.locator("input[name=_agree]").click()
    page.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED

    # The director approves it.
    sign_in(page, live_server, "director")
    page.goto(live_server.url + reverse("admin:methodology_workplan_change", args=[plan.pk]))
    assert page.locator("input[name=_agree]").count() == 0
    page.locator("input[name=_approve]").click()
    page.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED

    # The printed form shows both stamps, filled.
    page.goto(live_server.url + reverse("methodology:plan_print", args=[plan.pk]))
    text = page.locator("body").inner_text()
    assert "МАКУЛДАШЫЛДЫ" in text
    assert "БЕКИТЕМИН" in text
    assert deputy.staff.short_name in text
    assert director.staff.short_name in text
