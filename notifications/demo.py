"""The demo's notifications: what the demo school's plans in waiting would have told their next actors,
and the reminders of a sweep run on the demo's "today" (seed_demo)."""

from __future__ import annotations

import datetime
import random

from methodology import waiting
from methodology.models import PlanStatus, WorkPlan
from methodology.models.plans import HEAD, NEXT_STEP
from notifications import audience, emit
from notifications.actions.sweep import remind
from notifications.models import CalendarLink, Digest, Notification, Preference, Reminder, SweepRun
from school_gov.models import Email, School

WAITING_KIND: dict[str, str] = {
    PlanStatus.SUBMITTED: "plan_submitted",
    PlanStatus.AGREED: "plan_agreed",
    PlanStatus.RETURNED: "plan_returned",
}


def seed_school(
    *, school: School, rng: random.Random, today: datetime.date, first: bool, options: dict
) -> None:
    plans = WorkPlan.objects.filter(association__school=school, status__in=list(WAITING_KIND)).select_related(
        "association"
    )
    entries = []
    for plan in plans:
        step = NEXT_STEP[plan.status]
        people = (
            waiting.heads([plan.association_id], today).get(plan.association_id, [])
            if step == HEAD
            else list(audience.holding(school.pk, step))
        )
        data = {"comment": plan.return_comment} if plan.status == PlanStatus.RETURNED else {}
        entries.append((WAITING_KIND[plan.status], people, plan, school.pk, data))
    emit.notify_many(entries)
    remind(today)  # every school seeded so far; the ledger keeps each reminder once


def delete_all() -> None:
    for model in (Notification, Digest, Reminder, SweepRun, Email, Preference, CalendarLink):
        model._base_manager.all().delete()
