"""The school's people brought in from a spreadsheet (school_gov.roster reads and compares): all rows or
none, under the school's lock, with one audit line for the import."""

from __future__ import annotations

from django.db import DatabaseError
from django.utils.translation import gettext, ngettext

from school_gov import audit, roster
from school_gov.actions import action, allow
from school_gov.actions.records import may_keep
from school_gov.models import School
from school_gov.people import Person
from school_gov.refusals import Refused

SHOWN_PROBLEMS = 20  # a refusal names this many problems, then counts the rest


@action
def import_people(school: School, *, by: Person, kind: str, data: bytes, filename: str) -> roster.Comparison:
    """Add the file's new people to the school and correct the changed ones; refused, with the lines
    and columns, when a single row is wrong (nothing is saved), and when another import of the school
    is under way (the school's row is locked for the import's length)."""
    if kind not in roster.KINDS:
        raise Refused(gettext("Choose staff or students."))
    model = roster.MODELS[kind]
    allow(
        may_keep(by, model, "add", school) and may_keep(by, model, "change", school),
        gettext("The director and the deputy director bring in the school's people."),
    )
    try:
        school = School.objects.select_for_update(nowait=True).get(pk=school.pk)
    except DatabaseError:
        raise Refused(
            gettext("Another import for this school is under way; try again in a minute.")
        ) from None
    try:
        rows = roster.read_table(data, filename)
    except roster.TableError as error:
        raise Refused(str(error)) from None
    comparison = roster.compare(rows, kind, school)
    if comparison.problems:
        raise Refused(describe_problems(comparison.problems))
    created = model.objects.bulk_create(  # type: ignore[attr-defined]
        [model(school=school, **values) for _line, values in comparison.new]
    )
    changed_fields = sorted({name for change in comparison.changed for name, _old, _new in change.fields})
    for change in comparison.changed:
        for name, _old, new in change.fields:
            setattr(change.record, name, new)
    if changed_fields:
        model.objects.bulk_update(  # type: ignore[attr-defined]
            [change.record for change in comparison.changed], changed_fields, batch_size=500
        )
    audit.record(
        by,
        f"school_gov.{model._meta.model_name}.imported",
        school,
        school=school,
        file=filename[:200],
        added=len(created),
        **{k: v for k, v in comparison.counts().items() if k in ("changed", "unchanged")},
    )
    return comparison


def describe_problems(problems: list[roster.Problem]) -> str:
    """The refusal's text: the first problems with their lines and columns, then how many more."""
    shown = "; ".join(str(problem) for problem in problems[:SHOWN_PROBLEMS])
    rest = len(problems) - SHOWN_PROBLEMS
    if rest > 0:
        shown += " " + ngettext("… and %(count)s more problem.", "… and %(count)s more problems.", rest) % {
            "count": rest
        }
    return gettext("Nothing was saved: %(problems)s") % {"problems": shown}
