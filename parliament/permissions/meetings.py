"""Who reads and keeps the parliament's minutes (SP-4.2): the school reads open minutes; closed ones
are for the parliament's members and the adviser."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from parliament.models import Meeting, Office, OfficeKind, Term
from parliament.permissions import (
    in_own_school_or_404,
    is_adviser,
    is_parliament_member,
    is_school_member,
    student_in_school,
)
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
