"""A school's move from one school year into the next (issue 10): once a year, by its director."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from school_gov import audit, roles
from school_gov.actions import action, allow, lock
from school_gov.formats import dated
from school_gov.models import Quarter, SchoolYear
from school_gov.people import Person
from school_gov.refusals import Refused, check
from school_gov.years import ending_appointments, leaving, next_year, staying


@action
def start_next_year(year: SchoolYear, *, by: Person) -> SchoolYear:
    """Start the school year after `year` (the current one), as `school_gov.years.next_year` proposes:
    the new year, current, with its quarters; the students below the last grade a grade up, the last
    grade's students former students from the old year's last day; the class teachers' appointments
    ended on that day. Class letters stay; last year's plans, reports, minutes and votes stay as they
    were. A fixed number of queries, whatever the number of students (bulk updates)."""
    year = lock(SchoolYear.objects.select_related("school"), by=by, within="school", pk=year.pk)
    school = year.school
    allow(by.leads(school, roles.DIRECTOR), gettext("The school's director starts the next school year."))
    if year.rolled_over_at is not None:
        raise Refused(
            gettext("The school moved into the next year already on %(date)s.")
            % {"date": dated(timezone.localdate(year.rolled_over_at))}
        )
    if not year.is_current:
        raise Refused(gettext("Only the current school year moves into the next one."))
    proposal = next_year(year)
    if SchoolYear.objects.filter(school=school, start_date=proposal.start_date).exists():
        raise Refused(
            gettext("A school year starting on %(date)s exists already.")
            % {"date": dated(proposal.start_date)}
        )

    # The old year first: one current year per school (a database constraint).
    year.is_current = False
    year.rolled_over_at = timezone.now()
    year.save(update_fields=["is_current", "rolled_over_at"])
    new_year = SchoolYear(
        school=school, start_date=proposal.start_date, end_date=proposal.end_date, is_current=True
    )
    check(new_year)
    new_year.save()
    quarters = [
        Quarter(school_year=new_year, number=q.number, start_date=q.start_date, end_date=q.end_date)
        for q in proposal.quarters
    ]
    for quarter in quarters:
        check(quarter)
        quarter.save()

    # The leavers before the others move up, or the grade below the last would leave with them.
    left = leaving(year).update(left_on=year.end_date)
    moved = staying(year).update(grade=F("grade") + 1)
    ended = ending_appointments(year).update(ends_on=year.end_date)
    audit.record(
        by,
        "school_gov.schoolyear.rolled_over",
        year,
        school=school,
        next_year=new_year.pk,
        next_year_name=new_year.name,
        moved_up=moved,
        left=left,
        appointments_ended=ended,
    )
    return new_year
