"""What waits for whom in the methodology: one definition, read by the dashboard's "my tasks" and by the
daily reminders (notifications), so the list a person sees and the reminder they get never disagree.

Every function takes the schools (or associations) it looks at and answers in a fixed number of queries,
whatever the number of plans: the sweep asks for every school at once, a dashboard for one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce

from methodology.models import (
    Association,
    AssociationMeeting,
    HeadAppointment,
    PlanItem,
    PlanStatus,
    ReportStatus,
    WorkPlan,
    YearEndReport,
)
from methodology.models.plans import EDITABLE_STATUSES
from school_gov.deadlines import share_calendars
from school_gov.models import Quarter, SchoolYear, User
from school_gov.people import Person

PLAN_SOON_DAYS = 2  # "plan due in 2 days"
MISSING_AHEAD_DAYS = 7  # a period that starts within 7 days has no plan yet
REPORT_SOON_DAYS = 3  # "year-end report due in 3 days"
LOOK_BACK_DAYS = 60  # overdue reports and unmarked activities of long ago are not chased again


def open_plans(schools: Iterable[int] | None = None) -> QuerySet[WorkPlan]:
    """Plans not approved yet (their MB-5.1 due date: `approval_due_on`)."""
    plans = WorkPlan.objects.exclude(status=PlanStatus.APPROVED)
    if schools is not None:
        plans = plans.filter(association__school_id__in=list(schools))
    return plans


def plans_due_soon(today: datetime.date, plans: QuerySet[WorkPlan]) -> QuerySet[WorkPlan]:
    soon = today + datetime.timedelta(days=PLAN_SOON_DAYS)
    return plans.filter(approval_due_on__gte=today, approval_due_on__lte=soon)


def plans_overdue(today: datetime.date, plans: QuerySet[WorkPlan]) -> QuerySet[WorkPlan]:
    return plans.filter(approval_due_on__lt=today)


def plans_waiting_for(person: Person, headed: Iterable[Association] = ()) -> QuerySet[WorkPlan]:
    """The plans whose next step is the person's: the head's drafts and returned plans, the deputy's
    submitted ones, the director's agreed ones (of the person's own school)."""
    mine = Q(status__in=EDITABLE_STATUSES, association__in=list(headed))
    return open_plans().filter(mine | Q(pk__in=WorkPlan.objects.awaiting(person).values("pk")))


def heads(association_ids: Iterable[int], today: datetime.date) -> dict[int, list[User]]:
    """{association id: the accounts of its current heads}, in one query."""
    found: dict[int, list[User]] = defaultdict(list)
    appointments = (
        HeadAppointment.objects.current(today)
        .filter(association_id__in=list(association_ids), staff__user__is_active=True)
        .select_related("staff__user")
    )
    for appointment in appointments:
        if appointment.staff.user is not None:
            found[appointment.association_id].append(appointment.staff.user)
    return found


@dataclass(frozen=True)
class MissingPlan:
    """A period that starts within a week, or has started, with no plan of the association covering it."""

    association: Association
    quarter: Quarter

    @property
    def due(self) -> datetime.date:
        return self.association.school.calendar.due_after(self.quarter.start_date)

    def is_overdue(self, today: datetime.date) -> bool:
        """MB-5.1: no plan approved by the quarter's start + 5 days — like a plan overdue, never drafted."""
        return self.due < today


def missing_plans(
    today: datetime.date, schools: Iterable[int] | None = None, *, include_ended: bool = False
) -> list[MissingPlan]:
    """Quarters of a school year that start within MISSING_AHEAD_DAYS or have started and not ended, for
    which an association (with a head today) has no plan covering the quarter's first day — a year's plan,
    the quarter's own, or any other. `include_ended`: the ended quarters of the current school year too
    (an association that never drafted a plan stays behind on the pages that count). Three queries."""
    quarters = Quarter.objects.filter(start_date__lte=today + datetime.timedelta(days=MISSING_AHEAD_DAYS))
    if include_ended:
        quarters = quarters.filter(Q(end_date__gte=today) | Q(school_year__is_current=True))
    else:
        quarters = quarters.filter(end_date__gte=today)
    quarters = quarters.select_related("school_year")
    if schools is not None:
        quarters = quarters.filter(school_year__school_id__in=list(schools))
    quarters_by_school: dict[int, list[Quarter]] = defaultdict(list)
    for quarter in quarters:
        quarters_by_school[quarter.school_year.school_id].append(quarter)
    if not quarters_by_school:
        return []
    associations = list(
        Association.objects.filter(
            school_id__in=list(quarters_by_school),
            head_appointments__in=HeadAppointment.objects.current(today),
        )
        .distinct()
        .select_related("school")
    )
    starts = [q.start_date for qs in quarters_by_school.values() for q in qs]
    covered: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for association_id, start, end in WorkPlan.objects.filter(
        association__in=associations, period_start__lte=max(starts), period_end__gte=min(starts)
    ).values_list("association_id", "period_start", "period_end"):
        covered[association_id].append((start, end))
    share_calendars(association.school for association in associations)
    return [
        MissingPlan(association, quarter)
        for association in associations
        for quarter in quarters_by_school[association.school_id]
        if not any(start <= quarter.start_date <= end for start, end in covered[association.pk])
    ]


@dataclass(frozen=True)
class QuarterWithoutMeeting:
    """MB-5.2: a quarter of the current school year that has ended with no meeting of the association."""

    association: Association
    quarter: Quarter


def quarters_without_meeting(
    today: datetime.date, *, schools: Iterable[int] | None = None, associations: Iterable[int] | None = None
) -> list[QuarterWithoutMeeting]:
    """The ended quarters of the current school years in which an association (with a head today) held no
    meeting (the minutes' date is the meeting's). Three queries, whatever the number of associations."""
    quarters = Quarter.objects.filter(school_year__is_current=True, end_date__lt=today).select_related(
        "school_year"
    )
    found = Association.objects.filter(head_appointments__in=HeadAppointment.objects.current(today))
    if schools is not None:
        quarters = quarters.filter(school_year__school_id__in=list(schools))
        found = found.filter(school_id__in=list(schools))
    if associations is not None:
        found = found.filter(pk__in=list(associations))
    by_school: dict[int, list[Quarter]] = defaultdict(list)
    for quarter in quarters.order_by("number"):
        by_school[quarter.school_year.school_id].append(quarter)
    if not by_school:
        return []
    chosen = list(found.filter(school_id__in=list(by_school)).distinct().select_related("school"))
    held: dict[int, list[datetime.date]] = defaultdict(list)
    for association_id, day in AssociationMeeting.objects.filter(
        association__in=chosen, school_year__is_current=True
    ).values_list("association_id", "minutes__held_on"):
        held[association_id].append(day)
    return [
        QuarterWithoutMeeting(association, quarter)
        for association in chosen
        for quarter in by_school[association.school_id]
        if not any(quarter.start_date <= day <= quarter.end_date for day in held[association.pk])
    ]


@dataclass(frozen=True)
class ReportDue:
    """An association's year-end report (MB-5.3) not yet given to the deputy: due soon or overdue."""

    association: Association
    school_year: SchoolYear
    report: YearEndReport | None

    @property
    def due(self) -> datetime.date:
        return self.association.school.calendar.due_after(self.school_year.end_date)

    @property
    def record(self) -> Association | YearEndReport:
        return self.report if self.report is not None else self.association


def reports_due(
    today: datetime.date,
    schools: Iterable[int] | None = None,
    associations: Iterable[int] | None = None,
) -> list[ReportDue]:
    """Year-end reports due within REPORT_SOON_DAYS or overdue (for a year ended within LOOK_BACK_DAYS)
    that were not submitted: no report yet, or a draft, or returned. Three queries."""
    years = SchoolYear.objects.filter(
        end_date__gte=today - datetime.timedelta(days=LOOK_BACK_DAYS),
        end_date__lte=today + datetime.timedelta(days=REPORT_SOON_DAYS),  # due on or after the end
    )
    if schools is not None:
        years = years.filter(school_id__in=list(schools))
    years_by_school = {year.school_id: year for year in years}
    if not years_by_school:
        return []
    chosen = Association.objects.filter(school_id__in=list(years_by_school)).select_related("school")
    if associations is not None:
        chosen = chosen.filter(pk__in=list(associations))
    chosen_list = list(chosen)
    share_calendars(association.school for association in chosen_list)
    reports = {
        (report.association_id, report.school_year_id): report
        for report in YearEndReport.objects.filter(
            association__in=chosen_list, school_year__in=list(years_by_school.values())
        )
    }
    due = []
    for association in chosen_list:
        year = years_by_school[association.school_id]
        report = reports.get((association.pk, year.pk))
        if report is not None and report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
            continue
        item = ReportDue(association, year, report)
        if item.due <= today + datetime.timedelta(days=REPORT_SOON_DAYS):
            due.append(item)
    return due


def unmarked_items(
    today: datetime.date,
    schools: Iterable[int] | None = None,
    responsible: int | None = None,
) -> QuerySet[PlanItem]:
    """Activities of approved plans whose dates passed (within LOOK_BACK_DAYS) without a completion
    mark, with `ended_on` (its last day) annotated; the responsible members prefetched."""
    items = (
        PlanItem.objects.filter(plan__status=PlanStatus.APPROVED, completion="")
        .annotate(ended_on=Coalesce(F("ends_on"), F("starts_on")))
        .filter(ended_on__lt=today, ended_on__gte=today - datetime.timedelta(days=LOOK_BACK_DAYS))
        .select_related("plan__association")
    )
    if schools is not None:
        items = items.filter(plan__association__school_id__in=list(schools))
    if responsible is not None:
        items = items.filter(responsible__pk=responsible)
    return items.order_by("ended_on", "pk")
