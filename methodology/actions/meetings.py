"""Meetings of an association with their minutes (MB-2.1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from methodology.models import Association, AssociationMeeting
from methodology.permissions import can_record_meeting
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.actions.minutes import record_meeting as record_with_minutes
from school_gov.models import Minutes, SchoolYear, Staff
from school_gov.people import Person
from school_gov.refusals import Refused, check


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


def _locked_meeting(meeting: AssociationMeeting, by: Person) -> AssociationMeeting:
    locked = lock(
        AssociationMeeting.objects.select_related("association__school", "minutes"),
        by=by,
        within="association__school",
        pk=meeting.pk,
    )
    allow(
        can_record_meeting(by, locked.association),
        gettext("Only the head of the association keeps its minutes."),
    )
    if locked.signed_at is not None:
        raise Refused(gettext("The minutes are signed; they are kept as they were signed."))
    return locked


@action
def edit_meeting(
    meeting: AssociationMeeting, *, by: Person, form: Any, formset: Any, attendees: Iterable[Staff]
) -> AssociationMeeting:
    """MB-5.2: the head corrects the minutes (header, items, those present) until they are signed. `form`
    and `formset` are the bound, valid minutes form and items formset of `meeting.minutes`."""
    locked = _locked_meeting(meeting, by)
    number = form.cleaned_data["number"]
    if (
        AssociationMeeting.objects.filter(
            association=locked.association, school_year=locked.school_year, minutes__number=number
        )
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise Refused(
            gettext("Minutes № %(number)s were saved meanwhile; choose the next number.")
            % {"number": number},
            field="number",
        )
    minutes = form.save(commit=False)
    check(minutes)
    minutes.save()
    formset.save()
    attendees = list(attendees)
    locked.attendees.set(attendees)
    audit.record(
        by,
        "methodology.meeting.edited",
        locked,
        school=locked.association.school,
        number=number,
        fields=sorted(form.changed_data),
        items_changed=len(formset.changed_objects) + len(formset.new_objects),
        items_deleted=len(formset.deleted_objects),
        attendees=len(attendees),
    )
    return locked


@action
def sign_meeting(meeting: AssociationMeeting, *, by: Person) -> AssociationMeeting:
    """The head signs the minutes: from then on they are read, printed and never changed."""
    locked = _locked_meeting(meeting, by)
    locked.signed_at, locked.signed_by = timezone.now(), by.staff
    locked.save(update_fields=["signed_at", "signed_by"])
    audit.record(by, "methodology.meeting.signed", locked, school=locked.association.school)
    meeting.signed_at, meeting.signed_by = locked.signed_at, locked.signed_by
    return locked
