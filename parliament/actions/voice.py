"""Student voice writes (SP-3.1, SP-3.2): polls created and answered, proposals submitted, supported
and answered. Each is one transaction; every change but a poll answer writes one audit event."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from parliament.models import Poll, PollOption, PollResponse, Proposal, ProposalSupport
from parliament.permissions.voice import poll_answer_refusal, proposal_support_refusal
from school_gov import audit
from school_gov.models import Staff, Student
from school_gov.refusals import Refused, check


@transaction.atomic
def create_poll(*, poll: Poll, options: list[str], by) -> Poll:
    """SP-3.1: a poll with its answers, in the order given."""
    poll.created_by = by
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


def answer_poll(
    *, poll: Poll, student: Student, option: PollOption, now: datetime.datetime | None = None
) -> None:
    """SP-3.1: one answer per student, as secret as a ballot.

    In one transaction the student goes on the roll (`PollResponse`; its unique constraint refuses a
    second answer, also when two requests race) and the poll's counters go up; nothing links the two, and
    nothing goes into the audit trail (it would link them).
    """
    if option.poll_id != poll.pk:
        raise Refused(gettext("This answer is not one of this poll's options; nothing was counted."))
    refusal = poll_answer_refusal(student, poll, now)
    if refusal:
        raise Refused(refusal)
    with transaction.atomic():
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


@transaction.atomic
def create_proposal(*, proposal: Proposal, by) -> Proposal:
    """SP-3.1: a proposal to a school body, from a student or (by its minister) a ministry."""
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


def support_proposal(*, proposal: Proposal, student: Student, by) -> None:
    """SP-3.2: a student supports a proposal once, while the school body has not decided on it."""
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        refusal = proposal_support_refusal(student, locked)
        if refusal:
            raise Refused(refusal)
        try:
            with transaction.atomic():
                ProposalSupport.objects.create(proposal=locked, student=student)
        except IntegrityError:
            raise Refused(gettext("You already support this proposal.")) from None
        audit.record(by, "parliament.proposal.supported", locked, school=locked.school, student=student.pk)


def answer_proposal(*, proposal: Proposal, status: str, answer: str, staff: Staff, by) -> Proposal:
    """SP-3.1: the school body's written answer and the proposal's public status, given by staff."""
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        before, previous_answer = locked.status, locked.answer
        locked.status = status
        locked.answer = answer
        check(locked)
        locked.answered_by = staff
        locked.answered_at = timezone.now()
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
