"""Recording a meeting with its minutes, the one way for both apps (the parliament's weekly meetings,
SP-4.2, and the associations' meetings, MB-2.1). Not an action itself: each app's `record_meeting`
action locks the body whose minutes they are, checks who may keep them, and calls this inside its
transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.utils.translation import gettext

from school_gov import audit
from school_gov.models import Minutes, MinutesItem, School
from school_gov.people import Person
from school_gov.refusals import Refused, check

if TYPE_CHECKING:
    from methodology.models import AssociationMeeting
    from parliament.models import Meeting

# The two meeting models that hold minutes: the association's and the parliament's.
MeetingT = TypeVar("MeetingT", "AssociationMeeting", "Meeting")


def record_meeting(
    meeting: MeetingT,
    *,
    by: Person,
    minutes: Minutes,
    items: Iterable[dict[str, str]],
    attendees: Iterable[
        Any
    ],  # the meeting's people: Staff for an association's, Student for the parliament's
    taken: models.QuerySet[MeetingT],
    school: School,
    audit_action: str,
    **data: Any,
) -> MeetingT:
    """Save `minutes` with their `items` (heard → spoke → resolved, numbered in the order given) and the
    unsaved `meeting` row that holds them, with its attendees and one audit event. `taken` is the body's
    meetings whose numbers the new minutes may not repeat (the caller holds the body's lock)."""
    if taken.filter(minutes__number=minutes.number).exists():
        raise Refused(
            gettext("Minutes № %(number)s were saved meanwhile; choose the next number.")
            % {"number": minutes.number},
            field="number",
        )
    attendees = list(attendees)
    minutes.school = school
    if not minutes.present.strip() and attendees:
        minutes.present = ", ".join(person.full_name for person in attendees)
    check(minutes)
    minutes.save()
    count = len(
        MinutesItem.objects.bulk_create(
            MinutesItem(
                minutes=minutes,
                position=position,
                heard=item["heard"],
                spoke=item.get("spoke", ""),
                resolved=item.get("resolved", ""),
            )
            for position, item in enumerate(items, start=1)
        )
    )
    meeting.minutes = minutes
    meeting.save()
    meeting.attendees.set(attendees)
    audit.record(
        by,
        audit_action,
        meeting,
        school=school,
        number=minutes.number,
        held_on=minutes.held_on,
        items=count,
        attendees=len(attendees),
        **data,
    )
    return meeting
