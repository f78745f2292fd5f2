"""The meetings page (SP-4.2): each meeting's number, date and open/closed, and the weekly tracker."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import (
    MeetingFactory,
    MinistryFactory,
    QuarterFactory,
    SchoolYearFactory,
    TermFactory,
)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = reverse("parliament:meeting_list")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def this_monday():
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


@pytest.fixture
def term_now(school, adviser, this_monday):
    """A current parliament whose school year runs around today, so the tracker's weeks are real."""
    year = SchoolYearFactory(
        school=school,
        start_date=this_monday - datetime.timedelta(weeks=6),
        end_date=this_monday + datetime.timedelta(weeks=20),
    )
    QuarterFactory(
        school_year=year,
        number=1,
        start_date=year.start_date,
        end_date=this_monday + datetime.timedelta(weeks=8),
    )
    return TermFactory(school=school, school_year=year, adviser=adviser.staff)


def _meeting(term, day, number, **kwargs):
    return MeetingFactory(term=term, minutes__held_on=day, minutes__number=number, **kwargs)


def test_a_student_sees_each_meetings_number_date_and_whether_it_was_closed(client, student, term):
    _meeting(term, datetime.date(2026, 9, 9), 1)
    _meeting(term, datetime.date(2026, 9, 16), 2, is_closed=True)
    client.force_login(student)
    response = client.get(URL, **EN)
    assert response.status_code == 200
    assert "Minutes № 1" in response.text
    assert "Minutes № 2" in response.text
    assert "closed meeting" in response.text
    assert "open meeting" in response.text


def test_a_closed_meeting_is_listed_without_a_link_for_those_who_may_not_read_it(client, director, term):
    open_meeting = _meeting(term, datetime.date(2026, 9, 9), 1)
    closed = _meeting(term, datetime.date(2026, 9, 16), 2, is_closed=True)
    client.force_login(director)
    response = client.get(URL, **EN)
    assert reverse("parliament:meeting_detail", args=[open_meeting.pk]) in response.text
    assert reverse("parliament:meeting_detail", args=[closed.pk]) not in response.text
    assert "the minutes are for the parliament's members and the adviser" in response.text


def test_a_member_of_the_parliament_gets_a_link_to_a_closed_meetings_minutes(client, student, term):
    MinistryFactory(term=term).members.add(student.student)
    closed = _meeting(term, datetime.date(2026, 9, 16), 2, is_closed=True)
    client.force_login(student)
    response = client.get(URL, **EN)
    assert reverse("parliament:meeting_detail", args=[closed.pk]) in response.text


def test_a_school_week_without_a_meeting_is_flagged(client, student, term_now, this_monday):
    for weeks_ago in (6, 5, 4, 2, 1):  # three weeks ago nobody met
        _meeting(term_now, this_monday - datetime.timedelta(weeks=weeks_ago, days=-2), 7 - weeks_ago)
    client.force_login(student)
    response = client.get(URL, **EN)
    missing = [week.monday for week in response.context["missing_weeks"]]
    assert missing == [this_monday - datetime.timedelta(weeks=3)]
    assert f'data-monday="{missing[0]:%Y-%m-%d}"' in response.text
    assert "5 of 7 school weeks had a meeting." in response.text


def test_this_unfinished_week_is_not_flagged(client, student, term_now, this_monday):
    for weeks_ago in range(1, 7):
        _meeting(term_now, this_monday - datetime.timedelta(weeks=weeks_ago), 7 - weeks_ago)
    client.force_login(student)
    response = client.get(URL, **EN)
    assert response.context["missing_weeks"] == []
    assert "No school week went without a meeting." in response.text
    assert response.context["weeks"][-1].current


def test_an_earlier_terms_meetings_can_be_chosen(client, student, term, school, adviser):
    earlier_year = SchoolYearFactory(
        school=school,
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2026, 5, 25),
        is_current=False,
    )
    earlier = TermFactory(school=school, school_year=earlier_year, adviser=adviser.staff)
    _meeting(earlier, datetime.date(2025, 10, 1), 31)
    client.force_login(student)
    assert "Minutes № 31" not in client.get(URL, **EN).text
    response = client.get(URL, {"term": earlier.pk}, **EN)
    assert "Minutes № 31" in response.text
    assert response.context["missing_weeks"] == []  # that year had no quarters entered
    assert 'id="no-school-weeks"' in response.text


def test_a_term_of_another_school_is_not_found(client, student, term, other_school):
    foreign = TermFactory(school=other_school)
    client.force_login(student)
    assert client.get(URL, {"term": foreign.pk}).status_code == 404


def test_another_schools_meetings_are_not_listed(client, outsider, term):
    _meeting(term, datetime.date(2026, 9, 9), 1)
    client.force_login(outsider)
    response = client.get(URL, **EN)
    assert response.status_code == 200
    assert "Minutes № 1" not in response.text
    assert "no parliament for this school year" in response.text


def test_an_account_without_a_school_may_not_open_the_meetings(client, superuser, term):
    client.force_login(superuser)
    assert client.get(URL).status_code == 404  # an outsider to the school's own parliament


def test_an_anonymous_visitor_is_sent_to_sign_in(client, term):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_only_those_who_keep_the_minutes_see_the_button_to_write_them(client, adviser, teacher, term):
    client.force_login(adviser)
    assert reverse("parliament:meeting_create") in client.get(URL).text
    client.force_login(teacher)
    assert reverse("parliament:meeting_create") not in client.get(URL).text


@pytest.mark.parametrize("count", [3, 60])
def test_the_meeting_list_query_budget_is_flat(client, student, term, count, django_assert_max_num_queries):
    MinistryFactory(term=term).members.add(student.student)
    start = datetime.date(2026, 9, 1)
    for number in range(1, count + 1):
        _meeting(term, start + datetime.timedelta(days=number % 80), number, is_closed=number % 3 == 0)
    client.force_login(student)
    # session, user, staff record, student record (school_of; cached for the rest), terms, count,
    # meeting dates, quarters, closed minutes readable? (office, minister, ministry member), page of
    # meetings with their minutes, may write minutes? (office)
    with django_assert_max_num_queries(14):
        response = client.get(URL)
    assert len(response.context["rows"]) == min(count, 25)
