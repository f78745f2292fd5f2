"""The methodology card of the dashboard: what waits for the signed-in person (DESIGN "my tasks")."""

from __future__ import annotations

from django.utils import timezone

from methodology.models import (
    HeadAppointment,
    HeadProposal,
    LessonObservation,
    Membership,
    PlanStatus,
    ProposalStatus,
    WorkPlan,
    YearEndReport,
)
from school_gov import roles
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
            WorkPlan.objects.awaiting(person).filter(status=PlanStatus.SUBMITTED).count()
        )
        context["reports_to_accept"] = YearEndReport.objects.awaiting(person).count()
    if person.holds(roles.DIRECTOR):
        context["plans_to_approve"] = (
            WorkPlan.objects.awaiting(person).filter(status=PlanStatus.AGREED).count()
        )
    context["proposals_to_decide"] = []
    if person.manages(staff.school):
        context["overdue"] = WorkPlan.objects.for_school(staff.school).overdue(today).count()
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
    return [("methodology/_dashboard_card.html", context)]
