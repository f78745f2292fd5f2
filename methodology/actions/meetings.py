"""Meetings of an association with their minutes (MB-2.1)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext

from methodology.models import Association, AssociationMeeting
from methodology.permissions import can_record_meeting
from school_gov.actions import action, allow, lock
from school_gov.actions.minutes import record_meeting as record_with_minutes
from school_gov.models import Minutes, SchoolYear, Staff
from school_gov.people import Person


@action
def record_meeting(
    association: Association,
    *,
    by: Person,
    school_year: SchoolYear,
    minutes: Minutes,
    items: Iterable[dict[str, str]],
    attendees: Iterable[Staff],
) -> AssociationMeeting:
    """A meeting of the association with its minutes and their items (heard → spoke → resolved). The
    association's row is locked, so two saves at once cannot take one number of the school year."""
    association = lock(
        Association.objects.select_related("school"), by=by, within="school", pk=association.pk
    )
    allow(can_record_meeting(by, association), gettext("Only the head of the association keeps its minutes."))
    return record_with_minutes(
        AssociationMeeting(association=association, school_year=school_year),
        by=by,
        minutes=minutes,
        items=items,
        attendees=attendees,
        taken=AssociationMeeting.objects.filter(association=association, school_year=school_year),
        school=association.school,
        audit_action="methodology.meeting.created",
    )
