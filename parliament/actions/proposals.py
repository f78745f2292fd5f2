"""Writes of proposals (SP-3.1, SP-3.2): submitted, supported once per student, answered by the body."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from parliament.actions import refuse_a_repeat
from parliament.models import Proposal, ProposalSupport
from parliament.permissions.proposals import (
    can_answer_proposal,
    can_create_proposal,
    ministries_led_by,
    proposal_support_refusal,
)
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.people import Person
from school_gov.refusals import Refused, check


@action
def create_proposal(proposal: Proposal, *, by: Person) -> Proposal:
    """SP-3.1: a proposal to a school body, from a student or (by its minister) a ministry, once: the
    same proposal again from the same sender within REPEAT_WINDOW (a double submit) is refused. The
    sending student's row is locked first, so of two requests at once the second waits for the first
    and then finds its proposal."""
    allow(can_create_proposal(by, proposal.school), gettext("The school's students make proposals."))
    if proposal.ministry_id is not None and not (
        ministries_led_by(by, proposal.school).filter(pk=proposal.ministry_id).exists()
    ):
        raise Refused.not_allowed(gettext("Only its minister proposes on behalf of a ministry."))
    if by.student is None:  # can_create_proposal() asks for a student
        raise Refused.not_allowed()
    if proposal.author_id is not None and proposal.author_id != by.student.pk:
        raise Refused.not_allowed(gettext("A student proposes in their own name."))
    refuse_a_repeat(
        by.student,
        Proposal.objects.filter(
            school=proposal.school,
            author=proposal.author,  # none for a ministry's proposal: the ministry's minister sends it
            ministry=proposal.ministry,
            body=proposal.body,
            title=proposal.title,
            text=proposal.text,
        ),
        gettext("You have just submitted this same proposal; it was submitted once."),
    )
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
    locked = lock(Proposal.objects.select_related("school"), by=by, within="school", pk=proposal.pk)
    student = by.student
    allow(
        student is not None and student.school_id == locked.school_id,
        gettext("Only the school's students support its proposals."),
    )
    if student is None:  # allow() refused otherwise
        raise Refused.not_allowed()
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
    locked = lock(Proposal.objects.select_related("school"), by=by, within="school", pk=proposal.pk)
    allow(
        can_answer_proposal(by, locked),
        gettext("The director, the deputy director or the adviser answers for the school body."),
    )
    before, previous_answer = locked.status, locked.answer
    locked.status = status
    locked.answer = answer
    locked.answered_by = by.staff
    locked.answered_at = timezone.now()
    check(locked, fields=["status", "answer", "answered_by", "answered_at"])
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
