"""An event's page, for the school's members: organisers by full name, the responsible teacher, the
audience, description and results, and a "take part" button for students of the audience grades."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import EventFactory, MinistryFactory, StudentFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def ministry(term, president, student):
    ministry = MinistryFactory(term=term, name="Маданият министрлиги", minister=president.student)
    ministry.members.add(student.student)
    return ministry


@pytest.fixture
def event(school, ministry, adviser, student):
    event = EventFactory(
        school=school,
        kind="olympiad",
        olympiad_stage="school",
        title="Математика олимпиадасы",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="12-кабинет",
        ministry=ministry,
        responsible_teacher=adviser.staff,
        audience_from_grade=1,
        audience_to_grade=11,
        description="Ар бир класстан эки окуучу.",
    )
    event.organisers.add(student.student)
    return event


def _url(event) -> str:
    return reverse("parliament:event_detail", args=[event.pk])


def test_a_member_of_the_school_sees_the_event_with_its_organisers_full_names(
    client, pupil, event, student, adviser, president
):
    client.force_login(pupil)
    response = client.get(_url(event), **EN)
    assert response.status_code == 200
    html = response.text
    assert "Математика олимпиадасы" in html
    assert "school stage" in html
    assert "12-кабинет" in html
    assert student.student.full_name in html
    assert adviser.staff.full_name in html
    assert president.student.full_name in html  # the minister, to a member of the school
    assert "For grades 1–11" in html
    assert "Ар бир класстан эки окуучу." in html


def test_a_student_of_the_audience_grades_is_offered_to_take_part(client, pupil, event):
    client.force_login(pupil)
    response = client.get(_url(event), **EN)
    assert reverse("parliament:event_join", args=[event.pk]) in response.text


def test_a_student_who_takes_part_is_told_so(client, pupil, event):
    event.participants.add(pupil.student)
    client.force_login(pupil)
    response = client.get(_url(event), **EN)
    assert "You take part" in response.text
    assert reverse("parliament:event_join", args=[event.pk]) not in response.text


def test_a_student_outside_the_audience_is_told_why_and_not_offered_the_button(client, pupil, event):
    event.audience_from_grade = 5
    event.save()
    client.force_login(pupil)
    response = client.get(_url(event), **EN)
    assert "This event is for grades 5–11; you are in grade 3." in response.text
    assert reverse("parliament:event_join", args=[event.pk]) not in response.text


def test_staff_see_the_event_without_a_take_part_button(client, teacher, event):
    client.force_login(teacher)
    response = client.get(_url(event), **EN)
    assert response.status_code == 200
    assert reverse("parliament:event_join", args=[event.pk]) not in response.text


def test_organisers_may_edit_and_see_who_takes_part_others_only_how_many(
    client, student, pupil, event, school
):
    event.participants.add(StudentFactory(school=school, surname="Жумабаева", grade=6))
    client.force_login(student)
    response = client.get(_url(event), **EN)
    assert reverse("parliament:event_edit", args=[event.pk]) in response.text
    assert "Жумабаева" in response.text
    client.force_login(pupil)
    response = client.get(_url(event), **EN)
    assert reverse("parliament:event_edit", args=[event.pk]) not in response.text
    assert "Жумабаева" not in response.text
    assert "1 taking part" in response.text


def test_a_past_event_shows_its_results_and_asks_its_organisers_for_them(client, adviser, event):
    event.starts_at = timezone.now() - datetime.timedelta(days=2)
    event.save()
    client.force_login(adviser)
    response = client.get(_url(event), **EN)
    assert "Not written yet." in response.text
    assert "Write the results" in response.text
    event.results = "1-орун: Асанов Б., 9-А"
    event.save()
    assert "1-орун: Асанов Б., 9-А" in client.get(_url(event), **EN).text


def test_an_event_of_another_school_is_not_found(client, outsider, event):
    client.force_login(outsider)
    assert client.get(_url(event)).status_code == 404


def test_an_unknown_event_is_not_found(client, student):
    client.force_login(student)
    assert client.get(reverse("parliament:event_detail", args=[999999])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, event):
    response = client.get(_url(event))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("people", [1, 30])
def test_the_event_page_query_budget_is_flat(
    client, student, event, school, people, django_assert_max_num_queries
):
    for _ in range(people):
        event.organisers.add(StudentFactory(school=school, grade=8))
        event.participants.add(StudentFactory(school=school, grade=4))
    client.force_login(student)
    # session, user, staff record, student record, the event with its school, term, ministry, minister
    # and teacher, the current term, "may they edit?": an office, a ministry headed, a ministry's
    # membership; how many take part, "do I take part?", the organisers, the participants (for an organiser)
    with django_assert_max_num_queries(14):
        response = client.get(_url(event))
    assert response.status_code == 200
