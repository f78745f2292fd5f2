"""Clubs, committees and creative groups (SP-4.2): a leader, members who ask to join."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parliament.actions import clubs as actions
from parliament.forms.clubs import ClubForm
from parliament.models import (
    Club,
    ClubMembership,
    MembershipStatus,
)
from parliament.permissions import student_in_school
from parliament.permissions.clubs import (
    can_create_club,
    can_decide_membership,
    can_join_club,
    can_view_clubs,
    get_club_for_user,
    is_club_leader,
)
from school_gov.collation import Kyrgyz
from school_gov.people import PersonRequest
from school_gov.permissions import own_school_or_404
from school_gov.refusals import Refused, told

# Clubs, committees and creative groups (SP-4.2)


def club_list(request: PersonRequest) -> HttpResponse:
    """The school's clubs; a student's own (joined or asked) first."""
    school = own_school_or_404(request.person)
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
    rows: list[tuple[Club, ClubMembership | None, bool]] = []
    my_rows: list[tuple[Club, ClubMembership | None, bool]] = []
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


def club_detail(request: PersonRequest, pk: int) -> HttpResponse:
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


def club_create(request: PersonRequest) -> HttpResponse:
    school = own_school_or_404(request.person)
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
def club_join(request: PersonRequest, pk: int) -> HttpResponse:
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
def club_decide(request: PersonRequest, pk: int) -> HttpResponse:
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
