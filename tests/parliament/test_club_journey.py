"""Browser journey (SP-4.2): a student asks to join a club, its teacher accepts, and the club is among
the student's own."""

import pytest
from django.urls import reverse

from parliament.models import ClubMembership
from tests.factories import ClubFactory
from tests.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_student_joins_a_club_once_its_leader_accepts(live_server, page, school, student, teacher):
    club = ClubFactory(school=school, name="Шахмат ийрими", leader_staff=teacher.staff)
    detail = live_server.url + reverse("parliament:club_detail", args=[club.pk])

    sign_in(page, live_server, "student")
    page.goto(live_server.url + reverse("parliament:club_list"))
    page.locator(f".club-row[href='{reverse('parliament:club_detail', args=[club.pk])}']").click()
    page.wait_for_url(detail)
    page.locator("#club-join").click()
    page.wait_for_url(detail)
    assert ClubMembership.objects.get().status == "requested"

    sign_in(page, live_server, "teacher")
    page.goto(detail)
    page.locator(".club-request button[value=accept]").click()
    page.wait_for_url(detail + "#requests")
    assert ClubMembership.objects.get().status == "accepted"

    sign_in(page, live_server, "student")
    page.goto(live_server.url + reverse("parliament:club_list"))
    assert page.locator("#my-clubs .club-row").count() == 1
