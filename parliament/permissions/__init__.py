"""Who may see and do what in the parliament: shared predicates here, each area's in its own module.

Students see their own school's parliament; a few pages are public (the home, a ministry, the
calendar) and show students only as office-holders' first name and surname initial.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from parliament.models import Ministry, Office, Term
from school_gov import roles
from school_gov.models import School, Student, Tier
from school_gov.permissions import school_of
from school_gov.roles import roles_of, staff_of, student_of


def in_own_school_or_404(queryset: QuerySet, user, *, school_field: str = "school", **lookup):
    """One row of the parliament of the signed-in person's own school; anything else is 404, as if it
    did not exist. The parliament is the school's own: district staff and the superuser, who read
    other schools' records elsewhere, are outsiders here."""
    school = school_of(user)
    if school is None:
        raise Http404
    try:
        return queryset.get(**{school_field: school}, **lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def is_school_member(user, school: School | None) -> bool:
    """A student or a staff member of `school` itself (no query: the records are cached on the user)."""
    return school is not None and user.is_authenticated and school_of(user) == school


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


def is_adviser(user, term: Term) -> bool:
    staff = staff_of(user)
    return staff is not None and term.adviser_id == staff.pk


def is_school_leader(user, school: School) -> bool:
    """The director or the deputy director of the school."""
    return school_of(user) == school and bool(roles_of(user) & {roles.DIRECTOR, roles.DEPUTY_DIRECTOR})


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


def may_organise(student: Student | None) -> bool:
    """SP-1.7: grades of the organiser band and above organise events."""
    return student is not None and student.tier != Tier.PARTICIPANT


def student_in_school(user, school: School) -> Student | None:
    student = student_of(user)
    return student if student is not None and student.school_id == school.pk else None
