"""Writes of confidential appeals (SP-3.3). An appeal's events name it by number only: the audit trail
is read by the school's leaders in the admin, and an appeal's subject is for its handlers."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from parliament.actions import refuse_a_repeat
from parliament.models import (
    Appeal,
    AppealStatus,
)
from parliament.models.appeals import FINAL_APPEAL_STATUSES
from parliament.permissions.appeals import can_file_appeal, can_handle_appeal, can_view_appeal
from school_gov import audit
from school_gov.actions import action, allow, lock
from school_gov.people import Person
from school_gov.refusals import Refused, check

# Appeals


def _appeal_handle(appeal: Appeal) -> Appeal:
    """A stand-in for the audit trail: the appeal's id and school, named by number, not by subject."""
    stand_in = Appeal(pk=appeal.pk, school_id=appeal.school_id)
    stand_in.subject = f"{capfirst(Appeal._meta.verbose_name)} № {appeal.pk}"
    return stand_in


@action
def file_appeal(appeal: Appeal, *, by: Person) -> Appeal:
    """SP-3.3: a student files a confidential appeal at their school, once: the same appeal from the
    same student again within REPEAT_WINDOW (a double submit) is refused. The student's row is locked
    first, so of two requests at once the second waits for the first and then finds its appeal."""
    allow(can_file_appeal(by), gettext("Appeals are filed by the school's students."))
    if by.student is None:  # allow() refused otherwise
        raise Refused.not_allowed()
    refuse_a_repeat(
        by.student,
        Appeal.objects.filter(author=by.student, subject=appeal.subject, text=appeal.text),
        gettext("You have just filed this same appeal; it was filed once."),
    )
    appeal.author = by.student
    appeal.school_id = by.student.school_id
    appeal.status = AppealStatus.NEW
    check(appeal)
    appeal.save()
    audit.record(by, "parliament.appeal.created", _appeal_handle(appeal), school=by.student.school)
    return appeal


@action
def record_appeal_opened(appeal: Appeal, *, by: Person) -> None:
    """Every opening of an appeal's page, by a handler or the author, is written to the audit trail."""
    allow(can_view_appeal(by, appeal))
    audit.record(
        by,
        "parliament.appeal.opened",
        _appeal_handle(appeal),
        school=appeal.school,
        opened_as="handler" if can_handle_appeal(by, appeal) else "author",
    )


@action
def update_appeal(appeal: Appeal, *, by: Person, status: str, resolution: str) -> Appeal:
    """A handler sets the status and writes the resolution; the row is locked against a second handler
    saving at the same moment. The resolution's text stays out of the audit trail."""
    locked = lock(Appeal.objects.select_related("school"), by=by, within="school", pk=appeal.pk)
    allow(
        can_handle_appeal(by, locked),
        gettext("The adviser, the social pedagogue and the deputy director handle appeals."),
    )
    previous = locked.status
    resolution_changed = locked.resolution != resolution
    locked.status = status
    locked.resolution = resolution
    locked.handled_by = by.staff
    if status in FINAL_APPEAL_STATUSES and previous not in FINAL_APPEAL_STATUSES:
        locked.resolved_at = timezone.now()
    elif status not in FINAL_APPEAL_STATUSES:
        locked.resolved_at = None
    check(locked, fields=["status", "resolution", "handled_by", "resolved_at"])
    locked.save(update_fields=["status", "resolution", "handled_by", "resolved_at"])
    audit.record(
        by,
        "parliament.appeal.changed",
        _appeal_handle(locked),
        school=locked.school,
        status_from=previous,
        status_to=status,
        resolution_changed=resolution_changed,
    )
    return locked
