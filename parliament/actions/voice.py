"""Student voice writes (SP-3.1, SP-3.2): polls created and answered, proposals submitted, supported
and answered. Each is an action (school_gov.actions); every change but a poll answer writes one audit
event (an answer's event would link the student to the moment of the choice)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from parliament.models import Poll, PollOption, PollResponse, Proposal, ProposalSupport
from parliament.permissions.voice import (
    can_answer_proposal,
    can_create_poll,
    can_create_proposal,
    ministries_led_by,
    poll_answer_refusal,
    proposal_support_refusal,
)
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
    poll.created_by = by.user
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
    nothing goes into the audit trail (it would link them).
    """
    student = by.student
    allow(
        student is not None and student.school_id == poll.school_id,
        gettext("Only the school's students answer its polls."),
    )
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


@action
def create_proposal(proposal: Proposal, *, by: Person) -> Proposal:
    """SP-3.1: a proposal to a school body, from a student or (by its minister) a ministry."""
    allow(can_create_proposal(by, proposal.school), gettext("The school's students make proposals."))
    if proposal.ministry_id is not None and not (
        ministries_led_by(by, proposal.school).filter(pk=proposal.ministry_id).exists()
    ):
        raise Refused.not_allowed(gettext("Only its minister proposes on behalf of a ministry."))
    if proposal.author_id is not None and proposal.author_id != by.student.pk:
        raise Refused.not_allowed(gettext("A student proposes in their own name."))
    check(proposal)
    proposal.save()
    audit.record(
        by,
        "parliament.proposal.created",
        proposal,
        school=proposal.school,
        body=proposal.body,
        ministry=proposal.ministry_id,
    )
    return proposal


@action
def support_proposal(proposal: Proposal, *, by: Person) -> None:
    """SP-3.2: a student supports a proposal once, while the school body has not decided on it."""
    locked = lock(Proposal.objects.select_related("school"), pk=proposal.pk)
    student = by.student
    allow(
        student is not None and student.school_id == locked.school_id,
        gettext("Only the school's students support its proposals."),
    )
    refusal = proposal_support_refusal(student, locked)
    if refusal:
        raise Refused(refusal)
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(proposal=locked, student=student)
    except IntegrityError:
        raise Refused(gettext("You already support this proposal.")) from None
    audit.record(by, "parliament.proposal.supported", locked, school=locked.school, student=student.pk)


@action
def answer_proposal(proposal: Proposal, *, by: Person, status: str, answer: str) -> Proposal:
    """SP-3.1: the school body's written answer and the proposal's public status, given by staff."""
    locked = lock(Proposal.objects.select_related("school"), pk=proposal.pk)
    allow(
        can_answer_proposal(by, locked),
        gettext("The director, the deputy director or the adviser answers for the school body."),
    )
    before, previous_answer = locked.status, locked.answer
    locked.status = status
    locked.answer = answer
    locked.answered_by = by.staff
    locked.answered_at = timezone.now()
    check(locked)
    locked.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    audit.record(
        by,
        "parliament.proposal.answered",
        locked,
        school=locked.school,
        status_from=before,
        status_to=status,
        answer_changed=answer != previous_answer,
    )
    return locked
