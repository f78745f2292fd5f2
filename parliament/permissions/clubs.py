"""Who opens, joins and leads clubs (SP-4.2)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from parliament.models import Club
from parliament.permissions import (
    current_term,
    in_own_school_or_404,
    is_adviser,
    is_school_member,
    student_in_school,
)
from school_gov.models import School
from school_gov.people import Person

# Clubs, committees and creative groups (SP-4.2)


def can_view_clubs(person: Person, school: School) -> bool:
    return is_school_member(person, school)


def is_club_leader(person: Person, club: Club) -> bool:
    """The club's teacher or student leader."""
    staff = person.staff
    if staff is not None:
        return club.leader_staff_id == staff.pk
    student = person.student
    return student is not None and club.leader_student_id == student.pk


def can_join_club(person: Person, club: Club) -> bool:
    """SP-4.2: any student of the school may ask to join; the leader does not ask to join their own club."""
    student = student_in_school(person, club.school)
    return student is not None and club.leader_student_id != student.pk


def can_decide_membership(person: Person, club: Club) -> bool:
    """The leader accepts or declines a request to join."""
    return is_club_leader(person, club)


def can_create_club(person: Person, school: School) -> bool:
    """The director, the deputy director and the parliament's adviser open clubs."""
    if person.manages(school):
        return True
    term = current_term(school)
    return term is not None and is_school_member(person, school) and is_adviser(person, term)


def get_club_for_user(person: Person, pk: int) -> Club:
    club = in_own_school_or_404(
        Club.objects.select_related("school", "leader_staff", "leader_student"),
        person,
        school_field="school",
        pk=pk,
    )
    if not can_view_clubs(person, club.school):
        raise PermissionDenied
    return club
