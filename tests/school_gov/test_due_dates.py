"""A due date on a Saturday or a Sunday says its weekday (issue 13, part 7 in part): MB-5.1 and MB-5.3
count calendar days, so a weekend deadline is real and easy to miss."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from school_gov.templatetags.dates import due_date
from tests.factories import WorkPlanFactory


def test_a_weekend_due_date_names_its_day_and_a_weekday_does_not():
    with translation.override("en"):
        assert due_date(datetime.date(2027, 6, 5)) == "5 June 2027, Saturday"
        assert due_date(datetime.date(2027, 6, 6), "j E") == "6 June, Sunday"
        assert due_date(datetime.date(2027, 6, 7)) == "7 June 2027"
        assert due_date(None) == ""
    with translation.override("ky"):
        assert due_date(datetime.date(2027, 6, 5)).lower().endswith(", ишемби")


@pytest.mark.django_db
def test_the_plan_page_shows_the_weekday_of_a_weekend_deadline(client, association, school_year, head):
    monday = datetime.date(2027, 1, 18)  # + 5 days = Saturday 23 January
    plan = WorkPlanFactory(
        association=association,
        school_year=school_year,
        period_start=monday,
        period_end=monday + datetime.timedelta(days=30),
        created_by=head.staff,
    )
    assert plan.approval_due.weekday() == 5
    client.force_login(head)
    page = client.get(reverse("methodology:plan_detail", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en").text
    assert "23 January 2027, Saturday" in page
