"""Who asks and answers polls (SP-3.1)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext

from parliament.models import Poll, PollResponse
from parliament.permissions import (
    current_term,
    holds_office,
    in_own_school_or_404,
    is_adviser,
    require_voice,
    student_in_school,
)
from school_gov.models import School, Student
from school_gov.people import Person

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


def is_poll_student(person: Person, poll: Poll) -> bool:
    """Only students answer polls: anyone else posting an answer is refused outright (403)."""
    return student_in_school(person, poll.school) is not None


def can_see_poll_results(person: Person, poll: Poll, now: datetime.datetime | None = None) -> bool:
    """Results stay hidden from everyone, the poll's author and the director included, until it closes."""
    return poll.results_visible(now)


def get_poll_for_user(person: Person, pk: int) -> Poll:
    require_voice(person)
    return in_own_school_or_404(Poll.objects.select_related("school", "term"), person, pk=pk)
