"""Writes of meetings (SP-4.2), confidential appeals (SP-3.3) and clubs (SP-4.2).

Each is an action (school_gov.actions): one transaction, the permission asked again of the person and
the locked row, one audit event. An appeal's events name it by number only: the audit trail is read by
the school's leaders in the admin, and an appeal's subject is for its handlers.
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
from parliament.permissions.community import (
    can_create_club,
    can_decide_membership,
    can_file_appeal,
    can_handle_appeal,
    can_join_club,
    can_record_meeting,
    can_view_appeal,
)
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.actions.minutes import record_meeting as record_with_minutes
from school_gov.models import Minutes, Student
from school_gov.people import Person
from school_gov.refusals import Refused, check

# Meetings


@action
def record_meeting(
    term: Term,
    *,
    by: Person,
    minutes: Minutes,
    items: Iterable[dict],
    is_closed: bool,
    attendees: Iterable[Student],
) -> Meeting:
    """SP-4.2: a meeting with its minutes and their items (heard → spoke → resolved), numbered in the
    order given. The term's row is locked so two secretaries saving at once cannot take one number."""
    term = lock(Term.objects.select_related("school"), pk=term.pk)
    allow(
        can_record_meeting(by, term),
        gettext("The adviser, the secretary, the speaker or the president keeps the minutes."),
    )
    return record_with_minutes(
        Meeting(term=term, is_closed=is_closed),
        by=by,
        minutes=minutes,
        items=items,
        attendees=attendees,
        taken=Meeting.objects.filter(term=term),
        school=term.school,
        audit_action="parliament.meeting.created",
        is_closed=is_closed,
    )


# Appeals


def _appeal_handle(appeal: Appeal) -> Appeal:
    """A stand-in for the audit trail: the appeal's id and school, named by number, not by subject."""
    stand_in = Appeal(pk=appeal.pk, school_id=appeal.school_id)
    stand_in.subject = f"{capfirst(Appeal._meta.verbose_name)} № {appeal.pk}"
    return stand_in


@action
def file_appeal(appeal: Appeal, *, by: Person) -> Appeal:
    """SP-3.3: a student files a confidential appeal at their school."""
    allow(can_file_appeal(by), gettext("Appeals are filed by the school's students."))
    appeal.author = by.student
    appeal.school_id = by.student.school_id
    appeal.status = AppealStatus.NEW
    check(appeal)
    appeal.save()
    audit.record(by, "parliament.appeal.created", _appeal_handle(appeal), school=by.student.school)
    return appeal


@action
def record_appeal_opened(appeal: Appeal, *, by: Person) -> None:
    """Every opening of an appeal's page, by a handler or the author, is written to the audit trail."""
    allow(can_view_appeal(by, appeal))
    audit.record(
        by,
        "parliament.appeal.opened",
        _appeal_handle(appeal),
        school=appeal.school,
        opened_as="handler" if can_handle_appeal(by, appeal) else "author",
    )


@action
def update_appeal(appeal: Appeal, *, by: Person, status: str, resolution: str) -> Appeal:
    """A handler sets the status and writes the resolution; the row is locked against a second handler
    saving at the same moment. The resolution's text stays out of the audit trail."""
    locked = lock(Appeal.objects.select_related("school"), pk=appeal.pk)
    allow(
        can_handle_appeal(by, locked),
        gettext("The adviser, the social pedagogue and the deputy director handle appeals."),
    )
    previous = locked.status
    resolution_changed = locked.resolution != resolution
    locked.status = status
    locked.resolution = resolution
    locked.handled_by = by.staff
    if status in FINAL_APPEAL_STATUSES and previous not in FINAL_APPEAL_STATUSES:
        locked.resolved_at = timezone.now()
    elif status not in FINAL_APPEAL_STATUSES:
        locked.resolved_at = None
    check(locked)
    locked.save(update_fields=["status", "resolution", "handled_by", "resolved_at"])
    audit.record(
        by,
        "parliament.appeal.changed",
        _appeal_handle(locked),
        school=locked.school,
        status_from=previous,
        status_to=status,
        resolution_changed=resolution_changed,
    )
    return locked


# Clubs


@action
def create_club(club: Club, *, by: Person) -> Club:
    """The director, the deputy director or the parliament's adviser opens a club (SP-4.2)."""
    allow(
        can_create_club(by, club.school),
        gettext("The director, the deputy director and the parliament's adviser open clubs."),
    )
    check(club)
    try:
        club.save()
    except IntegrityError:
        raise Refused(gettext("The school already has a club of this name."), field="name") from None
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


@action
def request_to_join(club: Club, *, by: Person) -> ClubMembership:
    """SP-4.2: a student asks to join; after a refusal they may ask again."""
    club = lock(Club.objects.select_related("school"), pk=club.pk)
    allow(can_join_club(by, club), gettext("The school's students ask to join its clubs."))
    student = by.student
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


@action
def decide_membership(membership: ClubMembership, *, by: Person, accept: bool) -> None:
    """The leader accepts or declines a request; a request decided meanwhile is not decided twice."""
    locked = lock(ClubMembership.objects.select_related("club__school"), pk=membership.pk)
    allow(can_decide_membership(by, locked.club), gettext("The club's leader decides on requests to join."))
    if locked.status != MembershipStatus.REQUESTED:
        raise Refused(gettext("This request was already decided."))
    locked.status = MembershipStatus.ACCEPTED if accept else MembershipStatus.DECLINED
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    membership.status, membership.decided_at = locked.status, locked.decided_at
    audit.record(
        by,
        f"parliament.clubmembership.{locked.status}",
        locked,
        school=locked.club.school,
        club=locked.club_id,
        student=locked.student_id,
    )
