"""Who makes, supports and answers proposals (SP-3.1, SP-3.2)."""

from __future__ import annotations

from django.utils.translation import gettext

from parliament.models import Ministry, Proposal, ProposalStatus
from parliament.permissions import (
    current_term,
    in_own_school_or_404,
    is_adviser,
    require_voice,
    student_in_school,
)
from school_gov.models import School, Student
from school_gov.people import Person

# SP-3.2: a proposal gathers support while the school body has not decided on it.
SUPPORTABLE = (ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW)


# Proposals


def can_create_proposal(person: Person, school: School | None) -> bool:
    """SP-3.1: any student of the school proposes (a minister also on behalf of their ministry)."""
    return school is not None and student_in_school(person, school) is not None


def ministries_led_by(person: Person, school: School | None):
    """The current term's ministries whose minister the user is: they may propose on its behalf."""
    student = student_in_school(person, school) if school is not None else None
    term = current_term(school)
    if student is None or term is None:
        return Ministry.objects.none()
    return Ministry.objects.filter(term=term, minister=student)


def proposal_support_refusal(student: Student | None, proposal: Proposal) -> str | None:
    """Why this student may not support the proposal, or None (SP-3.2: one support per student)."""
    if student is None or student.school_id != proposal.school_id:
        return gettext("Only the school's students support its proposals.")
    if proposal.status not in SUPPORTABLE:
        return gettext("The proposal has been decided on; it no longer gathers support.")
    if proposal.supports.filter(student=student).exists():
        return gettext("You already support this proposal.")
    return None


def is_proposal_student(person: Person, proposal: Proposal) -> bool:
    return student_in_school(person, proposal.school) is not None


def can_answer_proposal(person: Person, proposal: Proposal) -> bool:
    """SP-3.1: the body's written answer is given by staff: the director, the deputy or the adviser."""
    school = proposal.school
    if person.school != school:
        return False
    if person.manages(school):
        return True
    term = current_term(school)
    return term is not None and is_adviser(person, term)


def get_proposal_for_user(person: Person, pk: int) -> Proposal:
    require_voice(person)
    return in_own_school_or_404(
        Proposal.objects.select_related("school", "author", "ministry", "answered_by"), person, pk=pk
    )
