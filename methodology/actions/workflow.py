"""The one shape of a workflow step of a plan or a report (DESIGN §4): under the row's lock the state is
checked first (a second click on the same step gets "already agreed by …"), then the person (a predicate
of methodology.permissions), then any content rule; the status, the stamps and one audit event are
written in the caller's action's transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from methodology.models import WorkPlan, YearEndReport
from school_gov import audit
from school_gov.actions import allow, lock
from school_gov.people import Person
from school_gov.refusals import Refused
from school_gov.refusals import check as check_rules

Record = TypeVar("Record", WorkPlan, YearEndReport)  # the records with a workflow


def transition(
    record: Record,
    *,
    by: Person,
    verb: str,
    allowed_from: tuple[str, ...],
    to: str,
    permitted: Callable[[Person, Record], bool],
    denied: str | Callable[[Person, Record], str],
    stamp: Callable[[Record], dict[str, Any]],
    check: Callable[[Record], None] | None = None,
    comment: str = "",
) -> None:
    """Move `record` (a WorkPlan or a YearEndReport) to `to`; `record` is refreshed afterwards."""
    model = type(record)
    row = lock(
        model.objects.select_related(*record.lock_related), by=by, within="association__school", pk=record.pk
    )
    if row.status not in allowed_from:
        raise Refused(row.state_refusal(verb))
    if not permitted(by, row):
        allow(False, denied(by, row) if callable(denied) else denied)
    if check is not None:
        check(row)
    previous = row.status
    changes = {"status": to, **stamp(row)}
    for field, value in changes.items():
        setattr(row, field, value)
    check_rules(row, fields=list(changes), rules=False)
    row.save(update_fields=list(changes))
    audit.record(
        by,
        f"methodology.{record.audit_name}.{verb}",
        row,
        school=row.association.school,
        from_status=previous,
        to_status=to,
        **({"comment": comment} if comment else {}),
    )
    record.refresh_from_db()
