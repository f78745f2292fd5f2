"""Browser journey (SP-4.2): the parliament's secretary writes a closed meeting's minutes with two items
on one page; a teacher sees that the meeting took place, but not its minutes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from parliament.models import Meeting
from tests.factories import MinistryFactory, OfficeFactory, SchoolYearFactory, TermFactory
from tests.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def current_term(school, adviser):
    today = timezone.localdate()
    year = SchoolYearFactory(
        school=school,
        start_date=today - datetime.timedelta(days=60),
        end_date=today + datetime.timedelta(days=200),
    )
    return TermFactory(school=school, school_year=year, adviser=adviser.staff)


def test_the_secretary_writes_closed_minutes_and_a_teacher_only_sees_that_the_meeting_took_place(
    live_server, page, current_term, president, student, teacher
):
    OfficeFactory(
        term=current_term,
        kind="secretary",
        student=president.student,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    MinistryFactory(term=current_term).members.add(student.student)

    sign_in(page, live_server, "president")
    page.goto(live_server.url + reverse("parliament:meeting_list"))
    page.locator("#meeting-create").click()
    page.wait_for_url(live_server.url + reverse("parliament:meeting_create"))
    page.locator("input[name=chair]").fill("Асанова Айпери")
    page.locator("input[name=secretary]").fill("Бакиев Нурлан")
    page.locator("textarea[name=agenda]").fill("1. Кезмет.\n2. Жаңы жылдык кече.")
    page.locator("input[name=is_closed]").check()
    page.locator(f"input[name=attendees][value='{student.student.pk}']").check()
    page.locator("textarea[name=items-0-heard]").fill("Кезметтин жыйынтыгы")
    page.locator("textarea[name=items-0-resolved]").fill("Кезмет графиги бекитилсин")
    page.locator("#add-item").click()
    page.locator("textarea[name=items-1-heard]").fill("Жаңы жылдык кечеге даярдык")
    page.locator("textarea[name=items-1-spoke]").fill("Маданият министри")
    page.locator("#meeting-form button[type=submit]").click()
    meeting = Meeting.objects.get()
    page.wait_for_url(live_server.url + reverse("parliament:meeting_detail", args=[meeting.pk]))
    assert page.locator("#minutes-items li").count() == 2
    assert meeting.is_closed
    assert list(meeting.attendees.all()) == [student.student]

    sign_in(page, live_server, "teacher")
    page.goto(live_server.url + reverse("parliament:meeting_list"))
    assert page.locator(".meeting-row").count() == 1
    assert page.locator(f"a[href='{reverse('parliament:meeting_detail', args=[meeting.pk])}']").count() == 0
    response = page.goto(live_server.url + reverse("parliament:meeting_detail", args=[meeting.pk]))
    assert response.status == 403
    assert page.locator("#closed-minutes").count() == 1
    assert page.locator("#minutes-items").count() == 0
