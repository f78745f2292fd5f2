"""Who may see and do what with meetings (SP-4.2), confidential appeals (SP-3.3) and clubs (SP-4.2).

The parliament's pages belong to one school: a fetch helper answers 404 to anyone outside the record's
school (the district's methodologist and the technical superuser included: the parliament is the
school's own body) and 403 to a member of the school without the right.

Appeals are the exception to that rule: anyone who may not see an appeal gets 404, members of the school
too, so that a page never confirms that an appeal exists (zulip's "same error for no access and does
not exist").
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from parliament.models import Appeal, Club, Meeting, Office, OfficeKind, Term
from parliament.permissions import (
    current_term,
    in_own_school_or_404,
    is_adviser,
    is_parliament_member,
    is_school_member,
    student_in_school,
)
from school_gov import roles
from school_gov.models import School
from school_gov.people import Person

# The office-holders who keep the parliament's minutes besides the adviser.
MINUTES_KEEPERS = (OfficeKind.SECRETARY, OfficeKind.SPEAKER, OfficeKind.PRESIDENT)


# Meetings (SP-4.2)


def can_view_meetings(person: Person, school: School) -> bool:
    """The school's students and staff see that meetings took place: number, date, open or closed."""
    return is_school_member(person, school)


def can_read_minutes(person: Person, meeting: Meeting) -> bool:
    """SP-4.2: an open meeting's minutes are the school's; a closed meeting's are for the parliament's
    members and the adviser only — not the school's leaders, not other students."""
    term = meeting.term
    if not is_school_member(person, term.school):
        return False
    return not meeting.is_closed or reads_closed_minutes(person, term)


def reads_closed_minutes(person: Person, term: Term) -> bool:
    """SP-4.2: the term's adviser and its members (office-holders, ministers, ministry members) read the
    minutes of its closed meetings; the list asks once per term instead of once per meeting."""
    return is_adviser(person, term) or is_parliament_member(student_in_school(person, term.school), term)


def can_record_meeting(person: Person, term: Term | None) -> bool:
    """The adviser, or the term's secretary, speaker or president, writes a meeting's minutes."""
    if term is None or not is_school_member(person, term.school):
        return False
    if is_adviser(person, term):
        return True
    student = student_in_school(person, term.school)
    return (
        student is not None
        and Office.objects.current(timezone.localdate())
        .filter(term=term, student=student, kind__in=MINUTES_KEEPERS)
        .exists()
    )


def get_meeting_for_user(person: Person, pk: int) -> Meeting:
    """A meeting of the user's school (404 otherwise). Whether its minutes may be read is the view's
    second question: a closed meeting still shows that it took place."""
    meeting = in_own_school_or_404(
        Meeting.objects.select_related("minutes", "term__school", "term__school_year"),
        person,
        school_field="term__school",
        pk=pk,
    )
    if not can_view_meetings(person, meeting.term.school):
        raise PermissionDenied
    return meeting


# Confidential appeals (SP-3.3; SP-4.2 honour and dignity)


def is_appeal_handler(person: Person, school: School) -> bool:
    """SP-3.3: the school's social pedagogue and deputy director (current appointments) and the adviser
    of its current parliament handle appeals. Not the director, not the president, not the superuser."""
    if not is_school_member(person, school) or person.staff is None:
        return False
    if person.roles & {roles.SOCIAL_PEDAGOGUE, roles.DEPUTY_DIRECTOR}:
        return True
    term = current_term(school)
    return term is not None and is_adviser(person, term)


def is_appeal_author(person: Person, appeal: Appeal) -> bool:
    student = person.student
    return student is not None and student.pk == appeal.author_id


def can_view_appeal(person: Person, appeal: Appeal) -> bool:
    """Only the author and the handlers ever see an appeal."""
    return is_appeal_handler(person, appeal.school) or is_appeal_author(person, appeal)


def can_handle_appeal(person: Person, appeal: Appeal) -> bool:
    """The handlers change an appeal's status and write its resolution."""
    return is_appeal_handler(person, appeal.school)


def can_file_appeal(person: Person) -> bool:
    """Any student with an account may file an appeal."""
    return person.student is not None


def get_appeal_for_user(person: Person, pk: int) -> Appeal:
    """An appeal for its author or a handler; 404 for everyone else, as if it did not exist."""
    if not person.is_authenticated:
        raise Http404
    appeal = Appeal.objects.select_related("school", "author", "handled_by").filter(pk=pk).first()
    if appeal is None or not can_view_appeal(person, appeal):
        raise Http404
    return appeal


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
