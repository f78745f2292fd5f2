"""Writes of polls (SP-3.1): created with their answers, answered once and secretly (no audit event
for an answer: it would link the student to the moment of the choice)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext

from parliament.models import Poll, PollOption, PollResponse
from parliament.permissions.polls import can_create_poll, poll_answer_refusal
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.people import Person
from school_gov.refusals import Refused, check


@action
def create_poll(poll: Poll, *, by: Person, options: list[str]) -> Poll:
    """SP-3.1: a poll with its answers, in the order given."""
    allow(
        can_create_poll(by, poll.school),
        gettext("The adviser, the parliament's office-holders and the school's leaders ask polls."),
    )
    poll.created_by = by.record
    check(poll)
    poll.save()
    PollOption.objects.bulk_create(
        PollOption(poll=poll, position=position, text=text) for position, text in enumerate(options, start=1)
    )
    audit.record(
        by,
        "parliament.poll.created",
        poll,
        school=poll.school,
        options=len(options),
        audience=[poll.audience_from_grade, poll.audience_to_grade],
        opens_at=poll.opens_at,
        closes_at=poll.closes_at,
    )
    return poll


@action
def answer_poll(poll: Poll, *, by: Person, option: PollOption, now: datetime.datetime | None = None) -> None:
    """SP-3.1: one answer per student, as secret as a ballot.

    In one transaction the student goes on the roll (`PollResponse`; its unique constraint refuses a
    second answer, also when two requests race) and the poll's counters go up; nothing links the two, and
    nothing goes into the audit trail (it would link them). The poll's row is locked and read again, so
    an answer in flight when the poll is closed early is refused, not counted.
    """
    poll = lock(Poll.objects.select_related("school"), by=by, within="school", pk=poll.pk)
    student = by.student
    allow(
        student is not None and student.school_id == poll.school_id,
        gettext("Only the school's students answer its polls."),
    )
    if student is None:  # allow() refused otherwise
        raise Refused.not_allowed()
    if option.poll_id != poll.pk:
        raise Refused(gettext("This answer is not one of this poll's options; nothing was counted."))
    refusal = poll_answer_refusal(student, poll, now)
    if refusal:
        raise Refused(refusal)
    try:
        with transaction.atomic():
            PollResponse.objects.create(poll=poll, student=student)
    except IntegrityError:
        raise Refused(gettext("You have already answered this poll.")) from None
    _count_answer(poll, option)


def _count_answer(poll: Poll, option: PollOption) -> None:
    """Add one to the option's counter by rewriting every counter of the poll.

    Raising only the chosen row would leave traces on PostgreSQL that a database reader can join with the
    roll: the row's `xmin` (the id of the transaction that last wrote it, the same as the student's roll
    row) and its place in the table (an updated row moves to the end). Rewriting all of them leaves every
    counter with the same transaction id and the table in the same order whatever was chosen.
    """
    if not PollOption.objects.filter(poll=poll, pk=option.pk).exists():
        raise Refused(gettext("This answer is not one of this poll's options; nothing was counted."))
    PollOption.objects.filter(poll=poll).update(
        votes=F("votes") + Case(When(pk=option.pk, then=Value(1)), default=Value(0))
    )
