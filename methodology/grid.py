"""The district's view of the work plans (issue 13, part 5): schools × associations × the quarters of the
current school year — each cell the plan that covers the quarter's first day and its status, or the
missing-plan radar's gap — with overdue and missing counts and the year-end report's status. Read-only;
five queries whatever the number of schools (six when a school moves
deadlines to working days: their holidays)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from methodology.models import Association, WorkPlan, YearEndReport
from school_gov.deadlines import Calendar, share_calendars
from school_gov.models import Quarter, School, SchoolYear

MISSING = "missing"  # a quarter that has begun with no plan covering it
NOT_YET = "not_yet"  # a quarter not begun, no plan yet (nothing is wrong)


@dataclass
class Cell:
    quarter: Quarter
    plan: WorkPlan | None
    state: str  # a PlanStatus value, MISSING or NOT_YET
    overdue: bool


@dataclass
class Row:
    school: School
    association: Association
    cells: list[Cell] = field(default_factory=list)
    report: YearEndReport | None = None

    @property
    def overdue(self) -> int:
        return sum(cell.overdue for cell in self.cells)

    @property
    def missing(self) -> int:
        return sum(cell.state == MISSING for cell in self.cells)


def grid(schools: list[School], today: datetime.date, *, subject: str = "") -> tuple[list[Row], int]:
    """The rows, by school then association, and the largest number of quarters a school's year has."""
    ids = [school.pk for school in schools]
    years = {year.school_id: year for year in SchoolYear.objects.filter(school_id__in=ids, is_current=True)}
    quarters: dict[int, list[Quarter]] = defaultdict(list)
    for quarter in Quarter.objects.filter(school_year__in=list(years.values())).order_by("number"):
        quarters[quarter.school_year_id].append(quarter)
    associations = Association.objects.filter(school_id__in=ids).select_related("school")
    subject = subject.strip()
    if subject:
        associations = associations.filter(Q(subject_area__icontains=subject) | Q(name__icontains=subject))
    chosen = list(associations)
    plans: dict[int, list[WorkPlan]] = defaultdict(list)
    for plan in WorkPlan.objects.filter(association__in=chosen, school_year__in=list(years.values())):
        plans[plan.association_id].append(plan)
    reports = {
        report.association_id: report
        for report in YearEndReport.objects.filter(
            association__in=chosen, school_year__in=list(years.values())
        )
    }
    share_calendars(association.school for association in chosen)
    order = {school.pk: index for index, school in enumerate(schools)}
    rows = []
    for association in sorted(chosen, key=lambda a: (order[a.school_id], a.name, a.pk)):
        year = years.get(association.school_id)
        row = Row(school=association.school, association=association, report=reports.get(association.pk))
        for quarter in quarters.get(year.pk, []) if year else []:
            row.cells.append(_cell(quarter, plans[association.pk], today, association.school.calendar))
        rows.append(row)
    width = max((len(q) for q in quarters.values()), default=0)
    return rows, width


def _cell(quarter: Quarter, plans: list[WorkPlan], today: datetime.date, calendar: Calendar) -> Cell:
    covering = [p for p in plans if p.period_start <= quarter.start_date <= p.period_end]
    # The quarter's own plan first, then a year's plan or any other that covers its first day.
    covering.sort(key=lambda p: (p.quarter_id != quarter.pk, p.period_start))
    if covering:
        plan = covering[0]
        return Cell(quarter, plan, plan.status, plan.deadline(today).is_overdue)
    if quarter.start_date <= today:
        return Cell(quarter, None, MISSING, calendar.due_after(quarter.start_date) < today)
    return Cell(quarter, None, NOT_YET, False)
