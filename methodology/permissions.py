"""Who may do what with associations, plans and reports: one predicate per decision, and fetch helpers.

Fetch helpers answer 404 outside the user's schools (the same as a record that does not exist) and 403 to
a member of the school without the right.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from methodology.models import (
    Association,
    AssociationMeeting,
    HeadProposal,
    LessonObservation,
    PlanItem,
    PlanStatus,
    ProposalStatus,
    ReportStatus,
    WorkPlan,
    YearEndReport,
)
from methodology.models.plans import EDITABLE_STATUSES
from methodology.models.reports import REPORT_EDITABLE
from school_gov import roles
from school_gov.permissions import get_in_school_or_404, school_of
from school_gov.roles import roles_of, staff_of


def _leads_school(user, school, role: str) -> bool:
    return role in roles_of(user) and school_of(user) == school


def _asked(association: Association, question: str, staff, answer) -> bool:
    """One query per association object, staff member and question: a page asks the same several times."""
    cache = association.__dict__.setdefault("_permission_answers", {})
    key = (question, staff.pk)
    if key not in cache:
        cache[key] = answer()
    return cache[key]


def is_head(user, association: Association) -> bool:
    """The user's staff record holds the association's current head appointment (MB-2.1)."""
    staff = staff_of(user)
    return staff is not None and _asked(
        association,
        "head",
        staff,
        lambda: association.head_appointments.current().filter(staff=staff).exists(),
    )


def is_member(user, association: Association) -> bool:
    """A current member of the association, or its head."""
    staff = staff_of(user)
    if staff is None:
        return False
    return _asked(
        association, "member", staff, lambda: association.memberships.current().filter(staff=staff).exists()
    ) or is_head(user, association)


def is_school_reviewer(user, school) -> bool:
    """The deputy director (MB-1.2) or the director of the school, or the district methodologist."""
    held = roles_of(user)
    if roles.DISTRICT_METHODOLOGIST in held:
        own = school_of(user)
        return own is not None and (
            own == school or (own.district_id and own.district_id == school.district_id)
        )
    return school_of(user) == school and bool(held & {roles.DEPUTY_DIRECTOR, roles.DIRECTOR})


def can_view_association(user, association: Association) -> bool:
    """Any staff member of the school, and the district, may see an association's page."""
    return staff_of(user) is not None


def can_create_plan(user, association: Association) -> bool:
    return is_head(user, association)


def can_view_plan(user, plan: WorkPlan) -> bool:
    """Members see every state; reviewers see it once submitted; other staff only approved plans."""
    if is_member(user, plan.association):
        return True
    if plan.status not in (PlanStatus.DRAFT,) and is_school_reviewer(user, plan.association.school):
        return True
    return plan.status == PlanStatus.APPROVED and staff_of(user) is not None


def can_edit_plan(user, plan: WorkPlan) -> bool:
    """The head edits the content while it is a draft or returned; submitted content is read-only."""
    return plan.status in EDITABLE_STATUSES and is_head(user, plan.association)


def can_comment_plan(user, plan: WorkPlan) -> bool:
    """MB-5.1: the teachers draft the plan together with the head: members comment on drafts."""
    return plan.status in EDITABLE_STATUSES and is_member(user, plan.association)


def can_submit_plan(user, plan: WorkPlan) -> bool:
    return plan.status in EDITABLE_STATUSES and is_head(user, plan.association)


def can_agree_plan(user, plan: WorkPlan) -> bool:
    """MB-5.1, MB-1.2: the deputy director for educational work of the plan's school agrees it."""
    return plan.status == PlanStatus.SUBMITTED and _leads_school(
        user, plan.association.school, roles.DEPUTY_DIRECTOR
    )


def can_approve_plan(user, plan: WorkPlan) -> bool:
    """MB-5.1: the director approves a plan the deputy has agreed."""
    return plan.status == PlanStatus.AGREED and _leads_school(user, plan.association.school, roles.DIRECTOR)


def can_return_plan(user, plan: WorkPlan) -> bool:
    """The deputy returns what was submitted to them, the director what was agreed."""
    school = plan.association.school
    if plan.status == PlanStatus.SUBMITTED:
        return _leads_school(user, school, roles.DEPUTY_DIRECTOR)
    if plan.status == PlanStatus.AGREED:
        return _leads_school(user, school, roles.DIRECTOR)
    return False


def can_mark_completion(user, item: PlanItem) -> bool:
    """Once the plan is approved and its period has begun, the head or a responsible member marks it."""
    plan = item.plan
    if plan.status != PlanStatus.APPROVED or timezone.localdate() < plan.period_start:
        return False
    if is_head(user, plan.association):
        return True
    staff = staff_of(user)
    return (
        staff is not None
        and is_member(user, plan.association)
        and item.responsible.filter(pk=staff.pk).exists()
    )


def can_view_report(user, report: YearEndReport) -> bool:
    if is_member(user, report.association):
        return True
    return report.status != ReportStatus.DRAFT and is_school_reviewer(user, report.association.school)


def can_edit_report(user, report: YearEndReport) -> bool:
    return report.status in REPORT_EDITABLE and is_head(user, report.association)


def can_submit_report(user, report: YearEndReport) -> bool:
    return report.status in REPORT_EDITABLE and is_head(user, report.association)


def can_review_report(user, report: YearEndReport) -> bool:
    """MB-5.3: the report goes to the deputy director for educational work, who accepts or returns it."""
    return report.status == ReportStatus.SUBMITTED and _leads_school(
        user, report.association.school, roles.DEPUTY_DIRECTOR
    )


# Lesson observations (MB-3.1, MB-4.1)


def can_observe(user, association: Association) -> bool:
    """The association's head (MB-4.1), the deputy director or the director attend its teachers' lessons."""
    return is_head(user, association) or (
        school_of(user) == association.school
        and bool(roles_of(user) & {roles.DEPUTY_DIRECTOR, roles.DIRECTOR})
    )


def can_view_observation(user, observation: LessonObservation) -> bool:
    """The observer, the observed teacher, the association's head, the school's leaders and the district
    methodologist: an analysis of one teacher's lesson is not for the other teachers."""
    staff = staff_of(user)
    if staff is not None and staff.pk in (observation.observer_id, observation.teacher_id):
        return True
    return is_head(user, observation.association) or is_school_reviewer(user, observation.association.school)


def can_edit_observation(user, observation: LessonObservation) -> bool:
    """The observer, until the teacher has read the analysis; then it is kept as written."""
    staff = staff_of(user)
    return observation.acknowledged_at is None and staff is not None and staff.pk == observation.observer_id


def can_acknowledge_observation(user, observation: LessonObservation) -> bool:
    staff = staff_of(user)
    return observation.acknowledged_at is None and staff is not None and staff.pk == observation.teacher_id


# Meetings and their minutes (MB-2.1)


def can_record_meeting(user, association: Association) -> bool:
    """The head keeps the association's joint records, its minutes among them."""
    return is_head(user, association)


def can_view_meetings(user, association: Association) -> bool:
    """The association's members and the school's leaders (and the district) read its minutes."""
    return is_member(user, association) or is_school_reviewer(user, association.school)


# Projects and the head's proposals (MB-4.3)


def can_propose(user, association: Association) -> bool:
    return is_head(user, association)


def can_view_proposals(user, association: Association) -> bool:
    """Like the minutes: the association's members and the school's leaders (and the district)."""
    return can_view_meetings(user, association)


def can_decide_proposal(user, proposal: HeadProposal) -> bool:
    """The school's administration decides: the director or the deputy director, while it waits."""
    return proposal.status == ProposalStatus.SUBMITTED and (
        school_of(user) == proposal.association.school
        and bool(roles_of(user) & {roles.DEPUTY_DIRECTOR, roles.DIRECTOR})
    )


# Fetch helpers


def get_association_for_user(user, pk: int) -> Association:
    association = get_in_school_or_404(Association.objects.select_related("school"), user, pk=pk)
    if not can_view_association(user, association):
        raise PermissionDenied
    return association


def get_plan_for_user(user, pk: int, *, edit: bool = False) -> WorkPlan:
    plan = get_in_school_or_404(
        WorkPlan.objects.select_related(
            "association__school", "school_year", "quarter", "agreed_by", "approved_by", "created_by"
        ),
        user,
        school_field="association__school",
        pk=pk,
    )
    if not can_view_plan(user, plan):
        raise PermissionDenied
    if edit and not can_edit_plan(user, plan):
        raise PermissionDenied
    return plan


def get_report_for_user(user, pk: int, *, edit: bool = False) -> YearEndReport:
    report = get_in_school_or_404(
        YearEndReport.objects.select_related("association__school", "school_year", "accepted_by"),
        user,
        school_field="association__school",
        pk=pk,
    )
    if not can_view_report(user, report):
        raise PermissionDenied
    if edit and not can_edit_report(user, report):
        raise PermissionDenied
    return report


def get_observation_for_user(user, pk: int, *, edit: bool = False) -> LessonObservation:
    observation = get_in_school_or_404(
        LessonObservation.objects.select_related("association__school", "teacher", "observer"),
        user,
        school_field="association__school",
        pk=pk,
    )
    if not can_view_observation(user, observation):
        raise PermissionDenied
    if edit and not can_edit_observation(user, observation):
        raise PermissionDenied
    return observation


def get_meeting_for_user(user, pk: int) -> AssociationMeeting:
    meeting = get_in_school_or_404(
        AssociationMeeting.objects.select_related("association__school", "minutes", "school_year"),
        user,
        school_field="association__school",
        pk=pk,
    )
    if not can_view_meetings(user, meeting.association):
        raise PermissionDenied
    return meeting


def get_proposal_for_user(user, pk: int) -> HeadProposal:
    proposal = get_in_school_or_404(
        HeadProposal.objects.select_related(
            "association__school", "author", "teacher", "project", "decided_by"
        ),
        user,
        school_field="association__school",
        pk=pk,
    )
    if not can_view_proposals(user, proposal.association):
        raise PermissionDenied
    return proposal
