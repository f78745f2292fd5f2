"""The one way a plan's or a report's state changes (DESIGN §4, STYLE 2)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from school_gov import audit
from school_gov.models import Staff
from school_gov.refusals import Refused


class InvalidTransition(Refused):
    """A workflow step that the record's current state does not allow; the message says why."""


def staff_of(user) -> Staff | None:
    from school_gov.roles import staff_of as record

    return record(user)


class Workflow:
    """Mixin of WorkPlan and YearEndReport: `_transition` checks and changes the state under a row lock.

    The state is checked first (a second click on the same step gets "already agreed by …"), then the
    person (`permitted`, a predicate of methodology.permissions), then any content rule (`check`); the
    status, the stamps and one audit event are written in the same transaction.
    """

    audit_name: str  # "plan", "report": the middle of the audit action "methodology.plan.agreed"
    lock_related: tuple[str, ...] = ("association__school",)

    def _transition(
        self,
        by,
        *,
        verb: str,
        allowed_from: tuple[str, ...],
        to: str,
        permitted: Callable,
        denied: str,
        stamp: Callable[..., dict],
        check: Callable | None = None,
        comment: str = "",
    ) -> None:
        with transaction.atomic():
            row = (
                type(self)
                .objects.select_for_update(of=("self",))
                .select_related(*self.lock_related)
                .get(pk=self.pk)
            )
            if row.status not in allowed_from:
                raise InvalidTransition(row.state_refusal(verb))
            if not permitted(by, row):
                raise PermissionDenied(denied)
            if check is not None:
                check(row)
            previous = row.status
            changes = {"status": to, **stamp(row)}
            for field, value in changes.items():
                setattr(row, field, value)
            row.save(update_fields=list(changes))
            audit.record(
                by,
                f"methodology.{self.audit_name}.{verb}",
                row,
                school=row.association.school,
                from_status=previous,
                to_status=to,
                **({"comment": comment} if comment else {}),
            )
        self.refresh_from_db()
