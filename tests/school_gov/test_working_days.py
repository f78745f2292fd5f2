"""Deadlines on working days (issue 13, part 7): a school may move a deadline that falls on a Saturday, a
Sunday or one of its public holidays to the next working day. Off by default, as MB-5.1 and MB-5.3 count
calendar days; the holidays are a list the school keeps in the admin, filled from the national calendar.
A change of the calendar moves the due dates not yet passed, and never one already passed."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from methodology import grid, waiting
from methodology.models import WorkPlan
from school_gov.actions import calendar
from school_gov.deadlines import CALENDAR_DAYS, Calendar
from school_gov.models import AuditEvent, Holiday
from tests.factories import (
    AssociationFactory,
    HeadAppointmentFactory,
    QuarterFactory,
    SchoolYearFactory,
    WorkPlanFactory,
    YearEndReportFactory,
)
from tests.steps import act

SATURDAY = 5


def _monday(day: datetime.date) -> datetime.date:
    """The first Monday on or after `day`."""
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def year(school, today):
    """A current school year around today (the cast's fixed one may lie in the past or the future)."""
    return SchoolYearFactory(
        school=school,
        start_date=today - datetime.timedelta(days=120),
        end_date=today + datetime.timedelta(days=150),
        is_current=True,
    )


def _plan(association, year, start: datetime.date) -> WorkPlan:
    return WorkPlanFactory(
        association=association,
        school_year=year,
        period_start=start,
        period_end=start + datetime.timedelta(days=30),
    )


def _working_days(school, *holidays: datetime.date) -> None:
    for day in holidays:
        Holiday.objects.create(school=school, date=day, name="Майрам")
    school.deadlines_on_working_days = True
    school.save()
    school.__dict__.pop("calendar", None)


# The rule


def test_calendar_days_keep_a_weekend_deadline_and_working_days_move_it():
    monday = datetime.date(2027, 1, 18)
    assert CALENDAR_DAYS.due_after(monday) == datetime.date(2027, 1, 23)  # Saturday: MB-5.1 as written
    moving = Calendar(working_days=True)
    assert moving.due_after(monday) == datetime.date(2027, 1, 25)  # the Monday after
    assert moving.due_after(datetime.date(2027, 1, 19)) == datetime.date(2027, 1, 25)  # Sunday → Monday
    assert moving.due_after(datetime.date(2027, 1, 15)) == datetime.date(2027, 1, 20)  # a Wednesday stays
    with_holiday = Calendar(working_days=True, holidays=frozenset({datetime.date(2027, 1, 25)}))
    assert with_holiday.due_after(monday) == datetime.date(2027, 1, 26)
    # A run of holidays (the May days of 2026: 1–9 May, then a Sunday) ends on the first working day.
    may = frozenset(datetime.date(2026, 5, day) for day in range(1, 10))
    assert Calendar(True, may).due_after(datetime.date(2026, 4, 27)) == datetime.date(2026, 5, 11)
    # Holidays alone move nothing where the school counts calendar days.
    assert Calendar(False, may).due_after(datetime.date(2026, 4, 27)) == datetime.date(2026, 5, 2)


def test_a_plan_keeps_calendar_days_by_default(school, association, year, today):
    plan = _plan(association, year, _monday(today + datetime.timedelta(days=7)))
    assert plan.approval_due.weekday() == SATURDAY
    assert plan.approval_due == plan.period_start + datetime.timedelta(days=5)


def test_a_plan_of_a_school_counting_working_days_is_due_on_the_next_working_day(
    school, association, year, today
):
    start = _monday(today + datetime.timedelta(days=7))
    _working_days(school, start + datetime.timedelta(days=7))  # the Monday after is a holiday
    association.school.__dict__.pop("calendar", None)
    plan = _plan(association, year, start)
    plan.refresh_from_db()
    assert plan.approval_due_on == start + datetime.timedelta(days=8)  # Tuesday
    # Moving the period counts the due date again.
    plan.period_start = start + datetime.timedelta(days=1)
    plan.save()
    plan.refresh_from_db()
    assert plan.approval_due_on == start + datetime.timedelta(days=8)
    plan.period_start = start + datetime.timedelta(days=2)  # + 5 = Monday, the holiday
    plan.save()
    plan.refresh_from_db()
    assert plan.approval_due_on == start + datetime.timedelta(days=8)


# A change of the calendar moves the due dates not yet passed


def test_turning_working_days_on_moves_open_deadlines_and_leaves_passed_ones(
    school, director, association, year, today
):
    ahead = _plan(association, year, _monday(today + datetime.timedelta(days=7)))
    behind = _plan(association, year, _monday(today - datetime.timedelta(days=21)))
    passed_due = behind.approval_due
    assert passed_due < today and passed_due.weekday() == SATURDAY
    assert list(waiting.plans_overdue(today, waiting.open_plans([school.pk]))) == [behind]

    school.deadlines_on_working_days = True
    calendar.save_school(school, by=act(director), fields=["deadlines_on_working_days"])

    ahead.refresh_from_db()
    behind.refresh_from_db()
    assert ahead.approval_due_on == ahead.period_start + datetime.timedelta(days=7)  # Monday
    assert behind.approval_due_on == passed_due  # a deadline passed stays passed
    assert list(waiting.plans_overdue(today, waiting.open_plans([school.pk]))) == [behind]
    event = AuditEvent.objects.get(action="school_gov.school.changed")
    assert event.data["fields"] == ["deadlines_on_working_days"]

    school.deadlines_on_working_days = False
    calendar.save_school(school, by=act(director), fields=["deadlines_on_working_days"])
    ahead.refresh_from_db()
    assert ahead.approval_due_on.weekday() == SATURDAY


def test_a_holiday_added_or_removed_moves_the_deadline_on_it(school, deputy, association, year, today):
    _working_days(school)
    plan = _plan(association, year, _monday(today + datetime.timedelta(days=14)))
    monday = plan.period_start + datetime.timedelta(days=7)
    assert plan.approval_due == monday

    holiday = Holiday(school=school, date=monday, name="Элдик Нооруз майрамы")
    calendar.save_holiday(holiday, by=act(deputy), fields=["date", "name"])
    plan.refresh_from_db()
    assert plan.approval_due_on == monday + datetime.timedelta(days=1)

    calendar.delete_holiday(holiday, by=act(deputy))
    plan.refresh_from_db()
    assert plan.approval_due_on == monday
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("pk")) == [
        "school_gov.holiday.added",
        "school_gov.holiday.deleted",
    ]


def test_a_teacher_keeps_no_holiday(school, teacher):
    from school_gov.refusals import Refused

    with pytest.raises(Refused):
        calendar.save_holiday(
            Holiday(school=school, date=datetime.date(2027, 3, 21), name="Нооруз"),
            by=act(teacher),
            fields=["date", "name"],
        )
    assert not Holiday.objects.exists()


# The other deadlines read the same calendar


def test_the_missing_plan_radar_the_grid_and_the_report_count_working_days(school, association, year, today):
    start = _monday(today - datetime.timedelta(days=3))  # a quarter begun or beginning this week
    quarter = QuarterFactory(
        school_year=year, number=1, start_date=start, end_date=start + datetime.timedelta(60)
    )
    QuarterFactory(
        school_year=year,
        number=2,
        start_date=start + datetime.timedelta(days=70),
        end_date=year.end_date - datetime.timedelta(days=5),
    )
    calendar_days = quarter.start_date + datetime.timedelta(days=5)
    gaps = [gap for gap in waiting.missing_plans(today, [school.pk]) if gap.quarter == quarter]
    assert [gap.due for gap in gaps] == [calendar_days]

    _working_days(school)
    gaps = [gap for gap in waiting.missing_plans(today, [school.pk]) if gap.quarter == quarter]
    assert [gap.due for gap in gaps] == [calendar_days + datetime.timedelta(days=2)]  # Saturday → Monday
    rows, _ = grid.grid([school], calendar_days + datetime.timedelta(days=1))
    (row,) = rows
    assert row.cells[0].state == grid.MISSING and not row.cells[0].overdue  # Sunday: not overdue yet

    report = YearEndReportFactory(association=association, school_year=year)
    expected = Calendar(working_days=True).due_after(year.end_date)
    assert report.due == expected and report.due.weekday() < SATURDAY


def test_the_grid_asks_once_for_the_holidays_of_every_school(
    school, other_school, today, django_assert_num_queries
):
    for each in (school, other_school):
        SchoolYearFactory(
            school=each,
            start_date=today - datetime.timedelta(days=30),
            end_date=today + datetime.timedelta(days=200),
            is_current=True,
        )
        association = AssociationFactory(school=each)
        HeadAppointmentFactory(association=association)
        _working_days(each, today)
    schools = [type(school).objects.get(pk=school.pk), type(other_school).objects.get(pk=other_school.pk)]
    with django_assert_num_queries(6):  # five, and one for the holidays of both
        grid.grid(schools, today)


# The admin: the director's setting, the holidays' list, the national calendar


@pytest.fixture
def admin_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_director_turns_working_days_on_in_the_admin(admin_client, school, director):
    admin_client.force_login(director)
    url = reverse("admin:school_gov_school_change", args=[school.pk])
    assert "Deadlines move to the next working day" in admin_client.get(url).text
    response = admin_client.post(
        url,
        {
            "name": school.name,
            "organisers_from_grade": school.organisers_from_grade,
            "office_holders_from_grade": school.office_holders_from_grade,
            "last_grade": school.last_grade,
            "deadlines_on_working_days": "on",
        },
    )
    assert response.status_code == 302, response.text
    school.refresh_from_db()
    assert school.deadlines_on_working_days


def test_the_deputy_adds_a_holiday_and_a_day_kept_twice_is_refused(admin_client, school, deputy):
    admin_client.force_login(deputy)
    url = reverse("admin:school_gov_holiday_add")
    day = {"school": school.pk, "date": "2027-03-21", "name": "Элдик Нооруз майрамы"}
    assert admin_client.post(url, day).status_code == 302
    response = admin_client.post(url, {**day, "name": "Нооруз"})
    assert response.status_code == 200
    assert "This day is already a holiday of the school." in response.text
    assert list(Holiday.objects.values_list("name", flat=True)) == ["Элдик Нооруз майрамы"]
    assert AuditEvent.objects.filter(action="school_gov.holiday.added").count() == 1


def test_the_national_calendar_fills_the_holidays_once_in_kyrgyz(admin_client, school, director):
    Holiday.objects.create(school=school, date=datetime.date(2027, 3, 21), name="Нооруз (биздин аталыш)")
    admin_client.force_login(director)
    response = admin_client.post(
        reverse("admin:school_gov_school_changelist"),
        {"action": "add_national_holidays", "_selected_action": [school.pk]},
        follow=True,
    )
    year = timezone.localdate().year
    names = dict(Holiday.objects.filter(school=school).values_list("date", "name"))
    assert names[datetime.date(year, 8, 31)] == "Кыргыз Республикасынын Көз карандысыздыгынын күнү"
    assert names[datetime.date(year + 1, 1, 1)] == "Жаңы жыл"
    assert names[datetime.date(2027, 3, 21)] == "Нооруз (биздин аталыш)"  # the school's own stays
    added = len(names) - 1
    with translation.override("en"):
        assert f"{added} public holidays added" in response.text
    again = admin_client.post(
        reverse("admin:school_gov_school_changelist"),
        {"action": "add_national_holidays", "_selected_action": [school.pk]},
        follow=True,
    )
    assert "0 public holidays added" in again.text
    assert Holiday.objects.filter(school=school).count() == len(names)
    assert AuditEvent.objects.filter(action="school_gov.holiday.added_national").count() == 2


def test_the_district_methodologist_reads_the_holidays_and_changes_nothing(
    admin_client, school, methodologist
):
    Holiday.objects.create(school=school, date=datetime.date(2027, 3, 8), name="Аялдардын эл аралык күнү")
    admin_client.force_login(methodologist)
    listing = admin_client.get(reverse("admin:school_gov_holiday_changelist"))
    assert listing.status_code == 200 and "Аялдардын эл аралык күнү" in listing.text
    assert admin_client.get(reverse("admin:school_gov_holiday_add")).status_code == 403
