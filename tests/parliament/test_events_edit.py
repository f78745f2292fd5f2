"""Changing an event and writing its results afterwards: the same people who organise events."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from school_gov.models import AuditEvent
from tests.event_fixtures import edit_data as _data
from tests.event_fixtures import edit_url as _url
from tests.factories import MinistryFactory, SchoolYearFactory, TermFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_an_organiser_changes_the_place_and_the_change_is_recorded(client, student, event):
    client.force_login(student)
    response = client.post(_url(event), _data(event, place="Акт залы"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.place == "Акт залы"
    audit = AuditEvent.objects.get(action="parliament.event.edited")
    assert audit.actor == student
    assert audit.data == {"fields": ["place"]}


def test_after_the_event_its_results_are_written(client, adviser, event):
    event.starts_at = timezone.now() - datetime.timedelta(days=1)
    event.save()
    client.force_login(adviser)
    assert "results" in client.get(_url(event)).context["form"].fields
    client.post(_url(event), _data(event, results="1-орун: 10-Б классы"))
    event.refresh_from_db()
    assert event.results == "1-орун: 10-Б классы"


def test_before_the_event_results_cannot_be_written(client, adviser, event):
    client.force_login(adviser)
    assert "results" not in client.get(_url(event)).context["form"].fields
    client.post(_url(event), _data(event, results="Эрте жазылган"))
    event.refresh_from_db()
    assert event.results == ""


def test_adding_a_grade_3_organiser_is_refused_and_nothing_changes(client, adviser, event, student, pupil):
    client.force_login(adviser)
    data = _data(event, organisers=[student.student.pk, pupil.student.pk], place="Башка жер")
    response = client.post(_url(event), data, **EN)
    assert response.status_code == 200
    assert "is in grade 3; students organise events from grade 5" in response.text
    event.refresh_from_db()
    assert event.place == ""
    assert list(event.organisers.all()) == [student.student]
    assert not AuditEvent.objects.filter(action="parliament.event.edited").exists()


def test_an_older_event_keeps_its_years_ministries(client, adviser, event, school):
    old_year = SchoolYearFactory(
        school=school,
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2026, 5, 25),
        is_current=False,
    )
    old_term = TermFactory(school=school, school_year=old_year, adviser=adviser.staff)
    old_ministry = MinistryFactory(term=old_term, name="Эски министрлик")
    event.term = old_term
    event.ministry = old_ministry
    event.save()
    client.force_login(adviser)
    response = client.post(_url(event), _data(event, title="Жаңы аталыш"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.ministry == old_ministry


def test_a_pupil_may_not_edit_and_is_told_why(client, pupil, event):
    client.force_login(pupil)
    response = client.get(_url(event), **EN)
    assert response.status_code == 403
    assert "is in grade 3; students organise events from grade 5" in response.text
    assert client.post(_url(event), _data(event, title="Бузулду")).status_code == 403
    event.refresh_from_db()
    assert event.title == "Күзгү кече"


def test_a_teacher_who_is_not_the_adviser_may_not_edit(client, teacher, event):
    client.force_login(teacher)
    assert client.get(_url(event)).status_code == 403


def test_an_event_of_another_school_is_not_found(client, outsider, event):
    client.force_login(outsider)
    assert client.get(_url(event)).status_code == 404
    assert client.post(_url(event), _data(event)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, event):
    response = client.get(_url(event))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
