"""Opening a club, committee or creative group (SP-4.2): the school's leaders and the adviser."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.models import Club
from school_gov.models import AuditEvent
from tests.factories import ClubFactory, StaffFactory, StudentFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = reverse("parliament:club_create")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _data(**overrides):
    data = {
        "name": "Робототехника",
        "kind": "club",
        "description": "Ишемби сайын.",
        "leader_staff": "",
        "leader_student": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("who", ["director", "deputy", "adviser"])
def test_the_leaders_and_the_adviser_open_a_club(request, client, term, teacher, school, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(URL, _data(leader_staff=teacher.staff.pk))
    club = Club.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("parliament:club_detail", args=[club.pk])
    assert (club.school, club.name, club.leader_staff) == (school, "Робототехника", teacher.staff)
    event = AuditEvent.objects.get(action="parliament.club.created")
    assert (event.actor, event.school, event.object_id) == (user, school, str(club.pk))


def test_a_student_may_lead_a_club(client, director, president):
    client.force_login(director)
    client.post(URL, _data(kind="committee", leader_student=president.student.pk))
    assert Club.objects.get().leader_student == president.student


def test_a_club_needs_a_leader(client, director):
    client.force_login(director)
    response = client.post(URL, _data(), **EN)
    assert response.status_code == 200
    assert "Name the club" in response.text
    assert not Club.objects.exists()


def test_a_leader_from_another_school_is_refused(client, director, other_school):
    client.force_login(director)
    stranger = StaffFactory(school=other_school)
    response = client.post(URL, _data(leader_staff=stranger.pk), **EN)
    assert "Select a valid choice" in response.text
    assert not Club.objects.exists()
    student = StudentFactory(school=other_school)
    client.post(URL, _data(leader_student=student.pk))
    assert not Club.objects.exists()


def test_a_second_club_of_the_same_name_is_refused(client, director, school, teacher):
    ClubFactory(school=school, name="Робототехника")
    client.force_login(director)
    response = client.post(URL, _data(leader_staff=teacher.staff.pk), **EN)
    assert "The school already has a club of this name." in response.text
    assert Club.objects.count() == 1


@pytest.mark.parametrize("who", ["teacher", "student", "social_pedagogue", "president"])
def test_others_may_not_open_clubs(request, client, term, teacher, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(leader_staff=teacher.staff.pk)).status_code == 403
    assert not Club.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
