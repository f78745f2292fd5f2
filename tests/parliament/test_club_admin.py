"""Clubs in the admin: kept by the director and the deputy, scoped to their school."""

import pytest
from django.conf import settings
from django.urls import reverse

from parliament.models import Club, ClubMembership
from school_gov.models import AuditEvent
from tests.factories import ClubFactory, StaffFactory, StudentFactory

CHANGELIST = reverse("admin:parliament_club_changelist")
ADD = reverse("admin:parliament_club_add")


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _data(school, **overrides):
    data = {
        "school": school.pk,
        "name": "Журналистика",
        "kind": "club",
        "description": "",
        "leader_staff": "",
        "leader_student": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_the_director_sees_the_schools_clubs_only(client, director, school, other_school):
    ours = ClubFactory(school=school)
    ClubFactory(school=other_school)
    client.force_login(director)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [ours]


def test_the_deputy_adds_a_club_and_it_is_recorded(client, deputy, school, teacher):
    client.force_login(deputy)
    response = client.post(ADD, _data(school, leader_staff=teacher.staff.pk))
    assert response.status_code == 302
    club = Club.objects.get()
    assert club.leader_staff == teacher.staff
    assert AuditEvent.objects.filter(action="parliament.club.added", object_id=str(club.pk)).exists()


def test_a_leader_of_another_school_is_refused_in_the_admin(client, superuser, school, other_school):
    client.force_login(superuser)  # sees every school's people, so the form must check the pairing
    stranger = StaffFactory(school=other_school)
    response = client.post(ADD, _data(school, leader_staff=stranger.pk))
    assert response.status_code == 200
    assert "This teacher works at another school." in response.text
    assert not Club.objects.exists()


def test_the_members_are_shown_read_only(client, director, school):
    club = ClubFactory(school=school)
    member = StudentFactory(school=school, surname="Мүчөбаева")
    ClubMembership.objects.create(club=club, student=member, status="accepted")
    client.force_login(director)
    response = client.get(reverse("admin:parliament_club_change", args=[club.pk]))
    assert "Мүчөбаева" in response.text


def test_a_club_of_another_school_is_not_shown(client, outsider, school):
    club = ClubFactory(school=school)
    client.force_login(outsider)
    assert client.get(reverse("admin:parliament_club_change", args=[club.pk])).status_code == 302
