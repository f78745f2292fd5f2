"""Browser journey (MB-3.1, MB-4.1): the head records a lesson observed, in Kyrgyz on a phone-sized
screen; the teacher reads the analysis and confirms it; a colleague of the association never sees it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from methodology.models import LessonObservation
from tests.factories import MembershipFactory, StaffFactory, UserFactory
from tests.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_head_observes_a_lesson_and_the_teacher_confirms_the_analysis(
    live_server, page, association, head, teacher
):
    colleague = UserFactory(username="colleague")
    MembershipFactory(association=association, staff=StaffFactory(school=association.school, user=colleague))
    lesson_day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    page.set_viewport_size({"width": 390, "height": 844})

    sign_in(page, live_server, "head")
    page.goto(live_server.url + association.get_absolute_url())
    page.locator(f"a[href='{reverse('methodology:observation_create', args=[association.pk])}']").click()
    page.locator("select[name=teacher]").select_option(str(teacher.staff.pk))
    page.locator("input[name=observed_on]").fill(lesson_day)
    page.locator("input[name=class_grade]").fill("7")
    page.locator("input[name=class_letter]").fill("Б")
    page.locator("input[name=subject]").fill("Математика")
    page.locator("input[name=on_roll]").fill("26")
    page.locator("input[name=present]").fill("24")
    page.locator("input[name=topic]").fill("Бөлчөктөр")
    page.locator("textarea[name=purpose]").fill("Методикалык жардам.")
    page.locator("input[name=lesson_starts_at]").fill("09:50")
    page.locator("input[name=lesson_ends_at]").fill("10:35")
    page.locator("input[name=arrived_at]").fill("09:55")  # late, and no reason yet
    page.locator("select[name=aim_reached]").select_option("reached")
    page.locator("textarea[name=conclusions]").fill("Максатка жетти.")
    page.locator("input[name=feedback_on]").fill(lesson_day)
    page.locator("input[name=feedback_at]").fill("10:40")
    page.locator("main form button[type=submit]").first.click()
    assert page.locator("#div_id_late_reason .invalid-feedback").count() == 1
    assert page.locator("#error-summary a[href='#id_late_reason']").count() == 1  # summarised on top
    assert page.evaluate("document.activeElement.name") == "late_reason"  # and the field has the focus
    assert not LessonObservation.objects.exists()
    page.locator("textarea[name=late_reason]").fill("Директордун тапшырмасы менен кечиктим.")
    page.locator("main form button[type=submit]").first.click()
    observation = LessonObservation.objects.get()
    page.wait_for_url(live_server.url + observation.get_absolute_url())

    sign_in(page, live_server, "teacher")
    page.goto(live_server.url + reverse("methodology:observation_list"))
    page.locator(f"a[href='{observation.get_absolute_url()}']").click()
    page.locator("#acknowledgment button[type=submit]").click()
    page.wait_for_url(live_server.url + observation.get_absolute_url())
    assert page.locator("#acknowledgment .alert-success").count() == 1
    observation.refresh_from_db()
    assert observation.acknowledged_at is not None

    sign_in(page, live_server, "colleague")
    page.goto(live_server.url + reverse("methodology:observation_list"))
    assert page.locator(f"a[href='{observation.get_absolute_url()}']").count() == 0
