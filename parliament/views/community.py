"""Parliament pages: weekly meetings with minutes (SP-4.2), confidential appeals (SP-3.3) and clubs (SP-4.2).

Used by students on phones: list groups and cards, no wide tables. Appeals are confidential: their
pages answer 404 to anyone but the author and the handlers, are never cached, and every opening is
written to the audit trail.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from parliament.actions import community as actions
from parliament.forms.community import (
    AppealForm,
    AppealUpdateForm,
    ClubForm,
    MeetingForm,
    MinutesForm,
)
from parliament.models import (
    Appeal,
    AppealStatus,
    Club,
    ClubMembership,
    Meeting,
    MembershipStatus,
    Term,
)
from parliament.models.meetings import school_weeks, weeks_without_meeting
from parliament.permissions import current_term, student_in_school
from parliament.permissions.community import (
    can_create_club,
    can_decide_membership,
    can_file_appeal,
    can_handle_appeal,
    can_join_club,
    can_read_minutes,
    can_record_meeting,
    can_view_clubs,
    can_view_meetings,
    get_appeal_for_user,
    get_club_for_user,
    get_meeting_for_user,
    is_appeal_handler,
    is_club_leader,
    reads_closed_minutes,
)
from school_gov.collation import Kyrgyz
from school_gov.forms import MinutesItemFormSet
from school_gov.models import AuditEvent, School
from school_gov.refusals import Refused, told

MEETINGS_PER_PAGE = 25
APPEALS_PER_PAGE = 25
OPEN_APPEALS = (AppealStatus.NEW, AppealStatus.IN_PROGRESS)


def _own_school(request: HttpRequest) -> School:
    """The parliament's pages are for the school's own students and staff: others get 403 on lists."""
    school = request.person.school
    if school is None:
        raise PermissionDenied
    return school


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


def meeting_list(request: HttpRequest) -> HttpResponse:
    """The term's meetings (number, date, open or closed) and the weekly tracker (SP-4.2)."""
    school = _own_school(request)
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


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
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


def meeting_create(request: HttpRequest) -> HttpResponse:
    """The adviser or the secretary, speaker or president writes the minutes: header and items on one page."""
    term = current_term(_own_school(request))
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


# Confidential appeals (SP-3.3; SP-4.2 honour and dignity)


@never_cache
def appeal_list(request: HttpRequest) -> HttpResponse:
    """A student sees their own appeals; the handlers the school's, by status."""
    school = _own_school(request)
    if is_appeal_handler(request.person, school):
        return _handler_appeal_list(request, school)
    if not can_file_appeal(request.person):
        raise PermissionDenied
    appeals = Appeal.objects.filter(author=request.person.student).order_by("-created_at")
    return render(request, "parliament/appeal/appeal_list.html", {"appeals": list(appeals), "handler": False})


def _handler_appeal_list(request: HttpRequest, school: School) -> HttpResponse:
    appeals = Appeal.objects.filter(school=school)
    counts = appeals.aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_APPEALS)),
        all=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in AppealStatus.values},
    )
    status = request.GET.get("status", "open")
    if status == "open":
        appeals = appeals.filter(status__in=OPEN_APPEALS)
    elif status in AppealStatus.values:
        appeals = appeals.filter(status=status)
    elif status != "all":
        messages.warning(request, _("Unknown status filter; showing all appeals."))
        status = "all"
    page = Paginator(
        appeals.select_related("author", "handled_by").order_by("-created_at", "-pk"), APPEALS_PER_PAGE
    ).get_page(request.GET.get("page"))
    tabs = [("open", _("open"), counts["open"])]
    tabs += [(value, label, counts[value]) for value, label in AppealStatus.choices]
    tabs.append(("all", _("all"), counts["all"]))
    return render(
        request,
        "parliament/appeal/appeal_list.html",
        {"page": page, "appeals": page.object_list, "handler": True, "status": status, "tabs": tabs},
    )


def appeal_create(request: HttpRequest) -> HttpResponse:
    if not can_file_appeal(request.person):
        raise PermissionDenied
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        appeal = actions.file_appeal(form.instance, by=request.person)
        messages.success(
            request,
            _(
                "Your appeal was filed. Only the parliament's adviser, the social pedagogue and the "
                "deputy director will read it."
            ),
        )
        return redirect("parliament:appeal_detail", pk=appeal.pk)
    return render(request, "parliament/appeal/appeal_form.html", {"form": form})


def _appeal_page(request: HttpRequest, appeal: Appeal, form: AppealUpdateForm | None) -> HttpResponse:
    """Every rendering of an appeal's contents is an opening, written to the audit trail."""
    handler = can_handle_appeal(request.person, appeal)
    actions.record_appeal_opened(appeal, by=request.person)
    context = {"appeal": appeal, "handler": handler, "form": form}
    if handler:
        events = AuditEvent.objects.for_object(appeal).select_related("actor__staff", "actor__student")[:50]
        context["history"] = [
            (event, _person_name(event.actor), _appeal_event_label(event.action)) for event in events
        ]
    return render(request, "parliament/appeal/appeal_detail.html", context)


def _person_name(user) -> str:
    if user is None:
        return "—"
    for record in ("staff", "student"):
        person = getattr(user, record, None)  # a missing reverse one-to-one is an AttributeError
        if person is not None:
            return person.short_name
    return user.get_username()


def _appeal_event_label(action: str) -> str:
    verb = action.rsplit(".", 1)[-1]
    labels = {"created": _("filed"), "opened": _("opened"), "changed": _("status or resolution changed")}
    return labels.get(verb, verb)


@never_cache
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_appeal_for_user(request.person, pk)
    form = AppealUpdateForm(instance=appeal) if can_handle_appeal(request.person, appeal) else None
    return _appeal_page(request, appeal, form)


@never_cache
@require_POST
def appeal_update(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_appeal_for_user(request.person, pk)
    if not can_handle_appeal(request.person, appeal):
        raise PermissionDenied  # the author, who knows the appeal exists
    # A fresh instance: a refused form must not leave its values on the appeal the page shows.
    form = AppealUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The appeal was not changed: correct the marked fields."))
        return _appeal_page(request, appeal, form)
    actions.update_appeal(
        appeal,
        status=form.cleaned_data["status"],
        resolution=form.cleaned_data["resolution"],
        by=request.person,
    )
    messages.success(request, _("The appeal was updated."))
    return redirect("parliament:appeal_detail", pk=appeal.pk)


# Clubs, committees and creative groups (SP-4.2)


def club_list(request: HttpRequest) -> HttpResponse:
    """The school's clubs; a student's own (joined or asked) first."""
    school = _own_school(request)
    if not can_view_clubs(request.person, school):
        raise PermissionDenied
    clubs = (
        Club.objects.filter(school=school)
        .select_related("leader_staff", "leader_student")
        .annotate(member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACCEPTED)))
    )
    student = student_in_school(request.person, school)
    mine: dict[int, ClubMembership] = {}
    if student is not None:
        mine = {m.club_id: m for m in ClubMembership.objects.filter(student=student)}
    staff = request.person.staff
    rows, my_rows = [], []
    for club in clubs:
        membership = mine.get(club.pk)
        leads = bool(
            (staff is not None and club.leader_staff_id == staff.pk)
            or (student is not None and club.leader_student_id == student.pk)
        )
        belongs = leads or (membership is not None and membership.status != MembershipStatus.DECLINED)
        (my_rows if belongs else rows).append((club, membership, leads))
    return render(
        request,
        "parliament/club/club_list.html",
        {
            "my_rows": my_rows,
            "other_rows": rows,
            "can_create": can_create_club(request.person, school),
        },
    )


def club_detail(request: HttpRequest, pk: int) -> HttpResponse:
    club = get_club_for_user(request.person, pk)
    memberships = club.memberships.select_related("student").order_by(
        Kyrgyz("student__surname"), Kyrgyz("student__name")
    )
    leader = is_club_leader(request.person, club)
    student = student_in_school(request.person, club.school)
    mine = next((m for m in memberships if student and m.student_id == student.pk), None)
    return render(
        request,
        "parliament/club/club_detail.html",
        {
            "club": club,
            "members": [m for m in memberships if m.status == MembershipStatus.ACCEPTED],
            "requests": [m for m in memberships if m.status == MembershipStatus.REQUESTED] if leader else [],
            "is_leader": leader,
            "my_membership": mine,
            "can_join": can_join_club(request.person, club)
            and (mine is None or mine.status == MembershipStatus.DECLINED),
        },
    )


def club_create(request: HttpRequest) -> HttpResponse:
    school = _own_school(request)
    if not can_create_club(request.person, school):
        raise PermissionDenied
    form = ClubForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            club = actions.create_club(form.instance, by=request.person)
        except Refused as refusal:
            told(request, refusal, form)
        else:
            messages.success(request, _("The club was created."))
            return redirect(club)
    return render(request, "parliament/club/club_form.html", {"form": form})


@require_POST
def club_join(request: HttpRequest, pk: int) -> HttpResponse:
    club = get_club_for_user(request.person, pk)
    if not can_join_club(request.person, club):
        raise PermissionDenied
    try:
        actions.request_to_join(club, by=request.person)
    except Refused as refusal:
        told(request, refusal)
    else:
        messages.success(request, _("You asked to join; the club's leader will answer."))
    return redirect(club)


@require_POST
def club_decide(request: HttpRequest, pk: int) -> HttpResponse:
    club = get_club_for_user(request.person, pk)
    if not can_decide_membership(request.person, club):
        raise PermissionDenied
    decision = request.POST.get("decision")
    membership_pk = request.POST.get("membership", "")
    if decision not in ("accept", "decline") or not membership_pk.isdigit():
        messages.error(request, _("Choose a request and accept or decline it."))
        return redirect(club)
    membership = get_object_or_404(
        ClubMembership.objects.select_related("club__school", "student"), club=club, pk=int(membership_pk)
    )
    try:
        actions.decide_membership(membership, by=request.person, accept=decision == "accept")
    except Refused as refusal:
        told(request, refusal)
    else:
        name = membership.student.full_name
        messages.success(
            request,
            _("%(name)s is now a member.") % {"name": name}
            if decision == "accept"
            else _("The request of %(name)s was declined.") % {"name": name},
        )
    return redirect(reverse("parliament:club_detail", args=[club.pk]) + "#requests")


urlpatterns = [
    path("meetings/", meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("appeals/", appeal_list, name="appeal_list"),
    path("appeals/new/", appeal_create, name="appeal_create"),
    path("appeals/<int:pk>/", appeal_detail, name="appeal_detail"),
    path("appeals/<int:pk>/update/", appeal_update, name="appeal_update"),
    path("clubs/", club_list, name="club_list"),
    path("clubs/new/", club_create, name="club_create"),
    path("clubs/<int:pk>/", club_detail, name="club_detail"),
    path("clubs/<int:pk>/join/", club_join, name="club_join"),
    path("clubs/<int:pk>/decide/", club_decide, name="club_decide"),
]
