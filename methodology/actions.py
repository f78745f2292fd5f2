"""Writes that touch several models or carry a rule of their own: creating a plan (with a copy of an
earlier one's activities), recording and acknowledging lesson observations."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext

from methodology.models import (
    Association,
    AssociationMeeting,
    HeadProposal,
    InvalidTransition,
    LessonObservation,
    PlanItem,
    ProposalKind,
    ProposalStatus,
    TeacherProject,
    WorkPlan,
)
from methodology.models.projects import PROJECT_STATUS_FROM
from methodology.permissions import (
    can_decide_proposal,
    can_edit_observation,
    can_observe,
    can_propose,
    can_record_meeting,
)
from school_gov import audit
from school_gov.forms import minutes_number_taken, save_minutes
from school_gov.models import Minutes, SchoolYear
from school_gov.roles import staff_of


@transaction.atomic
def create_plan(*, plan: WorkPlan, by, copy_from: WorkPlan | None = None) -> int:
    """Save a new plan drafted by the head; copy `copy_from`'s activities into its period.

    Copied dates move by the distance between the two periods' starts; a date that then falls outside
    the new period is put at the period's nearest edge. Returns how many activities were put there, so
    the head is told to check them (MB-5.1: dates are the head's to decide, never silently changed).
    """
    plan.created_by = by
    plan.save()
    moved = 0
    if copy_from is not None:
        members = set(plan.association.member_staff().values_list("pk", flat=True))
        shift = plan.period_start - copy_from.period_start
        for source in copy_from.items.prefetch_related("responsible"):
            starts_on, ends_on, was_moved = _shifted(source, shift, plan)
            moved += was_moved
            item = PlanItem.objects.create(
                plan=plan,
                position=source.position,
                section=source.section,
                activity=source.activity,
                starts_on=starts_on,
                ends_on=ends_on,
                expected_result=source.expected_result,
            )
            item.responsible.set([staff for staff in source.responsible.all() if staff.pk in members])
    audit.record(
        by,
        "methodology.plan.created",
        plan,
        school=plan.association.school,
        copied_from=copy_from.pk if copy_from else None,
        activities_moved_into_period=moved,
    )
    return moved


def _clamp(day: datetime.date, plan: WorkPlan) -> datetime.date:
    return min(max(day, plan.period_start), plan.period_end)


def _shifted(item: PlanItem, shift: datetime.timedelta, plan: WorkPlan):
    starts_on = item.starts_on + shift
    ends_on = item.ends_on + shift if item.ends_on else None
    clamped_start = _clamp(starts_on, plan)
    clamped_end = _clamp(ends_on, plan) if ends_on else None
    return clamped_start, clamped_end, (clamped_start, clamped_end) != (starts_on, ends_on)


# Lesson observations (MB-3.1, MB-4.1)

OBSERVATION_FIELDS_AUDITED = ("observed_on", "class_grade", "class_letter", "subject", "aim_reached")


@transaction.atomic
def save_observation(*, observation: LessonObservation, by, changed: list[str] | None = None) -> None:
    """Record a new observation or the observer's correction, with its audit event. A correction is taken
    only while the teacher has not read the analysis (checked again under the row's lock)."""
    added = observation.pk is None
    fresh = Association.objects.get(pk=observation.association_id)  # not the page's remembered answers
    allowed = can_observe(by, fresh) if added else can_edit_observation(by, observation)
    if not allowed:
        raise InvalidTransition(gettext("Only the observer records or corrects this observation."))
    if not added:
        locked = LessonObservation.objects.select_for_update().get(pk=observation.pk)
        if locked.acknowledged_at is not None:
            raise InvalidTransition(gettext("The teacher has read this analysis; it is kept as written."))
    observation.save()
    audit.record(
        by,
        "methodology.observation.recorded" if added else "methodology.observation.changed",
        observation,
        school=observation.association.school,
        teacher=observation.teacher_id,
        **{field: str(getattr(observation, field)) for field in OBSERVATION_FIELDS_AUDITED},
        **({} if added else {"fields": sorted(changed or [])}),
    )


@transaction.atomic
def acknowledge_observation(*, observation: LessonObservation, by, version: str | None = None) -> None:
    """The teacher confirms having read the analysis ("analysis read"); once, and only the teacher, and
    only the version read (`version`: the `updated_at` the page showed) — not one the observer changed
    meanwhile."""
    if staff_of(by) is None or staff_of(by).pk != observation.teacher_id:
        raise InvalidTransition(gettext("Only the observed teacher confirms reading the analysis."))
    now = timezone.now()
    pending = LessonObservation.objects.filter(pk=observation.pk, acknowledged_at__isnull=True)
    read = pending if version is None else pending.filter(updated_at=parse_datetime(version or ""))
    if not read.update(acknowledged_at=now):
        if pending.exists():
            raise InvalidTransition(
                gettext(
                    "The observer changed the analysis while you were reading it: read it again, then "
                    "confirm."
                )
            )
        raise InvalidTransition(gettext("You have already confirmed reading this analysis."))
    observation.acknowledged_at = now
    audit.record(
        by, "methodology.observation.acknowledged", observation, school=observation.association.school
    )


# Meetings (MB-2.1)


@transaction.atomic
def record_meeting(
    *, association: Association, school_year: SchoolYear, minutes: Minutes, items, attendees, by
) -> AssociationMeeting:
    """A meeting of the association with its minutes and their items (heard → spoke → resolved). The
    association's row is locked, so two saves at once cannot take one number of the school year."""
    # Asked of the locked row, not of the page's object and the answers it remembers.
    association = Association.objects.select_for_update().get(pk=association.pk)
    if not can_record_meeting(by, association):
        raise InvalidTransition(gettext("Only the head of the association keeps its minutes."))
    taken = AssociationMeeting.objects.filter(association=association, school_year=school_year)
    refusal = minutes_number_taken(taken, minutes.number)
    if refusal:
        raise InvalidTransition(str(refusal))
    attendees = list(attendees)
    count = save_minutes(minutes, items, school=association.school, attendees=attendees)
    meeting = AssociationMeeting.objects.create(
        association=association, school_year=school_year, minutes=minutes
    )
    meeting.attendees.set(attendees)
    audit.record(
        by,
        "methodology.meeting.created",
        meeting,
        school=association.school,
        number=minutes.number,
        held_on=minutes.held_on,
        items=count,
        attendees=len(attendees),
    )
    return meeting


# Projects and the head's proposals (MB-4.3)


@transaction.atomic
def submit_proposal(*, proposal: HeadProposal, by) -> HeadProposal:
    """The head's proposal goes to the administration (checked by the model's own rules first)."""
    if not can_propose(by, Association.objects.get(pk=proposal.association_id)):  # fresh, not the page's
        raise InvalidTransition(gettext("Only the head of the association makes its proposals."))
    proposal.author = staff_of(by)
    proposal.full_clean()
    proposal.save()
    audit.record(
        by,
        "methodology.proposal.submitted",
        proposal,
        school=proposal.association.school,
        kind=proposal.kind,
        teacher=proposal.teacher_id,
        project=proposal.project_id,
    )
    return proposal


@transaction.atomic
def decide_proposal(*, proposal: HeadProposal, accept: bool, decision: str, by) -> TeacherProject | None:
    """The administration accepts or declines (a refusal says why); the project follows the decision:
    a new project starts, or the project is suspended, resumed or stopped. Once, under the row's lock."""
    locked = (
        HeadProposal.objects.select_for_update(of=("self",))
        .select_related("project", "association__school")
        .get(pk=proposal.pk)
    )
    if locked.status != ProposalStatus.SUBMITTED:
        raise InvalidTransition(gettext("This proposal has been decided already."))
    if not can_decide_proposal(by, locked):
        raise InvalidTransition(gettext("The director or the deputy director decides on proposals."))
    decision = decision.strip()
    if not accept and not decision:
        raise InvalidTransition(gettext("Write why the proposal is declined."))
    today = timezone.localdate()
    project = None
    if accept and locked.kind == ProposalKind.START_PROJECT:
        project = TeacherProject.objects.create(
            association=locked.association,
            teacher_id=locked.teacher_id,
            title=locked.title,
            description=locked.text,
            started_on=today,
            status_changed_on=today,
        )
        locked.project = project
    elif accept and locked.kind in PROJECT_STATUS_FROM:
        allowed, after = PROJECT_STATUS_FROM[locked.kind]
        project = TeacherProject.objects.select_for_update().get(pk=locked.project_id)
        if project.status not in allowed:
            raise InvalidTransition(
                gettext("The project is %(status)s now: this proposal no longer applies.")
                % {"status": project.get_status_display()}
            )
        project.status, project.status_changed_on = after, today
        project.save(update_fields=["status", "status_changed_on"])
    locked.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    locked.decided_by, locked.decided_at, locked.decision = staff_of(by), timezone.now(), decision
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision", "project"])
    audit.record(
        by,
        f"methodology.proposal.{'accepted' if accept else 'declined'}",
        locked,
        school=locked.association.school,
        decision=decision,
        project=locked.project_id,
        project_status=project.status if project else None,
    )
    proposal.status = locked.status
    return project
