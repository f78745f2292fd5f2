"""MB-5.1 (period start + 5 days) and MB-5.3 (year end + 5 days), in Bishkek calendar days."""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from school_gov.deadlines import deadline_state, describe, due_after, local_today
from tests import steps


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; the app's default language is Kyrgyz."""
    with translation.override("en"):
        yield


BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")


def test_due_five_days_after_29_february():
    assert due_after(datetime.date(2028, 2, 29)) == datetime.date(2028, 3, 5)


def test_due_across_a_months_end():
    assert due_after(datetime.date(2026, 10, 29)) == datetime.date(2026, 11, 3)
    assert due_after(datetime.date(2026, 12, 30)) == datetime.date(2027, 1, 4)


def test_at_23_30_in_bishkek_today_is_already_the_next_utc_date():
    # 23:30 on 4 March in Bishkek is 17:30 UTC; 00:30 on 5 March in Bishkek is still the 4th in UTC.
    late_evening = datetime.datetime(2026, 3, 4, 23, 30, tzinfo=BISHKEK)
    after_midnight = datetime.datetime(2026, 3, 5, 0, 30, tzinfo=BISHKEK)
    assert after_midnight.astimezone(datetime.UTC).date() == datetime.date(2026, 3, 4)
    assert local_today(late_evening.astimezone(datetime.UTC)) == datetime.date(2026, 3, 4)
    assert local_today(after_midnight.astimezone(datetime.UTC)) == datetime.date(2026, 3, 5)
    due = due_after(datetime.date(2026, 2, 27))  # 4 March
    assert not deadline_state(due, None, local_today(late_evening.astimezone(datetime.UTC))).is_overdue
    assert deadline_state(due, None, local_today(after_midnight.astimezone(datetime.UTC))).is_overdue


def test_days_left_on_time_and_late():
    due = datetime.date(2026, 11, 15)
    assert describe(deadline_state(due, None, datetime.date(2026, 11, 12)))[1] == "3 days left"
    assert describe(deadline_state(due, None, datetime.date(2026, 11, 15)))[1] == "due today"
    assert describe(deadline_state(due, None, datetime.date(2026, 11, 17)))[1] == "overdue by 2 days"
    assert describe(deadline_state(due, datetime.date(2026, 11, 15), datetime.date(2027, 1, 1)))[1] == (
        "approved on time"
    )
    late = deadline_state(due, datetime.date(2026, 11, 16), datetime.date(2027, 5, 1))
    assert describe(late)[1] == "approved late by 1 day"
    assert describe(late, done="submitted")[1] == "submitted late by 1 day"


def test_a_plans_lateness_is_kept_after_approval(plan, head, deputy, director, settings):
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    steps.approve(plan, director)
    plan.approved_at = datetime.datetime.combine(
        plan.approval_due + datetime.timedelta(days=3), datetime.time(9), tzinfo=BISHKEK
    )
    state = plan.deadline(today=plan.approval_due + datetime.timedelta(days=300))
    assert state.done_late
    assert state.days_late == 3
    assert not state.is_overdue


def test_an_approval_at_23_30_bishkek_on_the_due_day_is_on_time(plan):
    plan.approved_at = datetime.datetime.combine(plan.approval_due, datetime.time(23, 30), tzinfo=BISHKEK)
    assert plan.approved_on == plan.approval_due
    assert not plan.deadline().done_late
