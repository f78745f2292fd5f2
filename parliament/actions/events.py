"""Writes of the events side: the self-service duty roster's mark (SP-2.6)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from parliament.models import DutyAssignment
from school_gov import audit


@transaction.atomic
def mark_duty(*, assignment: DutyAssignment, done: bool, by) -> bool:
    """Mark a class's duty done (or take the mark back), stamping who and when. A conditional update:
    two people marking at once write one mark and one audit event. False when the roster said so already.
    The caller has checked the right (can_mark_duty, or the admin's change permission)."""
    changed = DutyAssignment.objects.filter(pk=assignment.pk, done=not done).update(
        done=done,
        marked_by=by if done else None,
        marked_at=timezone.now() if done else None,
    )
    if changed:
        audit.record(by, "parliament.duty.marked", assignment, school=assignment.school, done=done)
    return bool(changed)
