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
        assert due_date(datetime.date(2027, 6, 6), "day") == "6 June, Sunday"
        assert due_date(datetime.date(2027, 6, 7)) == "7 June 2027"
        assert due_date(None) == ""
    with translation.override("ky"):
        assert due_date(datetime.date(2027, 6, 5)) == "2027-жылдын 5-июну, ишемби"
        assert due_date(datetime.date(2027, 6, 6), "day") == "6-июнь, жекшемби"
    with translation.override("ru"):
        assert due_date(datetime.date(2027, 6, 5)) == "5 июня 2027 г., суббота"


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


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ky", ["2026-жылдын 1-сентябры", "1-сентябрь", "сентябрь 2026-ж.", "2026-жылдын 1-сентябры, 09:05"]),
        ("ru", ["1 сентября 2026 г.", "1 сентября", "Сентябрь 2026 г.", "1 сентября 2026 г., 09:05"]),
        ("en", ["1 September 2026", "1 September", "September 2026", "1 September 2026, 09:05"]),
    ],
)
def test_each_language_writes_a_date_its_own_way(language, expected):
    """Issue 15, part 2: Kyrgyz lower-cases the month and declines it after the day; a moment is shown in
    Asia/Bishkek time (03:05 UTC is 09:05 there)."""
    from django.utils import timezone

    from school_gov.formats import dated

    day = datetime.date(2026, 9, 1)
    moment = datetime.datetime(2026, 9, 1, 3, 5, tzinfo=datetime.UTC)
    with translation.override(language):
        shown = [dated(day), dated(day, "day"), dated(day, "month"), dated(moment, "datetime")]
    assert shown == expected
    assert timezone.get_current_timezone_name() == "Asia/Bishkek"


@pytest.mark.parametrize(
    ("month", "possessive"),
    [(1, "январы"), (4, "апрели"), (5, "майы"), (6, "июну"), (7, "июлу"), (8, "августу"), (12, "декабры")],
)
def test_the_kyrgyz_month_takes_its_possessive_form_after_the_day(month, possessive):
    from school_gov.formats import dated

    with translation.override("ky"):
        assert dated(datetime.date(2027, month, 3)) == f"2027-жылдын 3-{possessive}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ky", ["4 жыл 11 ай", "1 жыл", "0 ай", "2 ай"]),
        ("ru", ["4 года 11 месяцев", "1 год", "0 месяцев", "2 месяца"]),
        ("en", ["4 years 11 months", "1 year", "0 months", "2 months"]),
    ],
)
def test_a_length_of_service_is_counted_in_each_language(language, expected):
    from school_gov.formats import duration

    with translation.override(language):
        assert [duration(59), duration(12), duration(0), duration(2)] == expected
