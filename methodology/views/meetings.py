"""Meetings of an association and their minutes (MB-2.1): the head writes them, the members and the
school's leaders read them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from methodology.actions import meetings
from methodology.forms import AssociationMinutesForm, MeetingAttendanceForm
from methodology.permissions import (
    can_edit_meeting,
    can_record_meeting,
    get_association_for_user,
    get_meeting_for_user,
)
from school_gov.collation import Kyrgyz
from school_gov.forms import MinutesItemFormSet
from school_gov.models import SchoolYear
from school_gov.people import PersonRequest
from school_gov.refusals import Refused, told


def _minutes_page(request: PersonRequest, association, year, save, meeting=None) -> HttpResponse:
    """The minutes' one page for writing and correcting them: header, those present and the items.
    `save(minutes_form, formset, attendees)` is the action, run once all three are valid; it returns the
    meeting to go to."""
    minutes_form = AssociationMinutesForm(
        request.POST or None,
        instance=meeting.minutes if meeting else None,
        association=association,
        school_year=year,
        meeting=meeting,
    )
    attendance = MeetingAttendanceForm(
        request.POST or None,
        association=association,
        initial={"attendees": list(meeting.attendees.all())} if meeting else None,
    )
    formset = MinutesItemFormSet(request.POST or None, instance=minutes_form.instance, prefix="items")
    if request.method == "POST":
        valid = all([minutes_form.is_valid(), attendance.is_valid(), formset.is_valid()])
        if valid and attendance.check_members_on(minutes_form.cleaned_data["held_on"]):
            try:
                saved = save(minutes_form, formset, attendance.cleaned_data["attendees"])
            except Refused as error:
                told(request, error, minutes_form)
            else:
                messages.success(request, _("The minutes were saved."))
                return redirect(saved)
        messages.error(request, _("The minutes were not saved: correct the marked fields."))
    return render(
        request,
        "methodology/meeting/meeting_form.html",
        {
            "association": association,
            "school_year": year,
            "minutes_form": minutes_form,
            "attendance": attendance,
            "formset": formset,
            "meeting": meeting,
        },
    )


def meeting_create(request: PersonRequest, pk: int) -> HttpResponse:
    """The head writes the minutes of a meeting held this school year: header and items on one page."""
    association = get_association_for_user(request.person, pk)
    if not can_record_meeting(request.person, association):
        raise PermissionDenied
    year = SchoolYear.objects.filter(school=association.school, is_current=True).first()
    if year is None:
        messages.error(
            request, _("The school has no current school year: the director or the deputy sets it first.")
        )
        return redirect(association)
    return _minutes_page(
        request,
        association,
        year,
        lambda minutes_form, formset, attendees: meetings.record_meeting(
            association,
            school_year=year,
            minutes=minutes_form.instance,
            items=[form.cleaned_data for form in formset.forms if form.cleaned_data],
            attendees=attendees,
            by=request.person,
        ),
    )


def meeting_edit(request: PersonRequest, pk: int) -> HttpResponse:
    """MB-5.2: the head corrects the minutes until signing them."""
    meeting = get_meeting_for_user(request.person, pk)
    if not can_edit_meeting(request.person, meeting):
        raise PermissionDenied
    return _minutes_page(
        request,
        meeting.association,
        meeting.school_year,
        lambda minutes_form, formset, attendees: meetings.edit_meeting(
            meeting, form=minutes_form, formset=formset, attendees=attendees, by=request.person
        ),
        meeting,
    )


@require_POST
def meeting_sign(request: PersonRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.person, pk)
    try:
        meetings.sign_meeting(meeting, by=request.person)
    except Refused as error:
        told(request, error)
    else:
        messages.success(request, _("The minutes are signed; from now on they are kept as they are."))
    return redirect(meeting)


def meeting_detail(request: PersonRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.person, pk)
    return render(
        request,
        "methodology/meeting/meeting_detail.html",
        {
            "meeting": meeting,
            "can_edit": can_edit_meeting(request.person, meeting),
            "minutes": meeting.minutes,
            "items": list(meeting.minutes.items.order_by("position", "pk")),
            "attendees": list(meeting.attendees.order_by(Kyrgyz("surname"), Kyrgyz("name"))),
        },
    )
