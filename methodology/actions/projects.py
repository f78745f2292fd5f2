"""Teachers' projects and the head's proposals (MB-4.3): the head proposes, the administration decides,
the project follows the decision."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext

from methodology.models import (
    Association,
    HeadProposal,
    ProposalKind,
    ProposalStatus,
    TeacherProject,
)
from methodology.models.projects import PROJECT_STATUS_FROM
from methodology.permissions import can_decide_proposal, can_propose
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.people import Person
from school_gov.refusals import Refused, check


@action
def submit_proposal(proposal: HeadProposal, *, by: Person) -> HeadProposal:
    """The head's proposal goes to the administration (checked by the model's own rules first)."""
    association = lock(
        Association.objects.select_related("school"), by=by, within="school", pk=proposal.association_id
    )
    allow(can_propose(by, association), gettext("Only the head of the association makes its proposals."))
    if by.staff is None:  # allow() refused otherwise
        raise Refused.not_allowed()
    proposal.author = by.staff
    check(proposal)
    proposal.save()
    audit.record(
        by,
        "methodology.proposal.submitted",
        proposal,
        school=association.school,
        kind=proposal.kind,
        teacher=proposal.teacher_id,
        project=proposal.project_id,
    )
    return proposal


@action
def decide_proposal(
    proposal: HeadProposal, *, by: Person, accept: bool, decision: str
) -> TeacherProject | None:
    """The administration accepts or declines (a refusal says why); the project follows the decision:
    a new project starts, or the project is suspended, resumed or stopped. Once, under the row's lock."""
    locked = lock(
        HeadProposal.objects.select_related("project", "association__school"),
        by=by,
        within="association__school",
        pk=proposal.pk,
    )
    if locked.status != ProposalStatus.SUBMITTED:
        raise Refused(gettext("This proposal has been decided already."))
    allow(
        can_decide_proposal(by, locked), gettext("The director or the deputy director decides on proposals.")
    )
    decision = (decision or "").strip()
    if not accept and not decision:
        raise Refused(gettext("Write why the proposal is declined."))
    today = timezone.localdate()
    project = None
    if accept and locked.kind == ProposalKind.START_PROJECT:
        if locked.teacher_id is None:  # HeadProposal.clean(): a start names its teacher
            raise Refused(gettext("A proposal to start a project names its teacher."))
        project = TeacherProject(
            association=locked.association,
            teacher_id=locked.teacher_id,
            title=locked.title,
            description=locked.text,
            started_on=today,
            status_changed_on=today,
        )
        check(project)
        project.save()
        locked.project = project
    elif accept and locked.kind in PROJECT_STATUS_FROM:
        allowed, after = PROJECT_STATUS_FROM[locked.kind]
        project = lock(TeacherProject.objects, by=by, within="association__school", pk=locked.project_id)
        if project.status not in allowed:
            raise Refused(
                gettext("The project is %(status)s now: this proposal no longer applies.")
                % {"status": project.get_status_display()}
            )
        project.status, project.status_changed_on = after, today
        project.save(update_fields=["status", "status_changed_on"])
    locked.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    locked.decided_by, locked.decided_at, locked.decision = by.staff, timezone.now(), decision
    decided = ["status", "decided_by", "decided_at", "decision", "project"]
    check(locked, fields=decided)
    locked.save(update_fields=decided)
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
