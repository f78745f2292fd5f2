"""SP-4.2: meetings at least once a week — the rule that flags a school week without one."""

import datetime

import pytest

from parliament.models.meetings import weeks_without_meeting
from school_gov.models import Quarter


def _quarter(start: str, end: str) -> Quarter:
    return Quarter(start_date=datetime.date.fromisoformat(start), end_date=datetime.date.fromisoformat(end))


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _mondays(*texts: str) -> list[datetime.date]:
    return [_day(text) for text in texts]


def test_every_finished_school_week_without_a_meeting_is_flagged():
    quarter = _quarter("2026-09-07", "2026-10-02")  # four whole weeks, Monday to Friday
    assert weeks_without_meeting([quarter], [], _day("2026-10-05")) == _mondays(
        "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"
    )


def test_weeks_with_a_meeting_are_not_flagged():
    quarter = _quarter("2026-09-07", "2026-10-02")
    meetings = [_day("2026-09-09"), _day("2026-09-23")]
    assert weeks_without_meeting([quarter], meetings, _day("2026-10-05")) == _mondays(
        "2026-09-14", "2026-09-28"
    )


def test_the_break_between_quarters_is_not_a_school_week():
    first = _quarter("2026-09-07", "2026-10-30")
    second = _quarter("2026-11-09", "2026-12-25")
    # Every school week had its meeting; the break (the weeks of 2 November) had none.
    meetings = [_day("2026-09-07") + datetime.timedelta(weeks=n) for n in range(8)]
    meetings += [_day("2026-11-10"), _day("2026-11-17")]
    assert weeks_without_meeting([second, first], meetings, _day("2026-11-23")) == []


def test_a_meeting_in_the_break_does_not_stand_for_a_school_week():
    first = _quarter("2026-09-07", "2026-09-18")
    second = _quarter("2026-09-28", "2026-10-09")
    meetings = [_day("2026-09-08"), _day("2026-09-22"), _day("2026-09-29")]
    assert weeks_without_meeting([first, second], meetings, _day("2026-10-12")) == _mondays(
        "2026-09-14", "2026-10-05"
    )


def test_a_week_only_partly_inside_the_quarter_still_needs_a_meeting():
    # The quarter starts on a Thursday and ends on a Tuesday: both edge weeks are school weeks.
    quarter = _quarter("2026-09-03", "2026-09-15")
    assert weeks_without_meeting([quarter], [], _day("2026-09-21")) == _mondays(
        "2026-08-31", "2026-09-07", "2026-09-14"
    )


def test_a_meeting_on_the_edge_weeks_day_before_the_quarter_counts_for_that_week():
    quarter = _quarter("2026-09-03", "2026-09-15")  # Thursday 3 September
    meetings = [_day("2026-09-01"), _day("2026-09-10"), _day("2026-09-14")]
    assert weeks_without_meeting([quarter], meetings, _day("2026-09-21")) == []


def test_todays_unfinished_week_is_not_flagged_yet():
    quarter = _quarter("2026-09-07", "2026-12-25")
    today = _day("2026-09-23")  # the Wednesday of the third week, no meeting yet this week
    assert weeks_without_meeting([quarter], [_day("2026-09-08")], today) == _mondays("2026-09-14")


def test_weeks_after_today_are_not_flagged():
    quarters = [_quarter("2026-09-07", "2026-10-30"), _quarter("2026-11-09", "2026-12-25")]
    assert weeks_without_meeting(quarters, [], _day("2026-09-06")) == []


@pytest.mark.parametrize("weekday", range(7))
def test_a_meeting_on_any_day_of_the_week_counts(weekday):
    quarter = _quarter("2026-09-07", "2026-09-11")
    meeting = _day("2026-09-07") + datetime.timedelta(days=weekday)
    assert weeks_without_meeting([quarter], [meeting], _day("2026-09-14")) == []


def test_a_week_shared_by_two_quarters_is_flagged_once():
    first = _quarter("2026-09-07", "2026-09-16")
    second = _quarter("2026-09-18", "2026-09-30")
    # The week of 14 September holds the end of one quarter and the start of the next.
    assert weeks_without_meeting([first, second], [], _day("2026-10-05")) == _mondays(
        "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28"
    )


@pytest.mark.parametrize("start", ["2024-09-01", "2024-08-31"])  # a Sunday, a Saturday
def test_a_weekend_that_opens_a_quarter_is_no_school_week(start):
    quarter = _quarter(start, "2024-10-25")
    meetings = [_day("2024-09-03")]
    assert weeks_without_meeting([quarter], meetings, _day("2024-09-10")) == []


@pytest.mark.parametrize("end", ["2026-10-31", "2026-11-01"])  # a Saturday, a Sunday
def test_the_week_a_quarter_ends_in_on_a_weekend_is_a_school_week(end):
    quarter = _quarter("2026-10-19", end)
    assert weeks_without_meeting([quarter], [_day("2026-10-20")], _day("2026-11-09")) == _mondays(
        "2026-10-26"
    )
