"""Parliament pages: events, the calendar and its iCal feed, and the self-service duty roster.

SP-1.6, SP-1.7: anyone of the audience grades takes part in an event; the organiser band and above, in
the parliament, organise one. SP-2.3–2.6: olympiads, evenings, subject weeks, self-service and
landscaping, labour associations. SP-2.6: classes on duty in the school's areas by date.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parliament.actions import events
from parliament.forms.events import DutyAssignmentForm, EventForm
from parliament.models import DutyAssignment, Event
from parliament.permissions import current_term, public_name, student_in_school
from parliament.permissions.events import (
    can_assign_duty,
    can_edit_event,
    can_organise,
    can_view_duty,
    duty_markers,
    edit_refusal,
    get_duty_for_user,
    get_event_for_user,
    join_refusal,
    organise_refusal,
)
from school_gov import ical
from school_gov.collation import Kyrgyz
from school_gov.deadlines import start_of
from school_gov.models import School
from school_gov.people import PersonRequest
from school_gov.permissions import own_school_or_404
from school_gov.refusals import Refused, told
from school_gov.sites import site_host, site_url

# The iCal feed carries the past year's events and every upcoming one.
FEED_PAST = datetime.timedelta(days=365)
# Months and weeks a visitor may ask for: enough for any school's records, safe from date overflow.
YEARS = range(2000, 2101)


def _refused(request: PersonRequest, reason: str) -> HttpResponse:
    """403 with the reason, so a student learns why (SP-1.7: their grade and the school's band)."""
    return render(request, "parliament/event/event_refused.html", {"reason": reason}, status=403)


# The calendar


def _calendar_school(request: PersonRequest) -> School | None:
    """A signed-in person's own school; a visitor's `?school=<pk>`, or the only school there is."""
    own = request.person.school
    if own is not None:
        return own
    chosen = request.GET.get("school")
    if chosen:
        valid = chosen.isascii() and chosen.isdigit() and len(chosen) < 10
        school = School.objects.filter(pk=int(chosen)).first() if valid else None
        if school is None:
            raise Http404
        return school
    schools = list(School.objects.all()[:2])
    return schools[0] if len(schools) == 1 else None


def _month(request: PersonRequest, today: datetime.date) -> datetime.date:
    """The first day of the `?month=YYYY-MM` asked for, or of this month."""
    value = request.GET.get("month", "")
    if value:
        match = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if match and int(match[1]) in YEARS and 1 <= int(match[2]) <= 12:
            return datetime.date(int(match[1]), int(match[2]), 1)
        messages.warning(request, _("Unknown month; showing this month."))
    return today.replace(day=1)


def _next_month(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1)


@login_not_required
def calendar(request: PersonRequest) -> HttpResponse:
    """The school's events by month (public: no student names but office-holders' public names)."""
    school = _calendar_school(request)
    if school is None:
        return render(
            request,
            "parliament/event/calendar_schools.html",
            {"schools": School.objects.order_by(Kyrgyz("name"))},
        )
    now = timezone.now()
    first = _month(request, timezone.localdate())
    following = _next_month(first)
    events = (
        Event.objects.filter(school=school, starts_at__lt=start_of(following))
        .filter(Q(starts_at__gte=start_of(first)) | Q(ends_at__gte=start_of(first)))
        .select_related("ministry", "ministry__minister")
        .order_by("starts_at", "pk")
    )
    student = student_in_school(request.person, school)
    if student is not None:
        events = events.annotate(
            joined=Exists(Event.participants.through.objects.filter(event=OuterRef("pk"), student=student)),
            organising=Exists(Event.organisers.through.objects.filter(event=OuterRef("pk"), student=student)),
        )
    days = defaultdict(list)
    for event in events:
        days[max(timezone.localtime(event.starts_at).date(), first)].append(
            {
                "event": event,
                "over": (event.ends_at or event.starts_at) < now,
                "minister": public_name(event.ministry.minister)
                if event.ministry and event.ministry.minister
                else "",
                "for_me": student is not None and event.is_for_grade(student.grade),
            }
        )
    member = request.person.school == school
    return render(
        request,
        "parliament/event/calendar.html",
        {
            "school": school,
            "month": first,
            "days": sorted(days.items()),
            "previous": (first - datetime.timedelta(days=1)).strftime("%Y-%m"),
            "next": following.strftime("%Y-%m"),
            "this_month": first == timezone.localdate().replace(day=1),
            "school_query": "" if member else urlencode({"school": school.pk}),
            "member": member,
            "student": student,
            "can_organise": member and can_organise(request.person, school),
        },
    )


# The iCal feed (RFC 5545), written by the icalendar package (school_gov.ical).


def _ics_description(event: Event) -> str:
    kind = event.get_kind_display()
    if event.olympiad_stage:
        kind = f"{kind}, {event.get_olympiad_stage_display()}"
    lines = [kind]
    if event.ministry:
        lines.append(_("Organised by: %(ministry)s") % {"ministry": event.ministry.name})
    lines.append(
        _("For grades %(first)s–%(last)s")
        % {"first": event.audience_from_grade, "last": event.audience_to_grade}
    )
    # The feed is public: like the public calendar it leaves out the description and the results, which
    # may name students; members read them on the event's page (the URL).
    return "\n".join(lines)


@login_not_required
def calendar_ics(request: PersonRequest) -> HttpResponse:
    """The school's events as an iCalendar feed a phone's calendar subscribes to; no student names."""
    school = _calendar_school(request)
    if school is None:
        raise Http404
    now = timezone.now()
    since = now - FEED_PAST
    events = (
        Event.objects.filter(school=school)
        .filter(Q(starts_at__gte=since) | Q(ends_at__gte=since))
        .select_related("ministry")
        .order_by("starts_at", "pk")
    )
    host = site_host()  # the configured site's, never the request's Host header (issue 16)
    calendar = ical.new_calendar(_("School parliament: %(school)s") % {"school": school.name}, "parliament")
    for event in events:
        ical.add_event(
            calendar,
            f"parliament-event-{event.pk}@{host}",
            event.title,
            event.starts_at,
            event.ends_at,
            location=event.place,
            description=_ics_description(event),
            category=event.get_kind_display(),
            url=site_url(event.get_absolute_url()),
            in_utc=True,
        )
    response = HttpResponse(
        ical.to_bytes(calendar, timezones=False), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="parliament-{school.pk}.ics"'
    return response


# Events


def event_detail(request: PersonRequest, pk: int) -> HttpResponse:
    """An event for the school's members: organisers by full name, audience, description, results."""
    event = get_event_for_user(request.person, pk)
    term = current_term(event.school)
    student = student_in_school(request.person, event.school)
    can_edit = can_edit_event(request.person, event, term)
    participants = event.participants.order_by("grade", "class_letter", Kyrgyz("surname"), Kyrgyz("name"))
    return render(
        request,
        "parliament/event/event_detail.html",
        {
            "event": event,
            "organisers": event.organisers.order_by("-grade", Kyrgyz("surname"), Kyrgyz("name")),
            "participant_count": event.participants.count(),
            # Organisers see who comes; the rest of the school sees how many.
            "participants": participants if can_edit else None,
            "joined": student is not None and event.participants.filter(pk=student.pk).exists(),
            "join_refusal": join_refusal(request.person, event) if student is not None else None,
            "student": student,
            "over": (event.ends_at or event.starts_at) < timezone.now(),
            "can_edit": can_edit,
        },
    )


@require_POST
def event_join(request: PersonRequest, pk: int) -> HttpResponse:
    """SP-1.6: a student of the audience grades takes part (grades 1–4 included)."""
    event = get_event_for_user(request.person, pk)
    student = student_in_school(request.person, event.school)
    if student is None:
        raise PermissionDenied
    try:
        joined = events.join_event(event, by=request.person)
    except Refused as error:
        told(request, error)
    else:
        if joined:
            messages.success(request, _("You take part in this event."))
        else:
            messages.info(request, _("You already take part in this event."))
    return redirect(event)


def event_create(request: PersonRequest) -> HttpResponse:
    """SP-1.7: the organiser band and above in the parliament, the adviser and the leaders organise."""
    school = own_school_or_404(request.person)
    term = current_term(school)
    refusal = organise_refusal(request.person, school, term)
    if refusal:
        return _refused(request, refusal)
    student = student_in_school(request.person, school)
    staff = request.person.staff
    initial = {
        "organisers": [student.pk] if student is not None else [],
        "responsible_teacher": staff.pk if staff is not None else (term.adviser_id if term else None),
    }
    form = EventForm(request.POST or None, school=school, term=term, initial=initial)
    if request.method == "POST" and form.is_valid():
        event = events.create_event(form, by=request.person, school=school)
        messages.success(request, _("The event is in the calendar."))
        return redirect(event)
    return render(request, "parliament/event/event_form.html", {"form": form, "event": None})


def event_edit(request: PersonRequest, pk: int) -> HttpResponse:
    """SP-1.7: the event's own organisers, the adviser and the leaders change an event, and write its
    results once it has taken place."""
    event = get_event_for_user(request.person, pk)
    term = current_term(event.school)
    refusal = edit_refusal(request.person, event, term)
    if refusal:
        return _refused(request, refusal)
    form = EventForm(request.POST or None, instance=event, school=event.school, term=term)
    if request.method == "POST" and form.is_valid():
        event = events.edit_event(event, by=request.person, form=form)
        messages.success(request, _("The event was saved."))
        return redirect(event)
    return render(request, "parliament/event/event_form.html", {"form": form, "event": event})


# The self-service duty roster (SP-2.6)


def _week(request: PersonRequest, today: datetime.date) -> datetime.date:
    """The Monday of the week of `?week=YYYY-MM-DD`, or of this week."""
    value = request.GET.get("week", "")
    day = today
    if value:
        try:
            asked = datetime.date.fromisoformat(value)
        except ValueError:
            asked = None
        if asked is not None and asked.year in YEARS:
            day = asked
        else:
            messages.warning(request, _("Unknown week; showing this week."))
    return day - datetime.timedelta(days=day.weekday())


def _roster_url(day: datetime.date) -> str:
    return f"{reverse('parliament:duty_list')}?{urlencode({'week': day.isoformat()})}"


def duty_list(request: PersonRequest) -> HttpResponse:
    """The week's roster: which class keeps which area on which day, and whether it was done."""
    school = own_school_or_404(request.person)
    if not can_view_duty(request.person, school):
        raise PermissionDenied
    today = timezone.localdate()
    monday = _week(request, today)
    sunday = monday + datetime.timedelta(days=6)
    term = current_term(school)
    markers = duty_markers(request.person, school, term)
    by_day = defaultdict(list)
    for assignment in DutyAssignment.objects.filter(school=school, date__range=(monday, sunday)):
        by_day[assignment.date].append((assignment, markers.allows(assignment)))
    days = [
        (day, day == today, by_day.get(day, []))
        for day in (monday + datetime.timedelta(days=n) for n in range(7))
        if day.weekday() < 6 or by_day.get(day)  # Sunday only when someone is on duty
    ]
    return render(
        request,
        "parliament/duty/duty_list.html",
        {
            "monday": monday,
            "sunday": sunday,
            "days": days,
            "previous": _roster_url(monday - datetime.timedelta(days=7)),
            "next": _roster_url(monday + datetime.timedelta(days=7)),
            "this_week": monday <= today <= sunday,
            "can_assign": can_assign_duty(request.person, school, term),
        },
    )


def duty_create(request: PersonRequest) -> HttpResponse:
    """The adviser, the leaders and the office-holders put a class on duty."""
    school = own_school_or_404(request.person)
    if not can_assign_duty(request.person, school):
        raise PermissionDenied
    initial = {"date": request.GET.get("date") or timezone.localdate()}
    form = DutyAssignmentForm(request.POST or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = events.assign_duty(form, by=request.person, school=school)
        except Refused as error:
            told(request, error, form)
        else:
            messages.success(request, _("The class is on the duty roster."))
            return redirect(_roster_url(assignment.date))
    return render(request, "parliament/duty/duty_form.html", {"form": form})


@require_POST
def duty_mark(request: PersonRequest, pk: int) -> HttpResponse:
    """Class teachers mark their class's duty done; the adviser and office-holders any (SP-2.6).

    The mark is the action's (mark_duty): one mark and one audit event when two people mark at once.
    """
    assignment = get_duty_for_user(request.person, pk)
    done = request.POST.get("done", "1") != "0"
    try:
        changed = events.mark_duty(assignment, by=request.person, done=done)
    except Refused as error:
        told(request, error)
        return redirect(_roster_url(assignment.date))
    if not changed:
        messages.info(request, _("The roster already said so."))
    elif done:
        messages.success(request, _("Marked done."))
    else:
        messages.success(request, _("The mark was taken back."))
    return redirect(_roster_url(assignment.date))
