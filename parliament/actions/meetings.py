"""Writes of the parliament's weekly meetings (SP-4.2): the minutes, once per number of the term."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext

from parliament.models import (
    Meeting,
    Term,
)
from parliament.permissions.meetings import can_record_meeting
from school_gov.actions import action, allow, lock
from school_gov.actions.minutes import record_meeting as record_with_minutes
from school_gov.models import Minutes, Student
from school_gov.people import Person

# Meetings


@action
def record_meeting(
    term: Term,
    *,
    by: Person,
    minutes: Minutes,
    items: Iterable[dict[str, str]],
    is_closed: bool,
    attendees: Iterable[Student],
) -> Meeting:
    """SP-4.2: a meeting with its minutes and their items (heard → spoke → resolved), numbered in the
    order given. The term's row is locked so two secretaries saving at once cannot take one number."""
    term = lock(Term.objects.select_related("school"), by=by, within="school", pk=term.pk)
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
