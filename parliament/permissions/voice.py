"""Who may do what with polls and proposals (SP-3.1, SP-3.2): one predicate per decision, fetch helpers.

Polls and proposals are the school's: its staff and students (and the district, reading) see them; anyone
from another school gets 404, as for a record that does not exist.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext

from parliament.models import Ministry, Poll, PollResponse, Proposal, ProposalStatus
from parliament.permissions import (
    current_term,
    holds_office,
    in_own_school_or_404,
    is_adviser,
    student_in_school,
)
from school_gov.models import School, Student
from school_gov.people import Person

# SP-3.2: a proposal gathers support while the school body has not decided on it.
SUPPORTABLE = (ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW)


def can_view_voice(person: Person) -> bool:
    """Polls and proposals are for people with a school record (or the district's, the superuser)."""
    return person.is_authenticated and (person.is_superuser or person.school is not None)


def require_voice(person: Person) -> None:
    if not can_view_voice(person):
        raise PermissionDenied


# Polls


def can_create_poll(person: Person, school: School | None) -> bool:
    """SP-3.1: the adviser, the parliament's office-holders and the school's leaders ask the students."""
    if school is None:
        return False
    if person.manages(school):
        return True
    term = current_term(school)
    if term is None:
        return False
    return is_adviser(person, term) or holds_office(student_in_school(person, school), term)


def poll_answer_refusal(
    student: Student | None, poll: Poll, now: datetime.datetime | None = None
) -> str | None:
    """Why this student may not answer the poll now, or None when they may (SP-3.1: one answer each)."""
    now = now or timezone.now()
    if student is None or student.school_id != poll.school_id:
        return gettext("Only the school's students answer its polls.")
    if now < poll.opens_at:
        return gettext("This poll is not open yet.")
    if now >= poll.closes_at:
        return gettext("This poll has closed; answers are no longer taken.")
    if not poll.is_for_grade(student.grade):
        return gettext("This poll is for grades %(first)s–%(last)s; you are in grade %(grade)s.") % {
            "first": poll.audience_from_grade,
            "last": poll.audience_to_grade,
            "grade": student.grade,
        }
    if PollResponse.objects.filter(poll=poll, student=student).exists():
        return gettext("You have already answered this poll.")
    return None


def can_answer_poll(person: Person, poll: Poll, now: datetime.datetime | None = None) -> bool:
    return poll_answer_refusal(person.student, poll, now) is None


def is_poll_student(person: Person, poll: Poll) -> bool:
    """Only students answer polls: anyone else posting an answer is refused outright (403)."""
    return student_in_school(person, poll.school) is not None


def can_see_poll_results(person: Person, poll: Poll, now: datetime.datetime | None = None) -> bool:
    """Results stay hidden from everyone, the poll's author and the director included, until it closes."""
    return poll.results_visible(now)


def get_poll_for_user(person: Person, pk: int) -> Poll:
    require_voice(person)
    return in_own_school_or_404(Poll.objects.select_related("school", "term"), person, pk=pk)


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


def can_support_proposal(person: Person, proposal: Proposal) -> bool:
    return proposal_support_refusal(person.student, proposal) is None


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
