"""Work plans (MB-5.1): the head drafts, edits and submits; the deputy director agrees or returns; the
director approves or returns; members comment on drafts and mark the activities they answer for.

Where a plan gets approved, and who may do it: `approve` below, asking `can_approve_plan`."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext

from methodology.actions.workflow import transition
from methodology.models import Association, Completion, PlanComment, PlanItem, PlanStatus, WorkPlan
from methodology.models.plans import EDITABLE_STATUSES
from methodology.permissions import (
    can_agree_plan,
    can_approve_plan,
    can_comment_plan,
    can_create_plan,
    can_edit_plan,
    can_mark_completion,
    can_return_plan,
    can_submit_plan,
    own_work_refusal,
)
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.people import Person
from school_gov.refusals import Refused, check

if TYPE_CHECKING:
    from django.forms import BaseInlineFormSet

    from methodology.forms import PlanForm, PlanItemForm


def _period_taken() -> Refused:
    return Refused(gettext("The association already has a plan for this period."), field="__all__")


@action
def create(plan: WorkPlan, *, by: Person, copy_from: WorkPlan | None = None) -> int:
    """Save a new plan drafted by the head; copy `copy_from`'s activities into its period.

    Copied dates move by the distance between the two periods' starts; a date that then falls outside
    the new period is put at the period's nearest edge. Returns how many activities were put there, so
    the head is told to check them (MB-5.1: dates are the head's to decide, never silently changed).
    """
    association = lock(
        Association.objects.select_related("school"), by=by, within="school", pk=plan.association_id
    )
    allow(can_create_plan(by, association), gettext("Only the head of the association drafts its plans."))
    if by.staff is None:  # allow() refused otherwise
        raise Refused.not_allowed()
    if copy_from is not None and copy_from.association_id != association.pk:
        raise Refused(gettext("Copy a plan of the same association."))
    plan.created_by = by.staff
    check(plan)
    try:
        plan.save()
    except IntegrityError:
        raise _period_taken() from None
    moved = 0
    if copy_from is not None:
        members = set(association.member_staff().values_list("pk", flat=True))
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
        school=association.school,
        copied_from=copy_from.pk if copy_from else None,
        activities_moved_into_period=moved,
    )
    return moved


def _clamp(day: datetime.date, plan: WorkPlan) -> datetime.date:
    return min(max(day, plan.period_start), plan.period_end)


def _shifted(
    item: PlanItem, shift: datetime.timedelta, plan: WorkPlan
) -> tuple[datetime.date, datetime.date | None, bool]:
    starts_on = item.starts_on + shift
    ends_on = item.ends_on + shift if item.ends_on else None
    clamped_start = _clamp(starts_on, plan)
    clamped_end = _clamp(ends_on, plan) if ends_on else None
    return clamped_start, clamped_end, (clamped_start, clamped_end) != (starts_on, ends_on)


@action
def edit(
    plan: WorkPlan,
    *,
    by: Person,
    form: PlanForm,
    formset: BaseInlineFormSet[PlanItem, WorkPlan, PlanItemForm],
) -> None:
    """The head saves the header and every activity at once (validated `form` and `formset` of the plan
    page), while the plan is a draft or returned; checked again under the plan's lock."""
    locked = lock(
        WorkPlan.objects.select_related("association__school"),
        by=by,
        within="association__school",
        pk=plan.pk,
    )
    if locked.status not in EDITABLE_STATUSES:
        raise Refused(gettext("The plan was submitted meanwhile; it is read-only now."))
    allow(can_edit_plan(by, locked), gettext("Only the head of the association edits its plan."))
    edited: WorkPlan = form.save(commit=False)
    check(edited)
    try:
        edited.save()
        form.save_m2m()
        formset.save()
    except IntegrityError:
        raise _period_taken() from None
    audit.record(
        by,
        "methodology.plan.edited",
        edited,
        school=locked.association.school,
        fields=sorted(form.changed_data),
        activities_changed=len(formset.changed_objects) + len(formset.new_objects),
        activities_deleted=len(formset.deleted_objects),
    )


@action
def submit(plan: WorkPlan, *, by: Person) -> None:
    """MB-5.1: the head submits the plan, drafted with the teachers, for agreement."""

    def complete(row: WorkPlan) -> None:
        problems = row.submission_problems()
        if problems:
            raise Refused(" ".join(problems))

    transition(
        plan,
        by=by,
        verb="submitted",
        allowed_from=EDITABLE_STATUSES,
        to=PlanStatus.SUBMITTED,
        permitted=can_submit_plan,
        denied=gettext("Only the head of the association may submit its plan."),
        check=complete,
        stamp=lambda row: {
            "submitted_at": timezone.now(),
            "submitted_by": by.staff,
            "agreed_at": None,
            "agreed_by": None,
        },
    )


@action
def agree(plan: WorkPlan, *, by: Person) -> None:
    """MB-5.1, MB-1.2: the deputy director for educational work agrees the plan."""
    transition(
        plan,
        by=by,
        verb="agreed",
        allowed_from=(PlanStatus.SUBMITTED,),
        to=PlanStatus.AGREED,
        permitted=can_agree_plan,
        denied=lambda who, row: (
            own_work_refusal(who, row, "agree")
            or gettext("Only the deputy director for educational work may agree a plan.")
        ),
        stamp=lambda row: {"agreed_at": timezone.now(), "agreed_by": by.staff},
    )


@action
def approve(plan: WorkPlan, *, by: Person) -> None:
    """MB-5.1: the director approves the agreed plan."""
    transition(
        plan,
        by=by,
        verb="approved",
        allowed_from=(PlanStatus.AGREED,),
        to=PlanStatus.APPROVED,
        permitted=can_approve_plan,
        denied=lambda who, row: (
            own_work_refusal(who, row, "approve") or gettext("Only the director may approve a plan.")
        ),
        stamp=lambda row: {"approved_at": timezone.now(), "approved_by": by.staff},
    )


@action
def return_for_revision(plan: WorkPlan, *, by: Person, comment: str) -> None:
    """The deputy returns a submitted plan, the director an agreed one, saying what to change."""
    comment = (comment or "").strip()

    def commented(row: WorkPlan) -> None:
        if not comment:
            raise Refused(gettext("Say in a comment what has to change before returning the plan."))

    transition(
        plan,
        by=by,
        verb="returned",
        allowed_from=(PlanStatus.SUBMITTED, PlanStatus.AGREED),
        to=PlanStatus.RETURNED,
        permitted=can_return_plan,
        denied=gettext(
            "Only the deputy director may return a submitted plan, and only the director an agreed one."
        ),
        check=commented,
        stamp=lambda row: {
            "returned_at": timezone.now(),
            "return_comment": comment,
            "agreed_at": None,
            "agreed_by": None,
        },
        comment=comment,
    )


@action
def comment(plan: WorkPlan, *, by: Person, text: str) -> PlanComment:
    """MB-5.1: a member comments on the draft the teachers write together with the head."""
    locked = lock(
        WorkPlan.objects.select_related("association__school"),
        by=by,
        within="association__school",
        pk=plan.pk,
    )
    allow(
        can_comment_plan(by, locked),
        gettext("Members of the association comment on its plan while it is a draft."),
    )
    note = PlanComment(plan=locked, author=by.staff, text=(text or "").strip())
    check(note)
    note.save()
    audit.record(by, "methodology.plan.commented", locked, school=locked.association.school, comment=note.pk)
    return note


@action
def mark_item(item: PlanItem, *, by: Person, completion: str, note: str = "") -> None:
    """During the period, a responsible member (or the head) marks how far the activity was done."""
    if completion not in Completion.values:
        raise Refused(gettext("Unknown mark of completion."))
    locked = lock(
        PlanItem.objects.select_related("plan__association__school"),
        by=by,
        within="plan__association__school",
        pk=item.pk,
    )
    allow(
        can_mark_completion(by, locked),
        gettext("Only the head and the members responsible may mark this activity."),
    )
    locked.completion, locked.completion_note = completion, (note or "").strip()
    locked.completion_marked_at, locked.completion_marked_by = timezone.now(), by.staff
    marked = ["completion", "completion_note", "completion_marked_at", "completion_marked_by"]
    check(locked, fields=marked, rules=False)  # a mark does not judge the activity's dates
    locked.save(update_fields=marked)
    audit.record(
        by,
        "methodology.item.marked",
        locked,
        school=locked.plan.association.school,
        plan=locked.plan_id,
        completion=completion,
    )
    item.refresh_from_db()
