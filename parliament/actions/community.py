"""Writes of meetings (SP-4.2), confidential appeals (SP-3.3) and clubs (SP-4.2).

Each runs in one transaction with its audit event. An appeal's events name it by number only: the
audit trail is read by the school's leaders in the admin, and an appeal's subject is for its handlers.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from parliament.models import (
    Appeal,
    AppealStatus,
    Club,
    ClubMembership,
    Meeting,
    MembershipStatus,
    Term,
)
from parliament.models.voice import FINAL_APPEAL_STATUSES
from school_gov import audit
from school_gov.forms import minutes_number_taken, save_minutes
from school_gov.models import Minutes, Student
from school_gov.refusals import Refused, check
from school_gov.roles import staff_of

# Meetings


@transaction.atomic
def record_meeting(
    *,
    term: Term,
    minutes: Minutes,
    items: Iterable[dict],
    is_closed: bool,
    attendees: Iterable[Student],
    by,
) -> Meeting:
    """SP-4.2: a meeting with its minutes and their items (heard → spoke → resolved), numbered in the
    order given. The term's row is locked so two secretaries saving at once cannot take one number."""
    Term.objects.select_for_update().get(pk=term.pk)
    refusal = minutes_number_taken(Meeting.objects.filter(term=term), minutes.number)
    if refusal:
        raise Refused(str(refusal))
    attendees = list(attendees)
    count = save_minutes(minutes, items, school=term.school, attendees=attendees)
    meeting = Meeting.objects.create(term=term, minutes=minutes, is_closed=is_closed)
    meeting.attendees.set(attendees)
    audit.record(
        by,
        "parliament.meeting.created",
        meeting,
        school=term.school,
        number=minutes.number,
        held_on=minutes.held_on,
        is_closed=is_closed,
        items=count,
        attendees=len(attendees),
    )
    return meeting


# Appeals


def _appeal_handle(appeal: Appeal) -> Appeal:
    """A stand-in for the audit trail: the appeal's id and school, named by number, not by subject."""
    stand_in = Appeal(pk=appeal.pk, school_id=appeal.school_id)
    stand_in.subject = f"{capfirst(Appeal._meta.verbose_name)} № {appeal.pk}"
    return stand_in


@transaction.atomic
def file_appeal(*, appeal: Appeal, author: Student, by) -> Appeal:
    """SP-3.3: a student files a confidential appeal at their school."""
    appeal.author = author
    appeal.school_id = author.school_id
    appeal.status = AppealStatus.NEW
    appeal.save()
    audit.record(by, "parliament.appeal.created", _appeal_handle(appeal), school=author.school)
    return appeal


def record_appeal_opened(*, appeal: Appeal, by, as_author: bool) -> None:
    """Every opening of an appeal's page, by a handler or the author, is written to the audit trail."""
    audit.record(
        by,
        "parliament.appeal.opened",
        _appeal_handle(appeal),
        school=appeal.school,
        opened_as="author" if as_author else "handler",
    )


@transaction.atomic
def update_appeal(*, appeal: Appeal, status: str, resolution: str, by) -> Appeal:
    """A handler sets the status and writes the resolution; the row is locked against a second handler
    saving at the same moment. The resolution's text stays out of the audit trail."""
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    previous = locked.status
    resolution_changed = locked.resolution != resolution
    locked.status = status
    locked.resolution = resolution
    check(locked)
    locked.handled_by = staff_of(by)
    if status in FINAL_APPEAL_STATUSES and previous not in FINAL_APPEAL_STATUSES:
        locked.resolved_at = timezone.now()
    elif status not in FINAL_APPEAL_STATUSES:
        locked.resolved_at = None
    locked.save(update_fields=["status", "resolution", "handled_by", "resolved_at"])
    audit.record(
        by,
        "parliament.appeal.changed",
        _appeal_handle(locked),
        school=appeal.school,
        status_from=previous,
        status_to=status,
        resolution_changed=resolution_changed,
    )
    return locked


# Clubs


@transaction.atomic
def create_club(*, club: Club, by) -> Club:
    club.save()
    audit.record(
        by,
        "parliament.club.created",
        club,
        school=club.school,
        kind=club.kind,
        leader_staff=club.leader_staff_id,
        leader_student=club.leader_student_id,
    )
    return club


@transaction.atomic
def request_to_join(*, club: Club, student: Student, by) -> ClubMembership:
    """SP-4.2: a student asks to join; after a refusal they may ask again."""
    membership = ClubMembership.objects.select_for_update().filter(club=club, student=student).first()
    if membership is not None and membership.status != MembershipStatus.DECLINED:
        raise Refused(
            gettext("You are already a member of this club.")
            if membership.status == MembershipStatus.ACCEPTED
            else gettext("You have already asked to join this club.")
        )
    if membership is None:
        try:
            with transaction.atomic():  # a second click at the same moment meets the unique constraint
                membership = ClubMembership.objects.create(club=club, student=student)
        except IntegrityError:
            raise Refused(gettext("You have already asked to join this club.")) from None
    else:
        membership.status = MembershipStatus.REQUESTED
        membership.requested_at = timezone.now()
        membership.decided_at = None
        membership.save(update_fields=["status", "requested_at", "decided_at"])
    audit.record(by, "parliament.clubmembership.requested", membership, school=club.school, club=club.pk)
    return membership


@transaction.atomic
def decide_membership(*, membership: ClubMembership, accept: bool, by) -> None:
    """The leader accepts or declines a request; a request decided meanwhile is not decided twice."""
    status = MembershipStatus.ACCEPTED if accept else MembershipStatus.DECLINED
    updated = ClubMembership.objects.filter(pk=membership.pk, status=MembershipStatus.REQUESTED).update(
        status=status, decided_at=timezone.now()
    )
    if not updated:
        raise Refused(gettext("This request was already decided."))
    audit.record(
        by,
        f"parliament.clubmembership.{status}",
        membership,
        school=membership.club.school,
        club=membership.club_id,
        student=membership.student_id,
    )
