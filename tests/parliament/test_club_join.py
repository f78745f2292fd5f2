"""A student asks to join a club (SP-4.2: the right to join any club, committee or creative group)."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.models import ClubMembership
from school_gov.models import AuditEvent
from tests.factories import ClubFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def club(school):
    return ClubFactory(school=school, name="Шахмат ийрими")


def _url(club) -> str:
    return reverse("parliament:club_join", args=[club.pk])


def test_a_student_asks_to_join(client, student, club):
    client.force_login(student)
    response = client.post(_url(club), **EN)
    assert response.status_code == 302
    assert response["Location"] == reverse("parliament:club_detail", args=[club.pk])
    membership = ClubMembership.objects.get()
    assert (membership.club, membership.student, membership.status) == (club, student.student, "requested")
    event = AuditEvent.objects.get(action="parliament.clubmembership.requested")
    assert (event.actor, event.school) == (student, club.school)


def test_asking_twice_is_refused_with_a_message(client, student, club):
    client.force_login(student)
    client.post(_url(club))
    response = client.post(_url(club), follow=True, **EN)
    assert "You have already asked to join this club." in response.text
    assert ClubMembership.objects.count() == 1


def test_a_member_does_not_ask_again(client, student, club):
    ClubMembership.objects.create(club=club, student=student.student, status="accepted")
    client.force_login(student)
    response = client.post(_url(club), follow=True, **EN)
    assert "You are already a member of this club." in response.text
    assert ClubMembership.objects.get().status == "accepted"


def test_after_a_refusal_the_student_may_ask_again(client, student, club):
    ClubMembership.objects.create(club=club, student=student.student, status="declined")
    client.force_login(student)
    client.post(_url(club))
    membership = ClubMembership.objects.get()
    assert membership.status == "requested"
    assert membership.decided_at is None


def test_the_student_leader_does_not_ask_to_join_their_own_club(client, president, school):
    club = ClubFactory(school=school, leader_staff=None, leader_student=president.student)
    client.force_login(president)
    assert client.post(_url(club)).status_code == 403
    assert not ClubMembership.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "director"])
def test_staff_do_not_join_clubs(request, client, club, who):
    client.force_login(request.getfixturevalue(who))
    assert client.post(_url(club)).status_code == 403
    assert not ClubMembership.objects.exists()


def test_a_student_of_another_school_gets_not_found(client, club, other_school):
    from tests.factories import StudentFactory, UserFactory

    user = UserFactory(username="stranger")
    StudentFactory(school=other_school, user=user)
    client.force_login(user)
    assert client.post(_url(club)).status_code == 404


def test_joining_answers_only_post(client, student, club):
    client.force_login(student)
    assert client.get(_url(club)).status_code == 405


def test_an_anonymous_visitor_is_sent_to_sign_in(client, club):
    response = client.post(_url(club))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
