"""The admin's keeping of records: a school, its years and quarters, staff and their appointments,
students, and any row an app's admin edits as a plain record (associations, terms, ministries…).

The admin's change views are atomic already, so these compose into them (`durable=False`). The admin has
checked the model permission and scoped the row to the person's schools; both are asked again here, of
the person, so no caller can skip them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db import models

from school_gov import audit
from school_gov.actions import action, allow
from school_gov.models import School
from school_gov.people import Person
from school_gov.permissions import readable_schools
from school_gov.refusals import check


def may_keep(by: Person, model: type[models.Model], verb: str, school: School | None) -> bool:
    """The person holds the model permission (`add`, `change`, `delete`) through a role held today, and
    the record is of a school they may read (a record of no school: the superuser's or an
    administrator's)."""
    opts = model._meta
    if not by.user.has_perm(f"{opts.app_label}.{verb}_{opts.model_name}"):
        return False
    if by.is_superuser:
        return True
    if school is None:
        return False
    return readable_schools(by).filter(pk=school.pk).exists()


@action(durable=False)
def save_record(record: models.Model, *, by: Person, school: School | None, fields: list[str]) -> None:
    """Add or change one record, with the model's rules (full_clean) and one audit line
    (`<app>.<model>.added` or `.changed`, with the changed fields)."""
    added = record.pk is None or record._state.adding
    allow(may_keep(by, type(record), "add" if added else "change", school))
    if not added:
        type(record)._default_manager.select_for_update().filter(pk=record.pk).exists()
    check(record)
    record.save()
    opts = record._meta
    audit.record(
        by,
        f"{opts.app_label}.{opts.model_name}.{'added' if added else 'changed'}",
        record,
        school=school,
        fields=sorted(fields),
    )


@action(durable=False)
def save_rows(
    formset: forms.BaseModelFormSet[Any, Any],
    *,
    by: Person,
    school: School | None,
    prefix: str,
    describe: Callable[[Any], dict[str, Any]],
) -> None:
    """Save an admin inline formset of dated rows (offices, heads, members, appointments), one audit
    event a row: `<prefix>.added`, `.changed` (with the changed fields) or `.deleted`, a deletion recorded
    before the row is gone. `describe(row)` gives the data every event of the row carries."""
    model = formset.model
    instances = formset.save(commit=False)
    for row in formset.deleted_objects:
        allow(may_keep(by, model, "delete", school) or may_keep(by, model, "change", school))
        audit.record(by, f"{prefix}.deleted", row, school=school, **describe(row))
        row.delete()
    changed = {row.pk: fields for row, fields in formset.changed_objects}
    for row in instances:
        added = row.pk is None
        allow(may_keep(by, model, "add" if added else "change", school))
        check(row)
        row.save()
        if added:
            audit.record(by, f"{prefix}.added", row, school=school, **describe(row))
        else:
            fields = sorted(changed.get(row.pk, []))
            audit.record(by, f"{prefix}.changed", row, school=school, **describe(row), fields=fields)
    formset.save_m2m()


@action(durable=False)
def delete_record(record: models.Model, *, by: Person, school: School | None) -> None:
    """Delete one record the admin lets the person delete, its audit line written before it is gone
    (`<app>.<model>.deleted`)."""
    allow(may_keep(by, type(record), "delete", school))
    opts = record._meta
    type(record)._default_manager.select_for_update().filter(pk=record.pk).exists()
    audit.record(by, f"{opts.app_label}.{opts.model_name}.deleted", record, school=school)
    record.delete()
