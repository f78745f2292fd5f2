"""The club's leader accepts or declines a request to join (SP-4.2)."""

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
def club(school, teacher):
    return ClubFactory(school=school, name="Шахмат ийрими", leader_staff=teacher.staff)


@pytest.fixture
def request_to_join(club, student):
    return ClubMembership.objects.create(club=club, student=student.student)


def _url(club) -> str:
    return reverse("parliament:club_decide", args=[club.pk])


@pytest.mark.parametrize(("decision", "status"), [("accept", "accepted"), ("decline", "declined")])
def test_the_leader_accepts_or_declines(client, teacher, club, request_to_join, decision, status):
    client.force_login(teacher)
    response = client.post(_url(club), {"membership": request_to_join.pk, "decision": decision})
    assert response.status_code == 302
    request_to_join.refresh_from_db()
    assert request_to_join.status == status
    assert request_to_join.decided_at is not None
    event = AuditEvent.objects.get(action=f"parliament.clubmembership.{status}")
    assert (event.actor, event.school, event.object_id) == (teacher, club.school, str(request_to_join.pk))


def test_an_accepted_student_sees_the_club_among_theirs(client, teacher, student, club, request_to_join):
    client.force_login(teacher)
    client.post(_url(club), {"membership": request_to_join.pk, "decision": "accept"})
    client.force_login(student)
    response = client.get(reverse("parliament:club_list"))
    assert [row[0] for row in response.context["my_rows"]] == [club]


def test_a_student_leader_decides_too(client, president, student, school):
    club = ClubFactory(school=school, leader_staff=None, leader_student=president.student)
    membership = ClubMembership.objects.create(club=club, student=student.student)
    client.force_login(president)
    client.post(_url(club), {"membership": membership.pk, "decision": "accept"})
    membership.refresh_from_db()
    assert membership.status == "accepted"


def test_a_request_already_decided_is_not_decided_twice(client, teacher, club, request_to_join):
    client.force_login(teacher)
    client.post(_url(club), {"membership": request_to_join.pk, "decision": "accept"})
    response = client.post(
        _url(club), {"membership": request_to_join.pk, "decision": "decline"}, follow=True, **EN
    )
    assert "This request was already decided." in response.text
    request_to_join.refresh_from_db()
    assert request_to_join.status == "accepted"


def test_an_unknown_decision_changes_nothing(client, teacher, club, request_to_join):
    client.force_login(teacher)
    response = client.post(
        _url(club), {"membership": request_to_join.pk, "decision": "maybe"}, follow=True, **EN
    )
    assert "Choose a request and accept or decline it." in response.text
    assert ClubMembership.objects.get().status == "requested"


def test_a_request_to_another_club_is_not_found(client, teacher, club, school, student):
    other = ClubFactory(school=school, name="Театр")
    membership = ClubMembership.objects.create(club=other, student=student.student)
    client.force_login(teacher)
    assert client.post(_url(club), {"membership": membership.pk, "decision": "accept"}).status_code == 404
    assert ClubMembership.objects.get(pk=membership.pk).status == "requested"


@pytest.mark.parametrize("who", ["student", "director", "adviser"])
def test_only_the_leader_decides(request, client, club, request_to_join, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(_url(club), {"membership": request_to_join.pk, "decision": "accept"})
    assert response.status_code == 403
    assert ClubMembership.objects.get().status == "requested"


def test_a_director_of_another_school_gets_not_found(client, outsider, club, request_to_join):
    client.force_login(outsider)
    assert (
        client.post(_url(club), {"membership": request_to_join.pk, "decision": "accept"}).status_code == 404
    )


def test_deciding_answers_only_post(client, teacher, club):
    client.force_login(teacher)
    assert client.get(_url(club)).status_code == 405


def test_an_anonymous_visitor_is_sent_to_sign_in(client, club, request_to_join):
    response = client.post(_url(club), {"membership": request_to_join.pk, "decision": "accept"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
