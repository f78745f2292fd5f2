"""The clubs page (SP-4.2): the school's clubs, committees and creative groups; a student's own first."""

import pytest
from django.urls import reverse
from django.utils import translation

from parliament.models import ClubMembership
from tests.factories import ClubFactory, StudentFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = reverse("parliament:club_list")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def clubs(school, other_school):
    chess = ClubFactory(school=school, name="Шахмат ийрими")
    theatre = ClubFactory(school=school, name="Театр студиясы", kind="creative_group")
    ecology = ClubFactory(school=school, name="Экология комитети", kind="committee")
    ClubFactory(school=other_school, name="Чет мектептин ийрими")
    return chess, theatre, ecology


def _names(rows) -> list[str]:
    return [club.name for club, _membership, _leads in rows]


def test_a_student_sees_their_clubs_first(client, student, clubs):
    chess, theatre, ecology = clubs
    ClubMembership.objects.create(club=theatre, student=student.student, status="accepted")
    ClubMembership.objects.create(club=ecology, student=student.student, status="requested")
    client.force_login(student)
    response = client.get(URL, **EN)
    assert response.status_code == 200
    assert _names(response.context["my_rows"]) == ["Театр студиясы", "Экология комитети"]
    assert _names(response.context["other_rows"]) == ["Шахмат ийрими"]
    assert "My clubs" in response.text
    assert "asked to join" in response.text
    assert "Чет мектептин" not in response.text


def test_a_declined_request_does_not_make_it_my_club(client, student, clubs):
    ClubMembership.objects.create(club=clubs[0], student=student.student, status="declined")
    client.force_login(student)
    response = client.get(URL)
    assert response.context["my_rows"] == []


def test_a_leading_teacher_sees_the_club_they_lead_first(client, teacher, school, clubs):
    ClubFactory(school=school, name="Робототехника", leader_staff=teacher.staff)
    client.force_login(teacher)
    response = client.get(URL, **EN)
    assert _names(response.context["my_rows"]) == ["Робототехника"]
    assert "you lead it" in response.text


def test_the_members_are_counted(client, teacher, clubs, school):
    chess = clubs[0]
    for status in ("accepted", "accepted", "requested", "declined"):
        ClubMembership.objects.create(club=chess, student=StudentFactory(school=school), status=status)
    client.force_login(teacher)
    response = client.get(URL, **EN)
    counted = {club.name: club.member_count for club, _m, _l in response.context["other_rows"]}
    assert counted["Шахмат ийрими"] == 2
    assert "2 members" in response.text


@pytest.mark.parametrize(
    ("who", "may_create"),
    [("director", True), ("deputy", True), ("adviser", True), ("teacher", False), ("student", False)],
)
def test_the_leaders_and_the_adviser_get_the_new_club_button(request, client, term, clubs, who, may_create):
    client.force_login(request.getfixturevalue(who))
    assert (reverse("parliament:club_create") in client.get(URL).text) is may_create


def test_an_account_without_a_school_may_not_open_the_clubs(client, superuser):
    client.force_login(superuser)
    assert client.get(URL).status_code == 404  # an outsider to the school's own parliament


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("count", [3, 50])
def test_the_club_list_query_budget_is_flat(client, student, school, count, django_assert_max_num_queries):
    for index in range(count):
        club = ClubFactory(school=school, name=f"Ийрим {index}")
        ClubMembership.objects.create(club=club, student=StudentFactory(school=school), status="accepted")
        if index % 2:
            ClubMembership.objects.create(club=club, student=student.student)
    client.force_login(student)
    # session, user, staff record, student record, the student's memberships, clubs with leaders and
    # member counts, may create? (the current term's adviser)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(response.context["my_rows"]) + len(response.context["other_rows"]) == count
