"""Taking part in an event (SP-1.6): any student of the audience grades, grades 1–4 included."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from school_gov.models import AuditEvent
from tests.factories import EventFactory, StudentFactory, UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def event(school):
    return EventFactory(
        school=school,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        audience_from_grade=1,
        audience_to_grade=11,
    )


def _url(event) -> str:
    return reverse("parliament:event_join", args=[event.pk])


def test_a_pupil_takes_part_and_the_join_is_recorded(client, pupil, event):
    client.force_login(pupil)
    response = client.post(_url(event), **EN)
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert list(event.participants.all()) == [pupil.student]
    audit = AuditEvent.objects.get(action="parliament.event.joined")
    assert audit.actor == pupil
    assert audit.data == {"student": pupil.student.pk}


def test_joining_twice_changes_nothing(client, pupil, event):
    client.force_login(pupil)
    client.post(_url(event))
    response = client.post(_url(event), follow=True, **EN)
    assert "You already take part in this event." in response.text
    assert event.participants.count() == 1
    assert AuditEvent.objects.filter(action="parliament.event.joined").count() == 1


def test_a_student_outside_the_audience_grades_is_refused_with_the_reason(client, pupil, event):
    event.audience_from_grade = 5
    event.save()
    client.force_login(pupil)
    response = client.post(_url(event), follow=True, **EN)
    assert "This event is for grades 5–11; you are in grade 3." in response.text
    assert not event.participants.exists()


def test_an_event_that_is_over_takes_no_more_participants(client, student, event):
    event.starts_at = timezone.now() - datetime.timedelta(hours=3)
    event.ends_at = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    client.force_login(student)
    response = client.post(_url(event), follow=True, **EN)
    assert "This event is over." in response.text
    assert not event.participants.exists()


def test_an_event_under_way_still_takes_participants(client, student, event):
    event.starts_at = timezone.now() - datetime.timedelta(hours=1)
    event.ends_at = timezone.now() + datetime.timedelta(hours=1)
    event.save()
    client.force_login(student)
    client.post(_url(event))
    assert event.participants.count() == 1


def test_staff_may_not_take_part(client, teacher, event):
    client.force_login(teacher)
    assert client.post(_url(event)).status_code == 403
    assert not event.participants.exists()


def test_a_student_of_another_school_gets_not_found(client, other_school, event):
    stranger = UserFactory(username="stranger")
    StudentFactory(school=other_school, user=stranger, grade=7)
    client.force_login(stranger)
    assert client.post(_url(event)).status_code == 404


def test_joining_needs_a_post(client, pupil, event):
    client.force_login(pupil)
    assert client.get(_url(event)).status_code == 405


def test_an_anonymous_visitor_is_sent_to_sign_in(client, event):
    response = client.post(_url(event))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
