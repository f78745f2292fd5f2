"""The self-service duty roster by week (SP-2.6): for the school's members; who may assign and mark."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from school_gov.models import Role
from tests.factories import AppointmentFactory, DutyAssignmentFactory, OfficeFactory, UserFactory

URL = reverse("parliament:duty_list")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _mark_url(assignment) -> str:
    return reverse("parliament:duty_mark", args=[assignment.pk])


def test_a_student_sees_this_weeks_roster(client, school, pupil):
    today = timezone.localdate()
    DutyAssignmentFactory(
        school=school, date=today, grade=7, class_letter="Б", area="2-кабат", area_kind="corridor"
    )
    client.force_login(pupil)
    response = client.get(URL, **EN)
    assert response.status_code == 200
    assert "7-Б" in response.text
    assert "2-кабат" in response.text
    assert "corridor" in response.text


def test_the_roster_moves_by_week(client, school, teacher):
    DutyAssignmentFactory(school=school, date=datetime.date(2026, 10, 7), class_letter="В")
    DutyAssignmentFactory(school=school, date=datetime.date(2026, 10, 14), class_letter="Г")
    client.force_login(teacher)
    response = client.get(URL, {"week": "2026-10-08"}, **EN)
    assert response.context["monday"] == datetime.date(2026, 10, 5)
    assert "7-В" in response.text
    assert "7-Г" not in response.text
    assert "week=2026-09-28" in response.text
    assert "week=2026-10-12" in response.text


def test_sunday_shows_only_when_someone_is_on_duty(client, school, teacher):
    client.force_login(teacher)
    days = client.get(URL, {"week": "2026-10-05"}).context["days"]
    assert [day.weekday() for day, _today, _rows in days] == [0, 1, 2, 3, 4, 5]
    DutyAssignmentFactory(school=school, date=datetime.date(2026, 10, 11))
    days = client.get(URL, {"week": "2026-10-05"}).context["days"]
    assert [day.weekday() for day, _today, _rows in days] == [0, 1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "0001-01-01", "9999-12-31"])
def test_an_unknown_week_shows_this_week_with_a_warning(client, school, teacher, value):
    client.force_login(teacher)
    response = client.get(URL, {"week": value}, **EN)
    assert response.status_code == 200
    assert "Unknown week; showing this week." in response.text
    assert response.context["monday"] == _monday(timezone.localdate())


def test_another_schools_roster_is_never_shown(client, school, other_school, outsider):
    DutyAssignmentFactory(school=school, date=timezone.localdate(), area="Биздин короо")
    client.force_login(outsider)
    assert "Биздин короо" not in client.get(URL).text


def test_an_account_without_a_school_gets_not_found(client, db):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(URL).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Who is offered what


def test_the_adviser_assigns_and_marks_any_class(client, school, term, adviser):
    row = DutyAssignmentFactory(school=school, date=timezone.localdate())
    client.force_login(adviser)
    html = client.get(URL).text
    assert reverse("parliament:duty_create") in html
    assert _mark_url(row) in html


@pytest.mark.parametrize("who", ["director", "deputy"])
def test_the_leaders_assign_duty(client, school, term, who, request):
    client.force_login(request.getfixturevalue(who))
    assert reverse("parliament:duty_create") in client.get(URL).text


def test_an_office_holder_assigns_and_marks(client, school, term, president):
    OfficeFactory(term=term, student=president.student, starts_on=term.school_year.start_date)
    row = DutyAssignmentFactory(school=school, date=timezone.localdate())
    client.force_login(president)
    html = client.get(URL).text
    assert reverse("parliament:duty_create") in html
    assert _mark_url(row) in html


def test_a_class_teacher_marks_only_their_own_class(client, school, term, teacher):
    AppointmentFactory(staff=teacher.staff, role=Role.CLASS_TEACHER, class_grade=7, class_letter="А")
    mine = DutyAssignmentFactory(school=school, date=timezone.localdate(), grade=7, class_letter="А")
    theirs = DutyAssignmentFactory(school=school, date=timezone.localdate(), grade=8, class_letter="А")
    client.force_login(teacher)
    html = client.get(URL).text
    assert _mark_url(mine) in html
    assert _mark_url(theirs) not in html
    assert reverse("parliament:duty_create") not in html


def test_a_student_only_reads_the_roster(client, school, term, student):
    row = DutyAssignmentFactory(school=school, date=timezone.localdate())
    client.force_login(student)
    html = client.get(URL).text
    assert _mark_url(row) not in html
    assert reverse("parliament:duty_create") not in html


@pytest.mark.parametrize("rows", [3, 60])
def test_the_duty_list_query_budget_is_flat(
    client, school, term, teacher, rows, django_assert_max_num_queries
):
    AppointmentFactory(staff=teacher.staff, role=Role.CLASS_TEACHER, class_grade=7, class_letter="А")
    monday = _monday(timezone.localdate())
    for n in range(rows):
        DutyAssignmentFactory(
            school=school, date=monday + datetime.timedelta(days=n % 6), grade=5 + n % 7, area=f"{n}"
        )
    client.force_login(teacher)
    # session, user, staff record, the current term, student record (an office-holder?), current roles,
    # the class teacher's classes, the week's rows (may they assign? the roles are cached by then)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert sum(len(r) for _d, _t, r in response.context["days"]) == rows
