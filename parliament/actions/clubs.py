"""Writes of clubs (SP-4.2): opened by the leaders or the adviser, joined on request, decided by the
club's leader."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from parliament.models import (
    Club,
    ClubMembership,
    MembershipStatus,
)
from parliament.permissions.clubs import can_create_club, can_decide_membership, can_join_club
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.people import Person
from school_gov.refusals import Refused, check

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
    club = lock(Club.objects.select_related("school"), by=by, within="school", pk=club.pk)
    allow(can_join_club(by, club), gettext("The school's students ask to join its clubs."))
    student = by.student
    if student is None:  # allow() refused otherwise
        raise Refused.not_allowed()
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
    locked = lock(
        ClubMembership.objects.select_related("club__school"), by=by, within="club__school", pk=membership.pk
    )
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
