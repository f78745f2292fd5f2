"""The missing-plan radar (MB-5.1; issue 13, part 4 in part): an association that never drafted a plan for
a period that has started is overdue from the period's start + 5 days, on the school's dashboard and in the
district's counts — each gap counted once, whether or not the quarter has ended since."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from methodology import waiting
from tests.factories import WorkPlanFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _started(school_year, today):
    """The cast's quarters that have started (or start within the radar's week), and those past due."""
    ahead = today + datetime.timedelta(days=waiting.MISSING_AHEAD_DAYS)
    started = [q for q in school_year.quarters.order_by("number") if q.start_date <= ahead]
    return started, [q for q in started if q.start_date + datetime.timedelta(days=5) < today]


def test_a_quarter_that_ended_without_a_plan_stays_missing_on_the_pages_that_count(
    school, association, school_year
):
    today = timezone.localdate()
    started, past_due = _started(school_year, today)
    gaps = waiting.missing_plans(today, schools=[school.pk], include_ended=True)
    assert [g.quarter.number for g in gaps] == [q.number for q in started]
    assert sum(g.is_overdue(today) for g in gaps) == len(past_due)
    # The reminders keep to the quarters not yet ended (a past quarter is not reminded of again).
    current = waiting.missing_plans(today, schools=[school.pk])
    assert [g.quarter.number for g in current] == [q.number for q in started if q.end_date >= today]


def test_the_deputy_counts_a_plan_never_drafted_as_overdue_once(
    client, school, association, school_year, deputy, head
):
    today = timezone.localdate()
    started, past_due = _started(school_year, today)
    assert past_due, "the cast's year has a quarter past its due day"
    client.force_login(deputy)
    page = client.get(reverse("dashboard"), **EN).text
    count = len(past_due)
    assert (
        f"{count} plan{'s' if count != 1 else ''} of the school {'are' if count != 1 else 'is'} overdue"
        in page
    )
    assert f"{count} of them never drafted" in page

    # A draft for the latest quarter that has begun: overdue as a plan now, not also as a gap.
    latest = past_due[-1]
    WorkPlanFactory(
        association=association,
        school_year=school_year,
        period_start=latest.start_date,
        period_end=latest.end_date,
        created_by=head.staff,
    )
    page = client.get(reverse("dashboard"), **EN).text
    assert (
        f"{count} plan{'s' if count != 1 else ''} of the school {'are' if count != 1 else 'is'} overdue"
        in page
    )
    never = count - 1
    if never:
        assert f"{never} of them never drafted" in page
    else:
        assert "never drafted" not in page


def test_the_district_sees_the_school_behind_with_plans_never_drafted(
    client, school, association, school_year, methodologist
):
    today = timezone.localdate()
    _started_quarters, past_due = _started(school_year, today)
    client.force_login(methodologist)
    page = client.get(reverse("dashboard"), **EN).text
    assert f"{school.name}: overdue plans {len(past_due)} (never drafted {len(past_due)})" in page


def test_the_admins_waiting_for_me_names_the_plans_never_drafted(
    client, school, association, school_year, deputy, teacher
):
    from django.conf import settings

    today = timezone.localdate()
    _started_quarters, past_due = _started(school_year, today)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(deputy)
    page = client.get(reverse("admin:methodology_workplan_changelist")).text
    assert page.count("never drafted a plan for quarter") == len(past_due)
    assert f"{association.name} never drafted a plan for quarter {past_due[0].number}" in page


@pytest.mark.parametrize(("who", "shown"), [("deputy", True), ("head", True), ("teacher", False)])
def test_the_plan_list_shows_the_plans_never_drafted_with_the_overdue_ones(
    client, request, school, association, school_year, who, shown
):
    today = timezone.localdate()
    _started_quarters, past_due = _started(school_year, today)
    client.force_login(request.getfixturevalue(who))
    for status in ("", "overdue"):
        page = client.get(reverse("methodology:plan_list"), {"status": status}, **EN).text
        assert page.count("never drafted a plan for quarter") == (len(past_due) if shown else 0)
    page = client.get(reverse("methodology:plan_list"), {"status": "approved"}, **EN).text
    assert "never drafted" not in page
