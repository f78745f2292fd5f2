"""Organising an event (SP-1.7, SP-2.3–2.6): students of the organiser band and above in the
parliament, the adviser, the director and the deputy; organisers of the participant band are refused
with the reason and nothing is saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from parliament.models import Event
from school_gov.models import AuditEvent
from tests.factories import MinistryFactory, OfficeFactory, StudentFactory, UserFactory

URL = reverse("parliament:event_create")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def ministry(term, president, student):
    ministry = MinistryFactory(term=term, name="Спорт министрлиги", minister=president.student)
    ministry.members.add(student.student)
    return ministry


def _data(**overrides) -> dict:
    start = timezone.localtime() + datetime.timedelta(days=7)
    data = {
        "title": "Волейбол боюнча класстар аралык мелдеш",
        "kind": "sport",
        "olympiad_stage": "",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Спорт зал",
        "ministry": "",
        "organisers": [],
        "responsible_teacher": "",
        "audience_from_grade": 5,
        "audience_to_grade": 11,
        "description": "",
    }
    data.update(overrides)
    return data


def test_a_ministry_member_in_grade_7_organises_an_event(client, student, ministry, adviser):
    client.force_login(student)
    data = _data(ministry=ministry.pk, organisers=[student.student.pk], responsible_teacher=adviser.staff.pk)
    response = client.post(URL, data)
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert event.school == student.student.school
    assert event.term == ministry.term
    assert event.ministry == ministry
    assert list(event.organisers.all()) == [student.student]
    assert event.responsible_teacher == adviser.staff
    audit = AuditEvent.objects.get(action="parliament.event.created")
    assert audit.actor == student
    assert audit.data["organisers"] == [student.student.pk]


def test_the_form_starts_with_the_student_as_organiser_and_the_adviser_as_teacher(
    client, student, ministry, adviser
):
    client.force_login(student)
    form = client.get(URL).context["form"]
    assert form.initial["organisers"] == [student.student.pk]
    assert form.initial["responsible_teacher"] == adviser.staff.pk


def test_the_form_offers_only_students_who_may_organise(client, adviser, term, student, pupil):
    client.force_login(adviser)
    offered = [pk for pk, _label in client.get(URL).context["form"].fields["organisers"].choices]
    assert [o.value for o in offered] == [student.student.pk]


def test_an_organiser_in_grade_3_is_refused_with_the_reason_and_nothing_is_saved(
    client, adviser, term, student, pupil
):
    client.force_login(adviser)
    response = client.post(URL, _data(organisers=[student.student.pk, pupil.student.pk]), **EN)
    assert response.status_code == 200
    assert (
        f"{pupil.student.full_name} is in grade 3; students organise events from grade 5 "
        "and take part in them before that."
    ) in response.text
    assert not Event.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="parliament.event").exists()


def test_an_office_holder_organises(client, term, president):
    OfficeFactory(term=term, student=president.student, starts_on=term.school_year.start_date)
    client.force_login(president)
    assert client.post(URL, _data()).status_code == 302
    assert Event.objects.count() == 1


@pytest.mark.parametrize("who", ["adviser", "director", "deputy"])
def test_the_adviser_and_the_leaders_organise(client, term, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(URL, _data()).status_code == 302
    assert Event.objects.count() == 1


def test_the_director_organises_before_the_parliament_has_a_term(client, director, school):
    client.force_login(director)
    assert client.post(URL, _data()).status_code == 302
    assert Event.objects.get().term is None


def test_a_grade_3_pupil_is_refused_with_their_grade_and_the_band(client, term, pupil):
    client.force_login(pupil)
    for response in (client.get(URL, **EN), client.post(URL, _data(), **EN)):
        assert response.status_code == 403
        assert "is in grade 3; students organise events from grade 5" in response.text
    assert not Event.objects.exists()


def test_a_grade_7_student_outside_the_parliament_is_refused_with_the_reason(client, term, student):
    client.force_login(student)
    response = client.get(URL, **EN)
    assert response.status_code == 403
    assert "ask a minister to take you into a ministry" in response.text


def test_a_teacher_who_is_not_the_adviser_is_refused(client, term, teacher):
    client.force_login(teacher)
    response = client.post(URL, _data(), **EN)
    assert response.status_code == 403
    assert "adviser, the director, the deputy director and the students" in response.text
    assert not Event.objects.exists()


def test_the_bands_are_the_schools_setting(client, school, term, ministry, student):
    school.organisers_from_grade = 8
    school.office_holders_from_grade = 10
    school.save()
    client.force_login(student)
    response = client.get(URL, **EN)
    assert response.status_code == 403
    assert "is in grade 7; students organise events from grade 8" in response.text


def test_an_olympiad_needs_its_stage(client, adviser, term):
    client.force_login(adviser)
    response = client.post(URL, _data(kind="olympiad"), **EN)
    assert "Say which stage of the olympiad this is." in response.text
    response = client.post(URL, _data(kind="olympiad", olympiad_stage="district"))
    assert Event.objects.get().olympiad_stage == "district"


def test_an_event_cannot_end_before_it_starts(client, adviser, term):
    client.force_login(adviser)
    start = timezone.localtime() + datetime.timedelta(days=7)
    data = _data(ends_at=(start - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    response = client.post(URL, data, **EN)
    assert "An event cannot end before it starts." in response.text
    assert not Event.objects.exists()


@pytest.mark.parametrize(("first", "last"), [(0, 11), (5, 13), (9, 5)])
def test_the_audience_grades_must_make_sense(client, adviser, term, first, last):
    client.force_login(adviser)
    response = client.post(URL, _data(audience_from_grade=first, audience_to_grade=last))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Event.objects.exists()


def test_a_student_of_another_school_cannot_be_an_organiser(client, adviser, term, other_school):
    stranger = StudentFactory(school=other_school, grade=9)
    client.force_login(adviser)
    response = client.post(URL, _data(organisers=[stranger.pk]))
    assert "organisers" in response.context["form"].errors
    assert not Event.objects.exists()


def test_a_ministry_of_another_school_cannot_organise(client, adviser, term, other_school):
    foreign = MinistryFactory(term__school=other_school)
    client.force_login(adviser)
    response = client.post(URL, _data(ministry=foreign.pk))
    assert "ministry" in response.context["form"].errors


def test_results_are_not_asked_for_before_the_event(client, adviser, term):
    client.force_login(adviser)
    assert "results" not in client.get(URL).context["form"].fields


def test_an_account_without_a_school_gets_not_found(client, db):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(URL).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
