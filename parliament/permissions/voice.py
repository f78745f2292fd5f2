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
    is_school_leader,
    student_in_school,
)
from school_gov.models import School, Student
from school_gov.permissions import school_of
from school_gov.roles import student_of

# SP-3.2: a proposal gathers support while the school body has not decided on it.
SUPPORTABLE = (ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW)


def can_view_voice(user) -> bool:
    """Polls and proposals are for people with a school record (or the district's, the superuser)."""
    return user.is_authenticated and (user.is_superuser or school_of(user) is not None)


def require_voice(user) -> None:
    if not can_view_voice(user):
        raise PermissionDenied


# Polls


def can_create_poll(user, school: School | None) -> bool:
    """SP-3.1: the adviser, the parliament's office-holders and the school's leaders ask the students."""
    if school is None:
        return False
    if is_school_leader(user, school):
        return True
    term = current_term(school)
    if term is None:
        return False
    return is_adviser(user, term) or holds_office(student_in_school(user, school), term)


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


def can_answer_poll(user, poll: Poll, now: datetime.datetime | None = None) -> bool:
    return poll_answer_refusal(student_of(user), poll, now) is None


def is_poll_student(user, poll: Poll) -> bool:
    """Only students answer polls: anyone else posting an answer is refused outright (403)."""
    return student_in_school(user, poll.school) is not None


def can_see_poll_results(user, poll: Poll, now: datetime.datetime | None = None) -> bool:
    """Results stay hidden from everyone, the poll's author and the director included, until it closes."""
    return poll.results_visible(now)


def get_poll_for_user(user, pk: int) -> Poll:
    require_voice(user)
    return in_own_school_or_404(Poll.objects.select_related("school", "term"), user, pk=pk)


# Proposals


def can_create_proposal(user, school: School | None) -> bool:
    """SP-3.1: any student of the school proposes (a minister also on behalf of their ministry)."""
    return school is not None and student_in_school(user, school) is not None


def ministries_led_by(user, school: School | None):
    """The current term's ministries whose minister the user is: they may propose on its behalf."""
    student = student_in_school(user, school) if school is not None else None
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


def can_support_proposal(user, proposal: Proposal) -> bool:
    return proposal_support_refusal(student_of(user), proposal) is None


def is_proposal_student(user, proposal: Proposal) -> bool:
    return student_in_school(user, proposal.school) is not None


def can_answer_proposal(user, proposal: Proposal) -> bool:
    """SP-3.1: the body's written answer is given by staff: the director, the deputy or the adviser."""
    school = proposal.school
    if school_of(user) != school:
        return False
    if is_school_leader(user, school):
        return True
    term = current_term(school)
    return term is not None and is_adviser(user, term)


def get_proposal_for_user(user, pk: int) -> Proposal:
    require_voice(user)
    return in_own_school_or_404(
        Proposal.objects.select_related("school", "author", "ministry", "answered_by"), user, pk=pk
    )
