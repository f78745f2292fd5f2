"""Browser journey: a teacher signs in in Kyrgyz, switches to Russian and sees the dashboard in Russian."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_signs_in_in_kyrgyz_and_switches_to_russian(live_server, page, teacher):
    page.goto(live_server.url + reverse("login"))
    assert page.locator("html").get_attribute("lang") == "ky"
    assert page.get_by_role("heading", name="Кирүү").is_visible()

    page.get_by_label("Колдонуучунун аты же электрондук дарек").fill("teacher")
    page.get_by_label("Сырсөз").fill("demo-password")
    page.get_by_role("button", name="Кирүү").click()
    page.wait_for_url(live_server.url + reverse("dashboard"))
    assert page.get_by_text("Билим берүүдөгү стажы").is_visible()

    page.get_by_role("button", name="Русский").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_text("Стаж в образовании").is_visible()
    assert page.get_by_role("button", name="Русский").get_attribute("aria-current") == "true"

    page.reload()
    assert page.get_by_text("Стаж в образовании").is_visible()
