"""With JavaScript off (an old phone's browser, a school's locked-down laptop) every form still works as a
plain form (issue 15, bad input): a student answers a poll, the head chooses an activity's responsible
members from the plain list of checkboxes and saves, and a form sent half-filled comes back with its
errors named on top and next to each field — never a blank page."""

import pytest
from django.urls import reverse

from parliament.models import PollResponse
from tests.factories import MembershipFactory, PollFactory, PollOptionFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(new_context):
    """A tab of a browser with JavaScript switched off, in Kyrgyz, on a phone (watched for CSP violations,
    which the browser reports on its console here: no script of the page runs to hear them)."""
    context = new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    return context.new_page()


def _sign_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + reverse("login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("demo-password")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.url == live_server.url + reverse("dashboard")


def test_a_student_answers_a_poll_without_javascript(live_server, page, school, term, student):
    poll = PollFactory(school=school, question="Кайсы ийримди ачабыз?")
    chess = PollOptionFactory(poll=poll, text="Шахмат")
    PollOptionFactory(poll=poll, text="Робототехника")
    _sign_in(page, live_server, "student")
    page.goto(live_server.url + reverse("parliament:poll_detail", args=[poll.pk]))
    page.locator(f"main input[type=radio][value='{chess.pk}']").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert PollResponse.objects.filter(poll=poll, student=student.student).count() == 1


def test_the_head_chooses_responsible_members_from_the_plain_list(live_server, page, association, plan, head):
    for surname in ("Асанова", "Бакирова", "Жумабаева", "Өмүрбекова", "Сыдыкова", "Токтогулова", "Үсөнова"):
        MembershipFactory(
            association=association, staff=StaffFactory(school=association.school, surname=surname)
        )
    item = plan.items.get()
    _sign_in(page, live_server, "head")
    page.goto(live_server.url + reverse("methodology:plan_edit", args=[plan.pk]))
    assert (
        page.locator(".choose-people-search").count() == 0
    )  # the search box is JavaScript's; the list stays
    chosen = page.locator("#div_id_items-0-responsible .form-check", has_text="Өмүрбекова")
    chosen.locator("input").check()
    with page.expect_navigation():
        page.locator("#plan-form button[type=submit]").first.click()
    item.refresh_from_db()
    assert [staff.surname for staff in item.responsible.all()] == ["Өмүрбекова"]


def test_a_form_sent_wrong_comes_back_with_its_errors_without_javascript(
    live_server, page, association, school_year, head
):
    """What the browser lets through and the server refuses — a period outside the school year (the
    form's own rule, shown on top), a period that ends before it starts (next to its field) — comes back
    whole, with the typed values kept and nothing saved."""
    _sign_in(page, live_server, "head")
    page.goto(live_server.url + reverse("methodology:plan_create", args=[association.pk]))
    page.locator("input[name=title]").fill("Кошумча план")
    page.locator("select[name=period_kind]").select_option("custom")
    page.locator("input[name=period_start]").fill("2000-01-10")
    page.locator("input[name=period_end]").fill("2000-02-10")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.locator("main .alert-danger", has_text="2026–2027").first.is_visible()
    assert page.locator("input[name=title]").input_value() == "Кошумча план"

    start = school_year.start_date
    page.locator("input[name=period_start]").fill(start.replace(day=20).isoformat())
    page.locator("input[name=period_end]").fill(start.replace(day=10).isoformat())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert page.locator("#error-summary").is_visible()
    assert page.locator("input[name=period_end].is-invalid").count() == 1
    assert page.locator("main .invalid-feedback:visible").count() >= 1
    assert not association.plans.filter(title="Кошумча план").exists()
