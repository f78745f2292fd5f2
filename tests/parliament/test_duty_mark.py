"""Marking duty done (SP-2.6): the class's own class teacher, the adviser, the office-holders."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from parliament.models import DutyAssignment
from school_gov.models import AuditEvent, Role
from tests.factories import AppointmentFactory, DutyAssignmentFactory, OfficeFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def row(school):
    return DutyAssignmentFactory(school=school, date=timezone.localdate(), grade=7, class_letter="А")


def _url(row) -> str:
    return reverse("parliament:duty_mark", args=[row.pk])


def test_the_class_teacher_marks_their_class_done_and_it_is_recorded(client, term, teacher, row):
    AppointmentFactory(staff=teacher.staff, role=Role.CLASS_TEACHER, class_grade=7, class_letter="А")
    client.force_login(teacher)
    response = client.post(_url(row), {"done": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('parliament:duty_list')}?week={row.date.isoformat()}"
    row.refresh_from_db()
    assert row.done
    assert row.marked_by == teacher.staff
    assert row.marked_at is not None
    audit = AuditEvent.objects.get(action="parliament.duty.marked")
    assert audit.actor == teacher
    assert audit.data == {"done": True}


def test_a_mark_is_taken_back(client, term, adviser, row):
    client.force_login(adviser)
    client.post(_url(row), {"done": "1"})
    client.post(_url(row), {"done": "0"})
    row.refresh_from_db()
    assert not row.done
    assert row.marked_by is None
    assert AuditEvent.objects.filter(action="parliament.duty.marked").count() == 2


def test_marking_twice_writes_one_mark(client, term, adviser, row):
    client.force_login(adviser)
    client.post(_url(row), {"done": "1"})
    response = client.post(_url(row), {"done": "1"}, follow=True, **EN)
    assert "The roster already said so." in response.text
    assert AuditEvent.objects.filter(action="parliament.duty.marked").count() == 1


def test_an_office_holder_marks_any_class(client, term, president, row):
    OfficeFactory(term=term, student=president.student, starts_on=term.school_year.start_date)
    client.force_login(president)
    client.post(_url(row))
    assert DutyAssignment.objects.get().done


def test_a_class_teacher_of_another_class_may_not_mark(client, term, teacher, row):
    AppointmentFactory(staff=teacher.staff, role=Role.CLASS_TEACHER, class_grade=8, class_letter="А")
    client.force_login(teacher)
    assert client.post(_url(row)).status_code == 403
    assert not DutyAssignment.objects.get().done


@pytest.mark.parametrize("who", ["student", "pupil", "teacher", "director"])
def test_others_may_not_mark(client, term, row, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(_url(row)).status_code == 403
    assert not DutyAssignment.objects.get().done
    assert not AuditEvent.objects.filter(action="parliament.duty.marked").exists()


def test_another_schools_roster_is_not_found(client, outsider, row):
    client.force_login(outsider)
    assert client.post(_url(row)).status_code == 404


def test_marking_needs_a_post(client, term, adviser, row):
    client.force_login(adviser)
    assert client.get(_url(row)).status_code == 405


def test_an_anonymous_visitor_is_sent_to_sign_in(client, row):
    response = client.post(_url(row))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
