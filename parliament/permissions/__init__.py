"""Who may see and do what in the parliament: shared predicates here, each area's in its own module.

Students see their own school's parliament; a few pages are public (the home, a ministry, the
calendar) and show students only as office-holders' first name and surname initial.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from parliament.models import Ministry, Office, Term
from school_gov.models import School, Student
from school_gov.people import Person
from school_gov.permissions import get_in_own_school_or_404

# One row of the parliament of the person's own school; anything else is 404, as if it did not exist.
# The parliament is the school's own: district staff and the superuser, who read other schools' records
# elsewhere, are outsiders here.
in_own_school_or_404 = get_in_own_school_or_404


def is_school_member(person: Person, school: School | None) -> bool:
    """A student or a staff member of `school` itself (no query: the person knows their school)."""
    return person.belongs_to(school)


def current_term(school: School | None) -> Term | None:
    """The parliament of the school's current school year."""
    if school is None:
        return None
    return (
        Term.objects.filter(school=school, school_year__is_current=True)
        .select_related("school_year", "adviser", "school")
        .first()
    )


def public_name(student: Student) -> str:
    """How a public page names a student office-holder: first name and surname initial ("Айпери Т.")."""
    return f"{student.name} {student.surname[:1]}." if student.surname else student.name


def is_adviser(person: Person, term: Term) -> bool:
    staff = person.staff
    return staff is not None and term.adviser_id == staff.pk


def holds_office(student: Student | None, term: Term) -> bool:
    """An office-holder of the term: an office today, a ministry headed."""
    if student is None:
        return False
    today = timezone.localdate()
    return (
        Office.objects.current(today).filter(term=term, student=student).exists()
        or Ministry.objects.filter(term=term, minister=student).exists()
    )


def is_parliament_member(student: Student | None, term: Term) -> bool:
    """Office-holders, ministers and ministry members: those who may read closed meetings' minutes."""
    if student is None:
        return False
    return holds_office(student, term) or Ministry.objects.filter(Q(term=term) & Q(members=student)).exists()


def student_in_school(person: Person, school: School) -> Student | None:
    student = person.student
    return student if student is not None and student.school_id == school.pk else None


def can_view_voice(person: Person) -> bool:
    """Polls and proposals are for people with a school record (or the district's, the superuser)."""
    return person.is_authenticated and (person.is_superuser or person.school is not None)


def require_voice(person: Person) -> None:
    if not can_view_voice(person):
        raise PermissionDenied
