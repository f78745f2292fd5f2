"""The parliament card of the dashboard: what waits for the signed-in student or staff member."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from parliament.models import (
    Appeal,
    AppealStatus,
    DutyAssignment,
    Election,
    ElectionStage,
    Event,
    Poll,
    PollResponse,
    Turnout,
)
from parliament.models.meetings import weeks_without_meeting
from parliament.permissions import current_term, is_adviser
from parliament.permissions.appeals import is_appeal_handler
from parliament.permissions.elections import CODES_STAGES
from school_gov import roles
from school_gov.models import Student
from school_gov.people import PersonRequest


def cards(request: PersonRequest) -> list[tuple[str, dict]]:
    person = request.person
    school = person.school
    term = current_term(school)
    if term is None:
        return []
    now = timezone.now()
    context: dict = {"term": term, "election": None, "may_vote": False, "open_polls": 0, "new_appeals": None}
    election = (
        Election.objects.filter(term=term)
        .exclude(stage=ElectionStage.RESULTS)
        .order_by("-voting_opens_at")
        .first()
    )
    student = person.student
    if student is not None:
        context["tier"] = student.tier
        if election is not None and election.is_open(now) and student.grade >= election.voter_from_grade:
            context["may_vote"] = not Turnout.objects.filter(election=election, student=student).exists()
        answered = PollResponse.objects.filter(student=student).values("poll")
        context["open_polls"] = (
            Poll.objects.filter(
                school=school,
                opens_at__lte=now,
                closes_at__gt=now,
                audience_from_grade__lte=student.grade,
                audience_to_grade__gte=student.grade,
            )
            .exclude(pk__in=answered)
            .count()
        )
        monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
        context["duties"] = list(
            DutyAssignment.objects.filter(
                school=school,
                grade=student.grade,
                class_letter=student.class_letter,
                date__range=(monday, monday + datetime.timedelta(days=6)),
            )
        )
        context["organising"] = list(
            Event.objects.filter(organisers=student, starts_at__gte=now).order_by("starts_at")[:5]
        )
    context["election"] = election
    context["classes_to_vote"] = []
    if election is not None and election.stage in CODES_STAGES and person.holds(roles.CLASS_TEACHER):
        context["classes_to_vote"] = _classes_to_vote(person, election)
    if is_appeal_handler(person, school):
        context["new_appeals"] = Appeal.objects.filter(school=school, status=AppealStatus.NEW).count()
    if is_adviser(person, term) or person.manages(school):
        dates = term.meetings.values_list("minutes__held_on", flat=True)
        quarters = list(term.school_year.quarters.all())
        context["missing_weeks"] = len(weeks_without_meeting(quarters, list(dates), timezone.localdate()))
    return [("parliament/_dashboard_card.html", context)]


def _classes_to_vote(person, election: Election) -> list[dict]:
    """The class teacher's classes on the election's roll: how many students, how many have voted (the
    turnout roll's count, never who voted how), so the codes or paper ballots are handed to the rest."""
    staff = person.staff
    classes = [
        (a.class_grade, a.class_letter)
        for a in staff.appointments.current().filter(role=roles.CLASS_TEACHER)
        if a.class_grade is not None and a.class_grade >= election.voter_from_grade
    ]
    if not classes:
        return []
    in_classes = Q()
    for grade, letter in classes:
        in_classes |= Q(grade=grade, class_letter=letter)
    voters = Turnout.objects.filter(election=election).values("student")
    counts = (
        Student.objects.filter(in_classes, school=staff.school)
        .values("grade", "class_letter")
        .annotate(on_roll=Count("pk"), voted=Count("pk", filter=Q(pk__in=voters)))
    )
    found = {(row["grade"], row["class_letter"]): row for row in counts}  # one query for every class
    return [
        {
            "klass": f"{grade}-{letter}",
            "on_roll": found.get((grade, letter), {}).get("on_roll", 0),
            "voted": found.get((grade, letter), {}).get("voted", 0),
        }
        for grade, letter in classes
    ]
