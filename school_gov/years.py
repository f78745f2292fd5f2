"""The move from one school year into the next, as a proposal to read before anything changes: the next
year's dates and quarters, the students who move up a grade and those who leave, the class teachers'
appointments that end. `school_gov.actions.years.start_next_year` carries it out; this module writes
nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count

from school_gov.models import (
    Appointment,
    AppointmentQuerySet,
    Role,
    SchoolYear,
    Student,
    StudentQuerySet,
    years_later,
)


@dataclass(frozen=True)
class ProposedQuarter:
    number: int
    start_date: datetime.date
    end_date: datetime.date


@dataclass(frozen=True)
class GradeMove:
    """`count` students of `grade` go into `grade + 1`."""

    grade: int
    count: int

    @property
    def to_grade(self) -> int:
        return self.grade + 1


@dataclass(frozen=True)
class Proposal:
    year: SchoolYear
    start_date: datetime.date
    end_date: datetime.date
    quarters: list[ProposedQuarter]
    moves: list[GradeMove]
    last_grade: int
    leavers: int
    ending: list[Appointment]  # class teachers' appointments that end on `ends_on`

    @property
    def ends_on(self) -> datetime.date:
        """The day the old year's class teachers' appointments and its last grade's studies end."""
        return self.year.end_date

    @property
    def moving_up(self) -> int:
        return sum(move.count for move in self.moves)

    @property
    def name(self) -> str:
        return f"{self.start_date.year}–{self.end_date.year}"


def a_year_later(day: datetime.date) -> datetime.date:
    """The same day and month a calendar year later; 29 February becomes 28 February."""
    return years_later(day, 1)


def staying(year: SchoolYear) -> StudentQuerySet:
    """The school's students now who move up a grade: below its last grade."""
    return Student.objects.for_school(year.school).filter(grade__lt=year.school.last_grade)


def leaving(year: SchoolYear) -> StudentQuerySet:
    """The school's students now who leave: in its last grade (or, against the records' sense, above)."""
    return Student.objects.for_school(year.school).filter(grade__gte=year.school.last_grade)


def ending_appointments(year: SchoolYear) -> AppointmentQuerySet:
    """Class teachers' appointments of the school's staff current on the year's last day that would run
    past it: the class moves on, so the appointment ends with the year (a new one is made for the new
    year). Those ending on that day already, or earlier, are left as they are."""
    return (
        Appointment.objects.filter(role=Role.CLASS_TEACHER, staff__school_id=year.school_id)
        .current(year.end_date)
        .exclude(ends_on=year.end_date)
    )


def next_year(year: SchoolYear) -> Proposal:
    """What starting the year after `year` would do: four queries (the grades, the quarters, the leavers,
    the appointments), whatever the number of students."""
    per_grade = dict(
        staying(year).values("grade").annotate(n=Count("pk")).order_by("grade").values_list("grade", "n")
    )
    return Proposal(
        year=year,
        start_date=a_year_later(year.start_date),
        end_date=a_year_later(year.end_date),
        quarters=[
            ProposedQuarter(q.number, a_year_later(q.start_date), a_year_later(q.end_date))
            for q in sorted(year.quarters.all(), key=lambda q: q.number)
        ],
        moves=[GradeMove(grade, count) for grade, count in sorted(per_grade.items())],
        last_grade=year.school.last_grade,
        leavers=leaving(year).count(),
        ending=list(
            ending_appointments(year).select_related("staff").order_by("class_grade", "class_letter", "pk")
        ),
    )
