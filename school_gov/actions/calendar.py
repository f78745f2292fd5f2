"""A school's calendar of deadlines (issue 13, part 7): whether a deadline that falls on a day off moves
to the next working day (`School.deadlines_on_working_days`, off by default: MB-5.1 and MB-5.3 count
calendar days), and the school's public holidays.

Each change of it tells the apps that store due dates (`school_gov.deadlines.calendar_changed`), inside the
same transaction, so a due date not yet passed is counted again by the new calendar and a list never shows
one the school no longer keeps. Composed into the admin's change views (`durable=False`).
"""

from __future__ import annotations

from school_gov import audit
from school_gov.actions import action, allow, records
from school_gov.actions.records import may_keep
from school_gov.deadlines import calendar_changed, local_today, national_holidays
from school_gov.models import Holiday, School
from school_gov.people import Person


@action(durable=False)
def save_school(school: School, *, by: Person, fields: list[str]) -> None:
    """The school's own settings (its grade bands, how it counts deadlines), as any kept record."""
    records.save_record(school, by=by, school=school, fields=fields)
    if "deadlines_on_working_days" in fields:
        _changed(school)


@action(durable=False)
def save_holiday(holiday: Holiday, *, by: Person, fields: list[str]) -> None:
    records.save_record(holiday, by=by, school=holiday.school, fields=fields)
    _changed(holiday.school)


@action(durable=False)
def delete_holiday(holiday: Holiday, *, by: Person) -> None:
    school = holiday.school
    records.delete_record(holiday, by=by, school=school)
    _changed(school)


@action(durable=False)
def add_national_holidays(school: School, years: list[int], *, by: Person) -> int:
    """Add the public holidays of the Kyrgyz Republic of the calendar `years` (named in Kyrgyz) that the
    school does not have yet; a day it keeps already (with its own name) stays as it is. The holidays of
    the lunar calendar (Orozo ait, Kurman ait) are the library's estimate until decreed: the school
    corrects them. One audit line with the number added."""
    allow(may_keep(by, Holiday, "add", school))
    locked = School.objects.select_for_update().get(pk=school.pk)
    kept = set(Holiday.objects.filter(school=locked).values_list("date", flat=True))
    rows = [
        Holiday(school=locked, date=day, name=name)
        for day, name in national_holidays(years)
        if day not in kept
    ]
    Holiday.objects.bulk_create(rows)
    audit.record(
        by, "school_gov.holiday.added_national", locked, school=locked, added=len(rows), years=sorted(years)
    )
    _changed(locked)
    return len(rows)


def _changed(school: School) -> None:
    school.__dict__.pop("calendar", None)  # counted again from the rows now kept
    calendar_changed.send(sender=School, school=school, today=local_today())
