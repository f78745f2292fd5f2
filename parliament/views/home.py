"""The parliament's public face: the home page and a page per ministry (SP-1.3–1.5, SP-4.2).

Both are public, phone-first. An anonymous visitor (or someone from another school) sees students only as
office-holders' first name and surname initial (`public_name`); signed-in members of the school see full
names. Closed meetings' minutes never reach these pages.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parliament.models import Event, Meeting, OfficeKind, Poll
from parliament.models.meetings import weeks_without_meeting
from parliament.permissions import can_view_voice, current_term, public_name
from parliament.permissions.appeals import can_file_appeal, is_appeal_handler
from parliament.permissions.clubs import can_view_clubs
from parliament.permissions.events import can_view_duty
from parliament.permissions.home import (
    can_see_ministry_members,
    get_home_school,
    get_ministry_for_page,
    sees_full_names,
)
from parliament.permissions.meetings import can_view_meetings
from parliament.permissions.proposals import can_create_proposal
from school_gov.collation import Kyrgyz
from school_gov.models import MinutesItem, School
from school_gov.people import PersonRequest

UPCOMING_EVENTS = 5
LATEST_DECISIONS = 5
SCHOOLS_PER_PAGE = 50
OFFICE_ORDER = {kind: index for index, kind in enumerate(OfficeKind.values)}


@login_not_required
def home(request: PersonRequest) -> HttpResponse:
    """The school's parliament: its offices, ministries, what comes next and what it decided."""
    school = get_home_school(request.person, request.GET.get("school"))
    if school is None:
        return _choose_school(request)
    now = timezone.now()
    today = timezone.localdate()
    full = sees_full_names(request.person, school)

    def name(student) -> str:
        return student.full_name if full else public_name(student)

    term = current_term(school)
    context = {
        "school": school,
        "term": term,
        "full_names": full,
        "anonymous": not request.person.is_authenticated,
        "events": list(Event.objects.filter(school=school).upcoming(now)[:UPCOMING_EVENTS]),
        "polls": list(Poll.objects.filter(school=school, opens_at__lte=now, closes_at__gt=now)),
        "signed_in_member": full and can_view_voice(request.person),
        "can_propose": can_create_proposal(request.person, school),
        "links": _what_i_can_do(request.person, school) if full else [],
    }
    if term is not None:
        offices = sorted(
            term.offices.current(today).select_related("student"),
            key=lambda office: (OFFICE_ORDER.get(office.kind, 99), office.starts_on),
        )
        ministries = term.ministries.select_related("minister").annotate(member_count=Count("members"))
        meeting_dates = Meeting.objects.filter(term=term).values_list("minutes__held_on", flat=True)
        context.update(
            offices=[(office, name(office.student)) for office in offices],
            ministries=[(m, name(m.minister) if m.minister else "") for m in ministries],
            decisions=_latest_decisions(term),
            election=term.elections.order_by("-voting_opens_at").first(),
            missing_weeks=weeks_without_meeting(
                list(term.school_year.quarters.all()), list(meeting_dates), today
            ),
        )
    return render(request, "parliament/home/home.html", context)


def _what_i_can_do(person, school: School) -> list[tuple[str, str]]:
    """Every parliament page the signed-in person may open, one tap from its home (issue 15, part 5):
    the same predicates as the pages themselves."""
    links = []
    if can_view_voice(person):
        links += [
            (reverse("parliament:poll_list"), _("Polls")),
            (reverse("parliament:proposal_list"), _("Proposals")),
        ]
    links.append((reverse("parliament:calendar"), _("Events")))
    if can_view_duty(person, school):
        links.append((reverse("parliament:duty_list"), _("Duty roster")))
    if can_view_meetings(person, school):
        links.append((reverse("parliament:meeting_list"), _("Meetings and minutes")))
    if can_view_clubs(person, school):
        links.append((reverse("parliament:club_list"), _("Clubs")))
    if is_appeal_handler(person, school):
        links.append((reverse("parliament:appeal_list"), _("Appeals")))
    elif can_file_appeal(person):
        links.append((reverse("parliament:appeal_list"), _("My appeals")))
    return links


def _latest_decisions(term) -> list[MinutesItem]:
    """What the last open meetings resolved; a closed meeting's minutes never reach a public page."""
    return list(
        MinutesItem.objects.filter(
            minutes__parliament_meeting__term=term, minutes__parliament_meeting__is_closed=False
        )
        .exclude(resolved="")
        .select_related("minutes")
        .order_by("-minutes__held_on", "-minutes__number", "position", "pk")[:LATEST_DECISIONS]
    )


def _choose_school(request: PersonRequest) -> HttpResponse:
    """A deployment with several schools: the visitor picks the one whose parliament they want."""
    schools = School.objects.filter(terms__school_year__is_current=True).distinct().order_by(Kyrgyz("name"))
    page = Paginator(schools, SCHOOLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "parliament/home/choose_school.html", {"page": page})


@login_not_required
def ministry_detail(request: PersonRequest, pk: int) -> HttpResponse:
    """SP-1.5: a ministry, its minister (by public name) and, for the school's members, its members."""
    ministry = get_ministry_for_page(request.person, pk)
    school = ministry.term.school
    members_visible = can_see_ministry_members(request.person, ministry)
    members = list(ministry.members.order_by(Kyrgyz("surname"), Kyrgyz("name"))) if members_visible else None
    return render(
        request,
        "parliament/ministry/ministry_detail.html",
        {
            "ministry": ministry,
            "school": school,
            "anonymous": not request.person.is_authenticated,
            "minister_name": public_name(ministry.minister) if ministry.minister else "",
            "members": members,
            "member_count": len(members) if members is not None else ministry.members.count(),
            "events": list(ministry.events.upcoming(timezone.now())[:UPCOMING_EVENTS]),
            "proposals": (
                list(ministry.proposals.annotate(support_count=Count("supports"))[:10])
                if members_visible
                else []
            ),
        },
    )
