"""A club's page (SP-4.2): description, leader, members; the leader sees who asked to join."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.models import ClubMembership
from tests.factories import ClubFactory, StudentFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def club(school, teacher):
    return ClubFactory(
        school=school, name="Шахмат ийрими", description="Жума сайын шейшембиде.", leader_staff=teacher.staff
    )


def _url(club) -> str:
    return reverse("parliament:club_detail", args=[club.pk])


def test_a_student_sees_the_club_and_may_ask_to_join(client, student, club):
    client.force_login(student)
    response = client.get(_url(club), **EN)
    assert response.status_code == 200
    assert "Шахмат ийрими" in response.text
    assert "Жума сайын шейшембиде." in response.text
    assert response.context["can_join"]
    assert reverse("parliament:club_join", args=[club.pk]) in response.text


def test_a_student_who_asked_sees_that_the_leader_has_not_answered(client, student, club):
    ClubMembership.objects.create(club=club, student=student.student)
    client.force_login(student)
    response = client.get(_url(club), **EN)
    assert not response.context["can_join"]
    assert "the leader has not answered yet" in response.text


def test_only_the_leader_sees_the_requests(client, teacher, student, club, school):
    waiting = StudentFactory(school=school, surname="Күтүүчү")
    ClubMembership.objects.create(club=club, student=waiting)
    ClubMembership.objects.create(club=club, student=student.student, status="accepted")
    client.force_login(teacher)
    response = client.get(_url(club), **EN)
    assert [m.student for m in response.context["requests"]] == [waiting]
    assert [m.student for m in response.context["members"]] == [student.student]
    client.force_login(student)
    response = client.get(_url(club), **EN)
    assert response.context["requests"] == []
    assert "Күтүүчү" not in response.text


def test_staff_do_not_get_the_join_button(client, director, club):
    client.force_login(director)
    assert not client.get(_url(club)).context["can_join"]


def test_a_club_of_another_school_is_not_found(client, outsider, club):
    client.force_login(outsider)
    assert client.get(_url(club)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, club):
    response = client.get(_url(club))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("count", [2, 40])
def test_the_club_page_query_budget_is_flat(
    client, teacher, club, school, count, django_assert_max_num_queries
):
    for index in range(count):
        ClubMembership.objects.create(
            club=club, student=StudentFactory(school=school), status="requested" if index % 2 else "accepted"
        )
    client.force_login(teacher)
    # session, user, staff record, club with school and leaders, student record (none), memberships
    # with students, the navigation's roles
    with django_assert_max_num_queries(7):
        assert client.get(_url(club)).status_code == 200
