"""The deputy director's view of the staff's professional development (MB-3.3, MB-4.2): who is due for
attestation this school year and the next, who has had no course in three years, and each teacher's hours
of courses this year. Read-only; one query for the teachers, whatever their number."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from methodology.models import Attestation
from school_gov.models import QualificationCategory, School, SchoolYear, Staff, years_later

# "No course in three years" (the usual rule for courses of professional development).
COURSE_YEARS = 3


@dataclass(frozen=True)
class Window:
    """This school year and the next: attestation due by `this_end` is due this year (or overdue)."""

    start: datetime.date
    this_end: datetime.date
    next_end: datetime.date


def window(year: SchoolYear | None, today: datetime.date) -> Window:
    """The current school year's dates, or the twelve months from today when the school has none."""
    if year is not None:
        start, end = year.start_date, year.end_date
    else:
        start, end = today, years_later(today, 1)
    return Window(start=start, this_end=end, next_end=years_later(end, 1))


@dataclass
class Row:
    teacher: Staff
    next_attestation: datetime.date | None
    last_course: datetime.date | None
    hours_this_year: int
    attestation_open: bool
    due: str  # "overdue", "this_year", "next_year" or ""
    no_recent_course: bool


def teachers_annotated(teachers: QuerySet[Staff], when: Window, today: datetime.date) -> QuerySet[Staff]:
    return teachers.annotate(
        last_course=Max("courses__ended_on"),
        hours_this_year=Coalesce(
            Sum("courses__hours", filter=Q(courses__ended_on__range=(when.start, when.this_end))), 0
        ),
        attestation_open=Exists(Attestation.objects.filter(staff=OuterRef("pk"), decision="")),
    )


def forecast(teachers: QuerySet[Staff], year: SchoolYear | None, today: datetime.date) -> list[Row]:
    when = window(year, today)
    course_since = years_later(today, -COURSE_YEARS)
    rows = []
    for teacher in teachers_annotated(teachers, when, today):
        next_on = teacher.next_attestation_on
        if next_on is None:
            due = ""
        elif next_on < today:
            due = "overdue"
        elif next_on <= when.this_end:
            due = "this_year"
        elif next_on <= when.next_end:
            due = "next_year"
        else:
            due = ""
        last = teacher.last_course  # type: ignore[attr-defined]  # annotated
        rows.append(
            Row(
                teacher=teacher,
                next_attestation=next_on,
                last_course=last,
                hours_this_year=teacher.hours_this_year,  # type: ignore[attr-defined]  # annotated
                attestation_open=teacher.attestation_open,  # type: ignore[attr-defined]  # annotated
                due=due,
                no_recent_course=last is None or last < course_since,
            )
        )
    return rows


def due_this_year(school: School, today: datetime.date) -> int:
    """How many of the school's staff are due for attestation by the end of this school year, overdue
    included: `forecast()`'s "overdue" and "this_year" counted in the database (one query)."""
    latest_given = years_later(window(school.current_year(), today).this_end, -settings.ATTESTATION_YEARS)
    return (
        Staff.objects.filter(school=school, category_given_on__lte=latest_given)
        .exclude(qualification_category=QualificationCategory.NONE)
        .count()
    )
