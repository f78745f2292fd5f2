"""Who may see, join and organise events, and keep the self-service duty roster (SP-1.6, 1.7, 2.3–2.6).

Refusals are sentences, not booleans: a student who may not organise is told why (their grade and the
school's band), so each decision has a `*_refusal` function returning the reason or None, and a `can_*`
predicate on top of it for templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext

from parliament.models import DutyAssignment, Event, Term
from parliament.models.events import organiser_problems
from parliament.permissions import (
    current_term,
    holds_office,
    in_own_school_or_404,
    is_adviser,
    is_parliament_member,
    is_school_member,
    student_in_school,
)
from school_gov import roles
from school_gov.models import Appointment, Role, School
from school_gov.people import Person

# Events


def organise_refusal(person: Person, school: School, term: Term | None = None) -> str | None:
    """SP-1.7: why `user` may not organise the school's events, or None when they may.

    Organisers are students of the organiser band and above who belong to the term's ministries or hold
    an office, the term's adviser, and the director or deputy director. `term` saves a query when the
    caller has it already.
    """
    if person.manages(school):
        return None
    term = term if term is not None else current_term(school)
    student = student_in_school(person, school)
    if student is not None:
        problems = organiser_problems([student])
        if problems:
            return problems[0]
        if term is None:
            return gettext("The school has no parliament for this school year yet.")
        if not is_parliament_member(student, term):
            return gettext(
                "Events are organised by the members of the parliament's ministries and its "
                "office-holders; ask a minister to take you into a ministry."
            )
        return None
    if term is not None and is_adviser(person, term):
        return None
    return gettext(
        "Events are organised by the parliament's adviser, the director, the deputy director and the "
        "students of the parliament."
    )


def can_organise(person: Person, school: School, term: Term | None = None) -> bool:
    return organise_refusal(person, school, term) is None


def edit_refusal(person: Person, event: Event, term: Term | None = None) -> str | None:
    """SP-1.7: why `person` may not change `event` or write its results, or None when they may.

    SP-1.7 lets a student of the organiser band organise events, not change the events others organise:
    an event is changed by its own organisers (its student organisers, the minister of its organising
    ministry, its responsible teacher, whoever created it), the parliament's adviser and the school's
    director and deputy director. `term` (the school's current one) saves a query when the caller has
    it already; `event` comes with its school and ministry (get_event_for_user, the action's lock)."""
    school = event.school
    if person.manages(school):
        return None
    refusal = gettext(
        "An event is changed by its organisers, the parliament's adviser, the director and the deputy "
        "director."
    )
    if not person.belongs_to(school):
        return refusal
    student = student_in_school(person, school)
    if student is not None:
        problems = organiser_problems([student])
        if problems:  # a student of the participant band is told why, as when organising (SP-1.6)
            return problems[0]
        if event.ministry is not None and event.ministry.minister_id == student.pk:
            return None
        if event.organisers.filter(pk=student.pk).exists():
            return None
    else:
        term = term if term is not None else current_term(school)
        if term is not None and is_adviser(person, term):
            return None
        if person.is_staff_member_of(event.responsible_teacher_id):
            return None
    # Whoever created the event.
    if event.created_by_id is not None and event.created_by_id == person.user.pk:
        return None
    return refusal


def can_edit_event(person: Person, event: Event, term: Term | None = None) -> bool:
    """The event's organisers, the adviser and the leaders change an event and write its results."""
    return edit_refusal(person, event, term) is None


def join_refusal(person: Person, event: Event, now=None) -> str | None:
    """SP-1.6: any student of the audience grades takes part in an event that has not ended."""
    student = student_in_school(person, event.school)
    if student is None:
        return gettext("Students of the school take part in its events.")
    if not event.is_for_grade(student.grade):
        return gettext("This event is for grades %(first)s–%(last)s; you are in grade %(grade)s.") % {
            "first": event.audience_from_grade,
            "last": event.audience_to_grade,
            "grade": student.grade,
        }
    now = now or timezone.now()
    if (event.ends_at or event.starts_at) < now:
        return gettext("This event is over.")
    return None


def get_event_for_user(person: Person, pk: int) -> Event:
    """An event for its page: 404 outside the user's schools, as if it did not exist."""
    return in_own_school_or_404(
        Event.objects.select_related(
            "school", "term", "ministry", "ministry__minister", "responsible_teacher"
        ),
        person,
        pk=pk,
    )


# The self-service duty roster (SP-2.6)


def _holds_office(person: Person, school: School, term: Term) -> bool:
    """`holds_office` for the signed-in student, asked once per term object (a page asks it several
    times; an action asks its freshly fetched term again)."""
    cache = term.__dict__.setdefault("_office_answers", {})
    student = student_in_school(person, school)
    key = student.pk if student is not None else None
    if key not in cache:
        cache[key] = holds_office(student, term)
    return cache[key]


def can_view_duty(person: Person, school: School) -> bool:
    return is_school_member(person, school)


def can_assign_duty(person: Person, school: School, term: Term | None = None) -> bool:
    """SP-2.6: the adviser, the director and the deputy, and the parliament's office-holders assign duty."""
    if person.manages(school):
        return True
    term = term if term is not None else current_term(school)
    if term is None:
        return False
    if is_adviser(person, term):
        return True
    return _holds_office(person, school, term)


@dataclass(frozen=True)
class DutyMarkers:
    """Which assignments a person may mark done: every one of the school's, or their own classes'."""

    everything: bool = False
    classes: frozenset[tuple[int, str]] = field(default_factory=frozenset)

    def allows(self, assignment: DutyAssignment) -> bool:
        return self.everything or (assignment.grade, assignment.class_letter) in self.classes


def duty_markers(person: Person, school: School, term: Term | None = None) -> DutyMarkers:
    """SP-2.6: class teachers mark their own classes' duty done; the adviser and office-holders any.

    Computed once per page, so a roster of any length costs the same queries.
    """
    if not is_school_member(person, school):
        return DutyMarkers()
    term = term if term is not None else current_term(school)
    if term is not None:
        if is_adviser(person, term):
            return DutyMarkers(everything=True)
        if _holds_office(person, school, term):
            return DutyMarkers(everything=True)
    staff = person.staff
    if staff is None or roles.CLASS_TEACHER not in person.roles:
        return DutyMarkers()
    classes = (
        Appointment.objects.current()
        .filter(staff=staff, role=Role.CLASS_TEACHER)
        .values_list("class_grade", "class_letter")
    )
    return DutyMarkers(classes=frozenset(classes))


def can_mark_duty(person: Person, assignment: DutyAssignment) -> bool:
    return duty_markers(person, assignment.school).allows(assignment)


def get_duty_for_user(person: Person, pk: int) -> DutyAssignment:
    """A roster row to mark: 404 outside the user's schools, 403 to whoever may not mark it."""
    assignment = in_own_school_or_404(DutyAssignment.objects.select_related("school"), person, pk=pk)
    if not can_mark_duty(person, assignment):
        raise PermissionDenied
    return assignment
