"""Writes that touch several models: creating a plan (with a copy of an earlier one's activities)."""

from __future__ import annotations

import datetime

from django.db import transaction

from methodology.models import PlanItem, WorkPlan
from school_gov import audit


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
