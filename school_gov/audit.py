"""The one way into the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from school_gov.models import AuditEvent, School, User
from school_gov.people import Person

# Actions whose events stay out of the general audit trail in the admin: an app registers a prefix
# (e.g. the parliament's confidential appeals, SP-3.3) and shows those events only where the record itself
# may be read. Registered in the apps' `ready()`.
_CONFIDENTIAL: set[str] = set()


def keep_confidential(prefix: str) -> None:
    _CONFIDENTIAL.add(prefix)


# What hangs on the one write path (notifications): called with each event, its record and the person,
# inside the action's transaction. Registered in the apps' `ready()`.
_AFTER: list[Callable[[AuditEvent, models.Model | None, Person], None]] = []


def after_record(hook: Callable[[AuditEvent, models.Model | None, Person], None]) -> None:
    if hook not in _AFTER:
        _AFTER.append(hook)


def without_confidential(events: models.QuerySet[AuditEvent]) -> models.QuerySet[AuditEvent]:
    for prefix in sorted(_CONFIDENTIAL):
        events = events.exclude(action__startswith=prefix)
    return events


def record(
    by: Person,
    action: str,
    obj: models.Model | None = None,
    *,
    school: School | None = None,
    **data: Any,
) -> AuditEvent:
    """Append one event: the person `by` did `action` (dotted, e.g. "methodology.plan.agreed") to `obj`.

    Only actions call it (school_gov.actions), inside the transaction that makes the change, so the
    event and the change land together.
    The school is taken from `obj` (its `school` attribute or its own row) when not given.
    """
    if school is None and obj is not None:
        school = obj if isinstance(obj, School) else getattr(obj, "school", None)
    if not isinstance(by, Person):
        raise TypeError("audit.record() takes the acting Person as `by`.")
    event = AuditEvent.objects.create(
        actor=by.user if isinstance(by.user, User) and by.is_authenticated else None,
        school=school,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        data=data,
    )
    for hook in _AFTER:
        hook(event, obj, by)
    return event
