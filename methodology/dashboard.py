"""The methodology card of the dashboard: what waits for the signed-in person (DESIGN "my tasks"), read
from methodology.waiting, the definitions the daily reminders use too."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone

from methodology import forecast, waiting
from methodology.models import (
    Acknowledgement,
    DocumentSubmission,
    HeadAppointment,
    HeadProposal,
    LessonObservation,
    Membership,
    PlanComment,
    PlanStatus,
    ProposalStatus,
    SubmissionStatus,
    WorkPlan,
    YearEndReport,
)
from methodology.models.documents import TEACHERS_TURN
from methodology.models.plans import EDITABLE_STATUSES
from school_gov import roles
from school_gov.models import School
from school_gov.people import PersonRequest


def cards(request: PersonRequest) -> list[tuple[str, dict]]:
    """(template, context) pairs for the dashboard; nothing for people outside the staff."""
    person = request.person
    staff = person.staff
    if staff is None:
        return []
    today = timezone.localdate()
    context: dict = {
        "plans_to_agree": None,
        "reports_to_accept": None,
        "plans_to_approve": None,
        "overdue": 0,
    }
    if person.holds(roles.DEPUTY_DIRECTOR):
        context["plans_to_agree"] = (
            waiting.plans_waiting_for(person).filter(status=PlanStatus.SUBMITTED).count()
        )
        context["reports_to_accept"] = YearEndReport.objects.awaiting(person).count()
    if person.holds(roles.DIRECTOR):
        context["plans_to_approve"] = (
            waiting.plans_waiting_for(person).filter(status=PlanStatus.AGREED).count()
        )
    context["proposals_to_decide"] = []
    context["missing_plans"] = []
    context["quarters_without_meeting"] = []
    context["attestation_due"] = 0
    if person.manages(staff.school):
        context["attestation_due"] = forecast.due_this_year(staff.school, today)
        context["quarters_without_meeting"] = waiting.quarters_without_meeting(
            today, schools=[staff.school_id]
        )
        context["missing_plans"] = waiting.missing_plans(today, schools=[staff.school_id], include_ended=True)
        # The missing-plan radar: a plan never drafted is overdue from its period's start + 5 days too.
        context["never_drafted"] = sum(gap.is_overdue(today) for gap in context["missing_plans"])
        context["overdue"] = (
            WorkPlan.objects.for_school(staff.school).overdue(today).count() + context["never_drafted"]
        )
        context["proposals_to_decide"] = list(
            HeadProposal.objects.filter(association__school=staff.school, status=ProposalStatus.SUBMITTED)
            .select_related("association")
            .order_by("created_at")[:10]
        )
    headed = list(HeadAppointment.objects.current(today).filter(staff=staff).select_related("association"))
    context["headed"] = [appointment.association for appointment in headed]
    context["to_work_on"] = list(
        WorkPlan.objects.filter(
            association__in=context["headed"], status__in=[PlanStatus.DRAFT, PlanStatus.RETURNED]
        ).select_related("association")[:10]
    )
    context["memberships"] = list(
        Membership.objects.current(today)
        .filter(staff=staff)
        .exclude(association__in=context["headed"])
        .select_related("association")
    )
    context["observations_to_read"] = LessonObservation.objects.filter(
        teacher=staff, acknowledged_at__isnull=True
    ).count()
    context["items_to_mark"] = waiting.unmarked_items(today, responsible=staff.pk).count()
    headed_ids = [association.pk for association in context["headed"]]
    context["reports_due"] = waiting.reports_due(today, associations=headed_ids) if headed_ids else []
    context["comments"] = (
        list(
            PlanComment.objects.filter(plan__association__in=headed_ids, plan__status__in=EDITABLE_STATUSES)
            .exclude(author=staff)
            .select_related("plan", "author")
            .order_by("-created_at")[:5]
        )
        if headed_ids
        else []
    )
    # MB-4.5: documents asked of me and not sent (or returned), and documents sent to me for review.
    mine = Q(teacher=staff, status__in=TEACHERS_TURN)
    to_review = Q(status=SubmissionStatus.SUBMITTED) & (
        Q(request__requested_by=staff) | Q(request__association__in=headed_ids)
    )
    context.update(
        DocumentSubmission.objects.filter(mine | to_review, request__closed_at__isnull=True).aggregate(
            documents_to_send=Count("pk", filter=mine), documents_to_review=Count("pk", filter=to_review)
        )
    )
    context["documents_to_read"] = Acknowledgement.objects.filter(staff=staff, read_at__isnull=True).count()
    context["district"] = _district(person, today) if person.holds(roles.DISTRICT_METHODOLOGIST) else None
    return [("methodology/_dashboard_card.html", context)]


def _district(person, today) -> list[dict]:
    """The district methodologist's view by school: plans overdue (those never drafted included) and
    periods about to start with no plan (four queries in all)."""
    district_id = person.district_id
    if district_id is None:
        return []
    schools = list(School.objects.filter(district_id=district_id).order_by("name"))
    ids = [school.pk for school in schools]
    overdue = dict(
        WorkPlan.objects.filter(association__school_id__in=ids)
        .overdue(today)
        .values("association__school_id")
        .annotate(n=Count("pk"))
        .values_list("association__school_id", "n")
    )
    gaps = waiting.missing_plans(today, schools=ids, include_ended=True)
    never = Counter(gap.association.school_id for gap in gaps if gap.is_overdue(today))
    missing = Counter(gap.association.school_id for gap in gaps if not gap.is_overdue(today))
    # Each gap counted once: overdue (a plan late, or never drafted past its due day) or due soon.
    rows = [
        {
            "school": school,
            "overdue": overdue.get(school.pk, 0) + never.get(school.pk, 0),
            "never_drafted": never.get(school.pk, 0),
            "missing": missing.get(school.pk, 0),
        }
        for school in schools
    ]
    return [row for row in rows if row["overdue"] or row["missing"]]
