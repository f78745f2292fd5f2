"""The one way into the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from school_gov.models import AuditEvent, School

# Actions whose events stay out of the general audit trail in the admin: an app registers a prefix
# (e.g. the parliament's confidential appeals, SP-3.3) and shows those events only where the record itself
# may be read. Registered in the apps' `ready()`.
_CONFIDENTIAL: set[str] = set()


def keep_confidential(prefix: str) -> None:
    _CONFIDENTIAL.add(prefix)


def without_confidential(events: models.QuerySet) -> models.QuerySet:
    for prefix in sorted(_CONFIDENTIAL):
        events = events.exclude(action__startswith=prefix)
    return events


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    school: School | None = None,
    **data: Any,
) -> AuditEvent:
    """Append one event: `actor` did `action` (dotted, e.g. "methodology.plan.agreed") to `obj`.

    Call it inside the transaction that makes the change, so the event and the change land together.
    The school is taken from `obj` (its `school` attribute or its own row) when not given.
    """
    if school is None and obj is not None:
        school = obj if isinstance(obj, School) else getattr(obj, "school", None)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        school=school,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        data=data,
    )


def save_inline_rows(formset, *, by, school: School, prefix: str, describe) -> None:
    """Save an admin inline formset of dated rows (offices, heads, members), one audit event a row:
    `<prefix>.added`, `.changed` (with the changed fields) or `.deleted`, a deletion recorded before the
    row is gone. `describe(row)` gives the data every event of the row carries. Call it inside the
    transaction of the admin's save (the admin's change view is atomic)."""
    instances = formset.save(commit=False)
    for row in formset.deleted_objects:
        record(by, f"{prefix}.deleted", row, school=school, **describe(row))
        row.delete()
    changed = {row.pk: fields for row, fields in formset.changed_objects}
    for row in instances:
        added = row.pk is None
        row.save()
        if added:
            record(by, f"{prefix}.added", row, school=school, **describe(row))
        else:
            fields = sorted(changed.get(row.pk, []))
            record(by, f"{prefix}.changed", row, school=school, **describe(row), fields=fields)
    formset.save_m2m()
