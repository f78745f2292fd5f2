"""A meeting's minutes (SP-4.2): open ones for the school, closed ones for the members and the adviser."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from school_gov.models import MinutesItem
from tests.factories import MeetingFactory, MinistryFactory, OfficeFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SECRET = "Токтом: кезметтеги тартип бузуулар каралсын"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _meeting(term, *, is_closed: bool, items: int = 1):
    meeting = MeetingFactory(
        term=term,
        is_closed=is_closed,
        minutes__number=4,
        minutes__held_on=datetime.date(2026, 9, 30),
        minutes__chair="Асанова Айпери",
        minutes__secretary="Бакиев Нурлан",
        minutes__agenda="1. Кезмет.",
    )
    for position in range(1, items + 1):
        MinutesItem.objects.create(
            minutes=meeting.minutes, position=position, heard=f"Угулду {position}", resolved=SECRET
        )
    return meeting


def _url(meeting) -> str:
    return reverse("parliament:meeting_detail", args=[meeting.pk])


def test_any_member_of_the_school_reads_an_open_meetings_minutes(client, pupil, term):
    meeting = _meeting(term, is_closed=False)
    client.force_login(pupil)
    response = client.get(_url(meeting), **EN)
    assert response.status_code == 200
    assert "Асанова Айпери" in response.text
    assert "Угулду 1" in response.text
    assert SECRET in response.text


def test_the_minutes_show_each_item_heard_spoke_resolved_in_order(client, teacher, term):
    meeting = _meeting(term, is_closed=False, items=3)
    client.force_login(teacher)
    response = client.get(_url(meeting), **EN)
    assert [item.heard for item in response.context["items"]] == ["Угулду 1", "Угулду 2", "Угулду 3"]
    assert "Heard" in response.text
    assert "Resolved" in response.text


def _office_holder(term, user, kind="president"):
    OfficeFactory(
        term=term,
        kind=kind,
        student=user.student,
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    return user


@pytest.fixture
def ministry_member(student, term):
    MinistryFactory(term=term).members.add(student.student)
    return student


@pytest.fixture
def minister(school, term):
    from tests.factories import StudentFactory, UserFactory

    user = UserFactory(username="minister")
    StudentFactory(school=school, user=user, grade=10)
    MinistryFactory(term=term, minister=user.student)
    return user


@pytest.mark.parametrize("who", ["adviser", "president", "ministry_member", "minister"])
def test_the_parliaments_members_and_the_adviser_read_a_closed_meetings_minutes(request, client, term, who):
    user = request.getfixturevalue(who)
    if who == "president":
        _office_holder(term, user)
    meeting = _meeting(term, is_closed=True)
    client.force_login(user)
    response = client.get(_url(meeting), **EN)
    assert response.status_code == 200
    assert SECRET in response.text


@pytest.mark.parametrize("who", ["director", "deputy", "teacher", "social_pedagogue", "student", "pupil"])
def test_everyone_else_at_the_school_learns_only_that_a_closed_meeting_took_place(request, client, term, who):
    meeting = _meeting(term, is_closed=True)
    client.force_login(request.getfixturevalue(who))
    response = client.get(_url(meeting), **EN)
    assert response.status_code == 403
    assert "Minutes № 4" in response.text
    assert "its minutes are read only by the parliament's members and its adviser" in response.text
    assert SECRET not in response.text
    assert "Асанова Айпери" not in response.text


def test_a_former_office_holder_no_longer_reads_closed_minutes(client, president, term):
    today = timezone.localdate()
    OfficeFactory(
        term=term,
        student=president.student,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today - datetime.timedelta(days=1),
    )
    client.force_login(president)
    assert client.get(_url(_meeting(term, is_closed=True))).status_code == 403


def test_a_meeting_of_another_school_is_not_found(client, outsider, term):
    client.force_login(outsider)
    assert client.get(_url(_meeting(term, is_closed=False))).status_code == 404


def test_the_superuser_is_not_shown_the_minutes_on_the_site(client, superuser, term):
    client.force_login(superuser)
    assert client.get(_url(_meeting(term, is_closed=True))).status_code == 404


def test_an_unknown_meeting_is_not_found(client, student, term):
    client.force_login(student)
    assert client.get(reverse("parliament:meeting_detail", args=[999])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, term):
    response = client.get(_url(_meeting(term, is_closed=False)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("items", [1, 40])
def test_the_minutes_page_query_budget_is_flat(client, adviser, term, items, django_assert_max_num_queries):
    meeting = _meeting(term, is_closed=True, items=items)
    client.force_login(adviser)
    # session, user, staff record, meeting with its minutes and term, items, attendees, the
    # navigation's roles
    with django_assert_max_num_queries(8):
        assert client.get(_url(meeting)).status_code == 200
