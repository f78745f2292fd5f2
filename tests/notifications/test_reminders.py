"""The daily sweep (`send_reminders`): every deadline of the regulations reaches the person who must act
before it passes, once — a second run the same day sends nothing — and a school with no plan for the
coming quarter hears about it a week ahead (MB-5.1, MB-5.3, SP-4.2)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from methodology.models import PlanStatus
from notifications.actions.sweep import run
from notifications.models import Notification, Reminder, SweepRun
from parliament.models import Turnout
from school_gov.people import machine
from tests.factories import (
    AppointmentFactory,
    AssociationFactory,
    ElectionFactory,
    HeadAppointmentFactory,
    OfficeFactory,
    PlanItemFactory,
    PollFactory,
    QuarterFactory,
    SchoolFactory,
    SchoolYearFactory,
    StaffFactory,
    StudentFactory,
    UserFactory,
    WorkPlanFactory,
)


def _sweep(today):
    return run(by=machine(), today=today)


def _told(kind):
    return sorted(
        n.recipient.username for n in Notification.objects.filter(kind=kind).select_related("recipient")
    )


@pytest.mark.django_db
def test_a_plan_due_in_two_days_reminds_whoever_acts_next_and_a_second_run_sends_nothing(plan, head, deputy):
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    today = plan.approval_due - datetime.timedelta(days=2)
    first = _sweep(today)
    assert _told("plan_due_soon") == ["deputy"]
    assert first.reminders_sent >= 1
    second = _sweep(today)
    assert second.reminders_sent == 0
    assert _told("plan_due_soon") == ["deputy"]
    assert Reminder.objects.filter(kind="plan_due_soon").count() == 1


@pytest.mark.django_db
def test_the_next_day_the_same_due_date_is_not_reminded_again(plan, head):
    today = plan.approval_due - datetime.timedelta(days=2)
    _sweep(today)
    _sweep(today + datetime.timedelta(days=1))
    assert _told("plan_due_soon") == ["head"]  # a draft: the head acts next


@pytest.mark.django_db
def test_an_overdue_plan_reminds_the_next_actor(plan, head, director):
    plan.status = PlanStatus.AGREED
    plan.save()
    _sweep(plan.approval_due + datetime.timedelta(days=1))
    assert _told("plan_overdue") == ["director"]


@pytest.mark.django_db
def test_a_quarter_without_a_plan_is_heard_of_a_week_ahead_by_the_head_and_the_deputy(
    association, school_year, head, deputy, teacher
):
    third = school_year.quarters.get(number=3)
    _sweep(third.start_date - datetime.timedelta(days=8))
    assert _told("plan_missing") == []
    _sweep(third.start_date - datetime.timedelta(days=7))
    assert _told("plan_missing") == ["deputy", "head"]
    message = str(Notification.objects.filter(kind="plan_missing").first())
    assert association.name in message


@pytest.mark.django_db
def test_a_plan_covering_the_quarter_means_nothing_is_missing(plan, school_year, head, deputy):
    second = school_year.quarters.get(number=2)
    _sweep(second.start_date - datetime.timedelta(days=3))
    assert _told("plan_missing") == []


@pytest.mark.django_db
def test_the_year_end_report_is_reminded_three_days_before_and_when_overdue(association, school_year, head):
    due = school_year.end_date + datetime.timedelta(days=5)
    _sweep(due - datetime.timedelta(days=4))
    assert _told("report_due_soon") == []
    _sweep(due - datetime.timedelta(days=3))
    assert _told("report_due_soon") == ["head"]
    _sweep(due + datetime.timedelta(days=1))
    assert _told("report_overdue") == ["head"]


@pytest.mark.django_db
def test_activities_that_passed_unmarked_remind_the_member_responsible(plan, head, teacher):
    item = plan.items.get()
    item.responsible.set([teacher.staff])
    plan.status = PlanStatus.APPROVED
    plan.save()
    _sweep(item.starts_on + datetime.timedelta(days=1))
    assert _told("activities_unmarked") == ["teacher"]
    assert Notification.objects.get(kind="activities_unmarked").data == {"count": 1}


@pytest.mark.django_db
def test_a_school_week_without_a_parliament_meeting_reminds_the_adviser_and_the_president(
    term, adviser, president, student
):
    OfficeFactory(term=term, student=president.student)
    quarter = term.school_year.quarters.get(number=2)
    monday = (
        quarter.start_date - datetime.timedelta(days=quarter.start_date.weekday()) + datetime.timedelta(7)
    )
    _sweep(monday + datetime.timedelta(days=8))
    assert _told("week_without_meeting") == ["adviser", "president"]


@pytest.mark.django_db
def test_an_election_closing_tomorrow_reminds_only_who_has_not_voted(term, president, student, pupil):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    closes = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(15)))
    election = ElectionFactory(term=term, stage="voting", voter_from_grade=5, voting_closes_at=closes)
    Turnout.objects.create(election=election, student=president.student, grade=11, method="online")
    _sweep(timezone.localdate())
    assert _told("vote_closing") == ["student"]  # the president voted; the pupil (grade 3) is not on the roll
    assert Notification.objects.get(kind="vote_closing").data == {"closes": tomorrow.isoformat()}


@pytest.mark.django_db
def test_a_poll_closing_tomorrow_reminds_who_has_not_answered(school, student, president):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    closes = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(12)))
    PollFactory(school=school, audience_from_grade=5, audience_to_grade=9, closes_at=closes)
    _sweep(timezone.localdate())
    assert _told("poll_closing") == ["student"]  # the president's grade 11 is not asked


@pytest.mark.django_db
def test_a_head_whose_record_no_longer_qualifies_is_reported_to_the_deputy(association, head, deputy):
    staff = head.staff
    staff.education_level = "secondary"
    staff.save()
    _sweep(timezone.localdate())
    assert _told("head_unqualified") == ["deputy"]


@pytest.mark.django_db
def test_the_command_runs_the_sweep_and_records_it(plan, head, capsys):
    call_command("send_reminders", "--date", (plan.approval_due - datetime.timedelta(days=1)).isoformat())
    assert "Reminders sent: 1" in capsys.readouterr().out
    sweep = SweepRun.objects.get()
    assert sweep.finished_at is not None and sweep.by_kind == {"plan_due_soon": 1}


@pytest.mark.django_db
def test_a_bad_date_is_named(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "tomorrow")


def _schools(count: int, today: datetime.date, batch: str = "") -> None:
    """`count` schools each with a deputy, a head, an association with a draft plan due in two days, a
    quarter starting within the week without a plan, and a term with a president."""
    for number in range(count):
        school = SchoolFactory()
        year = SchoolYearFactory(
            school=school,
            start_date=today - datetime.timedelta(days=60),
            end_date=today + datetime.timedelta(days=200),
        )
        QuarterFactory(
            school_year=year,
            number=1,
            start_date=year.start_date,
            end_date=today - datetime.timedelta(days=10),
        )
        QuarterFactory(
            school_year=year,
            number=2,
            start_date=today + datetime.timedelta(days=5),
            end_date=today + datetime.timedelta(days=60),
        )
        deputy = StaffFactory(school=school, user=UserFactory(username=f"deputy-{batch}{number}"))
        AppointmentFactory(staff=deputy, role="deputy_director")
        for letter in "АБ":
            association = AssociationFactory(school=school)
            head = StaffFactory(school=school, user=UserFactory(username=f"head-{batch}{number}-{letter}"))
            HeadAppointmentFactory(association=association, staff=head)
            plan = WorkPlanFactory(
                association=association,
                school_year=year,
                period_start=today - datetime.timedelta(days=3),
                period_end=today + datetime.timedelta(days=3),
            )
            PlanItemFactory(plan=plan)
        StudentFactory(school=school, user=UserFactory(username=f"student-{batch}{number}"))


@pytest.mark.django_db
def test_the_sweeps_queries_do_not_grow_with_the_schools():
    """2 schools, then 20 more: the same queries, each school's reminders all sent."""
    counts, sent = [], []
    today = timezone.localdate()
    _schools(1, today, batch="warm")
    _sweep(today)  # Django caches the content types per process: a running server has them already
    for count in (2, 20):
        _schools(count, today, batch=str(count))
        Reminder.objects.all().delete()
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            sweep = _sweep(today)
        counts.append(len(queries))
        sent.append((sweep.by_kind.get("plan_due_soon"), sweep.by_kind.get("plan_missing")))
    # Two associations a school: their heads (due soon), and the deputy too (missing); the warm-up
    # school is swept each time.
    assert sent == [(6, 12), (46, 92)]
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_a_poll_that_opens_later_today_and_closes_tomorrow_is_reminded_too(school, student):
    today = timezone.localdate()
    opens = timezone.make_aware(datetime.datetime.combine(today, datetime.time(23)))
    closes = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(9))
    )
    PollFactory(school=school, audience_from_grade=5, audience_to_grade=9, opens_at=opens, closes_at=closes)
    _sweep(today)
    assert _told("poll_closing") == ["student"]


@pytest.mark.django_db
def test_two_unqualified_co_heads_are_both_named_to_the_deputy(association, head, deputy, school):
    other = StaffFactory(school=school, education_level="secondary")
    HeadAppointmentFactory(association=association, staff=other, starts_on=datetime.date(2020, 9, 1))
    head.staff.education_level = "secondary"
    head.staff.save()
    _sweep(timezone.localdate())
    [told] = Notification.objects.filter(kind="head_unqualified")
    assert head.staff.full_name in told.data["head"] and other.full_name in told.data["head"]
