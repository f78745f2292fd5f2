"""Issue 16, found by an attacker's walk: any student from grade 5 in the parliament could change every
event. SP-1.7 lets them organise events, not change the events others organise: an event is changed
(and its results written) by its own organisers, the parliament's adviser and the school's leaders, on
the page and again in the action."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from parliament.actions.events import create_event, edit_event
from parliament.forms.events import EventForm
from parliament.models import Event
from school_gov.models import AuditEvent
from school_gov.refusals import Refused
from tests.event_fixtures import edit_data as _data
from tests.event_fixtures import edit_url as _url
from tests.factories import MinistryFactory, StudentFactory, UserFactory
from tests.steps import act

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NOT_YOURS = "An event is changed by its organisers, the parliament"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def other_member(school, term):
    """A grade-8 member of another ministry: in the parliament, free to organise, no organiser here."""
    user = UserFactory(username="other_member")
    StudentFactory(school=school, user=user, grade=8, surname="Бөтөнова")
    MinistryFactory(term=term, name="Спорт министрлиги").members.add(user.student)
    return user


def _form(event, **overrides) -> EventForm:
    form = EventForm(_data(event, **overrides), instance=event, school=event.school, term=event.term)
    assert form.is_valid(), form.errors
    return form


def test_a_parliament_member_who_does_not_organise_the_event_gets_403_and_is_told_why(
    client, other_member, event
):
    client.force_login(other_member)
    response = client.get(_url(event), **EN)
    assert response.status_code == 403
    assert NOT_YOURS in response.text
    assert client.post(_url(event), _data(event, title="Бузулду"), **EN).status_code == 403
    event.refresh_from_db()
    assert event.title == "Күзгү кече"
    assert not AuditEvent.objects.filter(action="parliament.event.edited").exists()


def test_the_action_refuses_a_parliament_member_who_does_not_organise_the_event(other_member, event):
    with pytest.raises(Refused) as refused:
        edit_event(event, by=act(other_member), form=_form(event, title="Бузулду"))
    assert refused.value.reason == Refused.NOT_ALLOWED
    assert NOT_YOURS in refused.value.message
    event.refresh_from_db()
    assert event.title == "Күзгү кече"
    assert not AuditEvent.objects.filter(action="parliament.event.edited").exists()


def test_the_event_page_offers_no_edit_link_and_no_participant_names_to_a_non_organiser(
    client, other_member, event, school
):
    event.participants.add(StudentFactory(school=school, surname="Жумабаева", grade=6))
    client.force_login(other_member)
    response = client.get(reverse("parliament:event_detail", args=[event.pk]), **EN)
    assert response.status_code == 200
    assert _url(event) not in response.text
    assert "Жумабаева" not in response.text


def test_a_non_organiser_may_still_organise_an_event_of_their_own(client, other_member, term):
    client.force_login(other_member)
    assert client.get(reverse("parliament:event_create")).status_code == 200


@pytest.mark.parametrize("who", ["student", "president", "adviser", "deputy", "director"])
def test_the_organiser_the_minister_of_its_ministry_the_adviser_and_the_leaders_may_edit(
    client, request, event, who
):
    """`student` organises the event, `president` is the minister of its ministry."""
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(_url(event)).status_code == 200
    response = client.post(_url(event), _data(event, place=f"Акт залы ({who})"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.place == f"Акт залы ({who})"
    assert AuditEvent.objects.get(action="parliament.event.edited").actor == user


def test_the_responsible_teacher_may_edit(client, teacher, event):
    event.responsible_teacher = teacher.staff
    event.save()
    client.force_login(teacher)
    response = client.post(_url(event), _data(event, place="Спорт зал"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.place == "Спорт зал"


def test_a_teacher_who_is_neither_adviser_nor_responsible_gets_403(client, teacher, event):
    client.force_login(teacher)
    assert client.get(_url(event)).status_code == 403
    with pytest.raises(Refused):
        edit_event(event, by=act(teacher), form=_form(event, title="Бузулду"))


def test_the_student_who_created_the_event_may_edit_it_after_leaving_its_organisers(
    other_member, term, school
):
    start = timezone.localtime() + datetime.timedelta(days=7)
    data = {
        "title": "Шахмат турнири",
        "kind": "sport",
        "olympiad_stage": "",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": "",
        "place": "",
        "ministry": "",
        "organisers": [],
        "responsible_teacher": "",
        "audience_from_grade": 5,
        "audience_to_grade": 11,
        "description": "",
    }
    form = EventForm(data, school=school, term=term)
    assert form.is_valid(), form.errors
    event = create_event(form, by=act(other_member), school=school)
    assert not event.organisers.exists()
    edited = edit_event(event, by=act(other_member), form=_form(Event.objects.get(pk=event.pk), place="Зал"))
    assert edited.place == "Зал"


def test_a_pupil_is_still_told_about_the_organiser_band(client, pupil, event):
    client.force_login(pupil)
    response = client.get(_url(event), **EN)
    assert response.status_code == 403
    assert "is in grade 3; students organise events from grade 5" in response.text


def test_the_director_of_another_school_is_not_found(client, outsider, event):
    client.force_login(outsider)
    assert client.get(_url(event)).status_code == 404
    with pytest.raises(Refused) as refused:
        edit_event(event, by=act(outsider), form=_form(event, title="Бузулду"))
    assert refused.value.reason == Refused.NOT_FOUND


def test_an_anonymous_visitor_is_sent_to_sign_in(client, event):
    response = client.get(_url(event))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
