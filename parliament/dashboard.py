"""The parliament card of the dashboard: what waits for the signed-in student or staff member."""

from __future__ import annotations

from django.utils import timezone

from parliament.models import Appeal, AppealStatus, Election, ElectionStage, Poll, PollResponse, Turnout
from parliament.models.meetings import weeks_without_meeting
from parliament.permissions import current_term, is_adviser
from parliament.permissions.appeals import is_appeal_handler
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
    context["election"] = election
    if is_appeal_handler(person, school):
        context["new_appeals"] = Appeal.objects.filter(school=school, status=AppealStatus.NEW).count()
    if is_adviser(person, term) or person.manages(school):
        dates = term.meetings.values_list("minutes__held_on", flat=True)
        quarters = list(term.school_year.quarters.all())
        context["missing_weeks"] = len(weeks_without_meeting(quarters, list(dates), timezone.localdate()))
    return [("parliament/_dashboard_card.html", context)]
