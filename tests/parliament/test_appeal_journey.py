"""Browser journey (SP-3.3): a student files a confidential appeal, the social pedagogue resolves it and
the student reads the resolution; the president never finds it."""

import pytest
from django.urls import reverse

from parliament.models import Appeal
from school_gov.models import AuditEvent
from tests.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_appeal_goes_from_the_student_to_the_social_pedagogue_and_back(
    live_server, page, term, student, social_pedagogue, president
):
    sign_in(page, live_server, "student")
    page.goto(live_server.url + reverse("parliament:appeal_list"))
    page.locator("#appeal-create").click()
    page.locator("input[name=subject]").fill("Класста чыр-чатак")
    page.locator("textarea[name=text]").fill("Тыныгууда мени түртүшөт.")
    page.locator("#appeal-form button[type=submit]").click()
    appeal = Appeal.objects.get()
    detail = live_server.url + reverse("parliament:appeal_detail", args=[appeal.pk])
    page.wait_for_url(detail)
    assert page.locator("#appeal-update-form").count() == 0

    sign_in(page, live_server, "president")
    assert page.goto(detail).status == 404
    assert page.goto(live_server.url + reverse("parliament:appeal_list")).status == 200
    assert page.locator(".appeal-row").count() == 0

    sign_in(page, live_server, "social_pedagogue")
    page.goto(live_server.url + reverse("parliament:appeal_list"))
    page.locator(f".appeal-row[href='{reverse('parliament:appeal_detail', args=[appeal.pk])}']").click()
    page.wait_for_url(detail)
    page.locator("#appeal-update-form select[name=status]").select_option("resolved")
    page.locator("#appeal-update-form textarea[name=resolution]").fill("Класс жетекчи менен сүйлөшүлдү.")
    page.locator("#appeal-update-form button[type=submit]").click()
    page.wait_for_url(detail)
    appeal.refresh_from_db()
    assert appeal.status == "resolved"

    sign_in(page, live_server, "student")
    page.goto(detail)
    assert "Класс жетекчи менен сүйлөшүлдү." in page.locator("#appeal-resolution").inner_text()
    openings = AuditEvent.objects.filter(action="parliament.appeal.opened")
    assert set(openings.values_list("data__opened_as", flat=True)) == {"author", "handler"}
