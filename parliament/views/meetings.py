"""The parliament's weekly meetings and their minutes (SP-4.2)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from parliament.actions import meetings as actions
from parliament.forms.meetings import MeetingForm, MinutesForm
from parliament.models import (
    Meeting,
    Term,
)
from parliament.models.meetings import school_weeks, weeks_without_meeting
from parliament.permissions import current_term
from parliament.permissions.meetings import (
    can_read_minutes,
    can_record_meeting,
    can_view_meetings,
    get_meeting_for_user,
    reads_closed_minutes,
)
from school_gov.collation import Kyrgyz
from school_gov.forms import MinutesItemFormSet
from school_gov.people import PersonRequest
from school_gov.permissions import own_school_or_404
from school_gov.refusals import Refused, told

MEETINGS_PER_PAGE = 25


# Meetings (SP-4.2)


@dataclass(frozen=True)
class SchoolWeek:
    monday: datetime.date
    meetings: int
    missing: bool
    current: bool

    @property
    def sunday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=6)


def _school_weeks(term: Term, dates: list[datetime.date], today: datetime.date) -> list[SchoolWeek]:
    """Every school week of the term's year up to this one (weeks of a quarter, not the breaks),
    with its meetings; `missing` comes from the SP-4.2 rule itself (weeks_without_meeting)."""
    quarters = list(term.school_year.quarters.all())
    missing = set(weeks_without_meeting(quarters, dates, today))
    per_week: dict[datetime.date, int] = {}
    for day in dates:
        monday = day - datetime.timedelta(days=day.weekday())
        per_week[monday] = per_week.get(monday, 0) + 1
    this_monday = today - datetime.timedelta(days=today.weekday())
    return [
        SchoolWeek(monday, per_week.get(monday, 0), monday in missing, monday == this_monday)
        for monday in school_weeks(quarters, today)
    ]


def meeting_list(request: PersonRequest) -> HttpResponse:
    """The term's meetings (number, date, open or closed) and the weekly tracker (SP-4.2)."""
    school = own_school_or_404(request.person)
    if not can_view_meetings(request.person, school):
        raise PermissionDenied
    terms = list(Term.objects.filter(school=school).select_related("school_year", "school", "adviser"))
    term = next((t for t in terms if t.school_year.is_current), terms[0] if terms else None)
    chosen = request.GET.get("term", "")
    if chosen:
        term = next((t for t in terms if str(t.pk) == chosen), None)
        if term is None:
            raise Http404
    context = {"school": school, "terms": terms, "term": term}
    if term is not None:
        meetings = Meeting.objects.filter(term=term).select_related("minutes")
        page = Paginator(
            meetings.order_by("-minutes__held_on", "-minutes__number"), MEETINGS_PER_PAGE
        ).get_page(request.GET.get("page"))
        today = timezone.localdate()
        weeks = _school_weeks(term, list(meetings.values_list("minutes__held_on", flat=True)), today)
        reads_closed = reads_closed_minutes(request.person, term)
        context.update(
            page=page,
            rows=[(m, reads_closed or not m.is_closed) for m in page.object_list],
            weeks=weeks,
            missing_weeks=[week for week in weeks if week.missing],
            weeks_with_meeting=sum(1 for week in weeks if week.meetings),
            can_record=term.school_year.is_current and can_record_meeting(request.person, term),
        )
    return render(request, "parliament/meeting/meeting_list.html", context)


def meeting_detail(request: PersonRequest, pk: int) -> HttpResponse:
    """The minutes with their items; a closed meeting's only for the members and the adviser."""
    meeting = get_meeting_for_user(request.person, pk)
    if not can_read_minutes(request.person, meeting):
        # The meeting took place and everyone may know it (number, date); its minutes are closed.
        return render(request, "parliament/meeting/meeting_closed.html", {"meeting": meeting}, status=403)
    return render(
        request,
        "parliament/meeting/meeting_detail.html",
        {
            "meeting": meeting,
            "minutes": meeting.minutes,
            "items": list(meeting.minutes.items.order_by("position", "pk")),
            "attendees": list(meeting.attendees.order_by(Kyrgyz("surname"), Kyrgyz("name"))),
        },
    )


def meeting_create(request: PersonRequest) -> HttpResponse:
    """The adviser or the secretary, speaker or president writes the minutes: header and items on one page."""
    term = current_term(own_school_or_404(request.person))
    if not can_record_meeting(request.person, term):
        raise PermissionDenied
    minutes_form = MinutesForm(request.POST or None, term=term)
    meeting_form = MeetingForm(request.POST or None, term=term)
    formset = MinutesItemFormSet(request.POST or None, instance=minutes_form.instance, prefix="items")
    if request.method == "POST":
        valid = [minutes_form.is_valid(), meeting_form.is_valid(), formset.is_valid()]
        if all(valid):
            try:
                meeting = actions.record_meeting(
                    term,
                    minutes=minutes_form.instance,
                    items=[form.cleaned_data for form in formset.forms if form.cleaned_data],
                    is_closed=meeting_form.cleaned_data["is_closed"],
                    attendees=meeting_form.cleaned_data.get("attendees", []),
                    by=request.person,
                )
            except Refused as refusal:
                told(request, refusal, minutes_form)
            else:
                messages.success(request, _("The minutes were saved."))
                return redirect("parliament:meeting_detail", pk=meeting.pk)
        messages.error(request, _("The minutes were not saved: correct the marked fields."))
    return render(
        request,
        "parliament/meeting/meeting_form.html",
        {"term": term, "minutes_form": minutes_form, "meeting_form": meeting_form, "formset": formset},
    )
