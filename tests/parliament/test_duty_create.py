"""Putting a class on duty (SP-2.6): the adviser, the director and the deputy, the office-holders."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.models import DutyAssignment
from school_gov.models import AuditEvent, Role
from tests.factories import AppointmentFactory, DutyAssignmentFactory, OfficeFactory

URL = reverse("parliament:duty_create")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _data(**overrides) -> dict:
    data = {"date": "2026-10-07", "area_kind": "corridor", "area": "2-кабат", "grade": 7, "class_letter": "б"}
    data.update(overrides)
    return data


def test_the_adviser_puts_a_class_on_duty_and_it_is_recorded(client, school, term, adviser):
    client.force_login(adviser)
    response = client.post(URL, _data())
    row = DutyAssignment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('parliament:duty_list')}?week=2026-10-07"
    assert (row.school, row.date, row.area_kind, row.area, row.grade, row.class_letter) == (
        school,
        datetime.date(2026, 10, 7),
        "corridor",
        "2-кабат",
        7,
        "Б",
    )
    audit = AuditEvent.objects.get(action="parliament.duty.created")
    assert audit.actor == adviser
    assert audit.data["class_letter"] == "Б"


@pytest.mark.parametrize("who", ["director", "deputy"])
def test_the_leaders_put_a_class_on_duty(client, school, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(URL, _data()).status_code == 302
    assert DutyAssignment.objects.count() == 1


def test_an_office_holder_puts_a_class_on_duty(client, term, president):
    OfficeFactory(term=term, student=president.student, starts_on=term.school_year.start_date)
    client.force_login(president)
    assert client.post(URL, _data()).status_code == 302
    assert DutyAssignment.objects.count() == 1


def test_the_form_starts_on_the_day_asked_for(client, term, adviser):
    client.force_login(adviser)
    assert client.get(URL, {"date": "2026-10-12"}).context["form"].initial["date"] == "2026-10-12"


def test_the_same_class_in_the_same_place_on_the_same_day_is_refused(client, school, term, adviser):
    DutyAssignmentFactory(
        school=school, date=datetime.date(2026, 10, 7), area_kind="corridor", area="2-кабат", class_letter="Б"
    )
    client.force_login(adviser)
    response = client.post(URL, _data(), **EN)
    assert response.status_code == 200
    assert "This class is already on duty there on that date." in response.text
    assert DutyAssignment.objects.count() == 1
    assert not AuditEvent.objects.filter(action="parliament.duty.created").exists()


@pytest.mark.parametrize("grade", [0, 13, ""])
def test_a_grade_outside_1_to_12_is_refused(client, term, adviser, grade):
    client.force_login(adviser)
    response = client.post(URL, _data(grade=grade))
    assert "grade" in response.context["form"].errors
    assert not DutyAssignment.objects.exists()


@pytest.mark.parametrize("who", ["student", "pupil", "teacher"])
def test_students_and_other_teachers_may_not_assign(client, term, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data()).status_code == 403
    assert not DutyAssignment.objects.exists()


def test_a_class_teacher_marks_but_does_not_assign(client, term, teacher):
    AppointmentFactory(staff=teacher.staff, role=Role.CLASS_TEACHER, class_grade=7, class_letter="Б")
    client.force_login(teacher)
    assert client.post(URL, _data()).status_code == 403


def test_a_minister_of_a_past_year_does_not_assign(client, school, term, president):
    OfficeFactory(
        term=term,
        student=president.student,
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2025, 10, 1),
    )
    client.force_login(president)
    assert client.get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
