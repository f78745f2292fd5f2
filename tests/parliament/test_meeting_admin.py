"""Meetings in the admin: read-only, school-scoped; closed minutes only for the members and the adviser."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from school_gov.models import MinutesItem
from tests.factories import MeetingFactory, TermFactory

CHANGELIST = reverse("admin:parliament_meeting_changelist")
SECRET = "Жабык отурумдун токтому"


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _meeting(term, *, is_closed: bool, number: int = 1):
    meeting = MeetingFactory(
        term=term,
        is_closed=is_closed,
        minutes__number=number,
        minutes__held_on=datetime.date(2026, 10, 7),
        minutes__chair="Асанова Айпери",
    )
    MinutesItem.objects.create(minutes=meeting.minutes, heard="Кезмет", resolved=SECRET)
    return meeting


def _change(meeting) -> str:
    return reverse("admin:parliament_meeting_change", args=[meeting.pk])


def test_the_director_sees_the_schools_meetings_only(client, director, term, other_school):
    ours = _meeting(term, is_closed=False)
    _meeting(TermFactory(school=other_school), is_closed=False, number=2)
    client.force_login(director)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [ours]


def test_an_open_meetings_minutes_and_items_are_shown_read_only(client, director, term):
    meeting = _meeting(term, is_closed=False)
    client.force_login(director)
    response = client.get(_change(meeting))
    assert response.status_code == 200
    assert "Асанова Айпери" in response.text
    assert SECRET in response.text
    assert 'name="_save"' not in response.text


@pytest.mark.parametrize("who", ["director", "deputy", "superuser"])
def test_a_closed_meetings_minutes_stay_hidden_in_the_admin(request, client, term, who):
    meeting = _meeting(term, is_closed=True)
    client.force_login(request.getfixturevalue(who))
    response = client.get(_change(meeting))
    assert response.status_code == 200
    assert "A closed meeting: its minutes are read only" in response.text
    assert SECRET not in response.text
    assert "Асанова Айпери" not in response.text


def test_a_deputy_who_advises_the_parliament_reads_closed_minutes_in_the_admin(client, deputy, term):
    term.adviser = deputy.staff
    term.save()
    meeting = _meeting(term, is_closed=True)
    client.force_login(deputy)
    assert SECRET in client.get(_change(meeting)).text


def test_meetings_are_neither_added_nor_deleted_in_the_admin(client, superuser, term):
    meeting = _meeting(term, is_closed=False)
    client.force_login(superuser)
    assert client.get(reverse("admin:parliament_meeting_add")).status_code == 403
    assert client.get(reverse("admin:parliament_meeting_delete", args=[meeting.pk])).status_code == 403


def test_a_meeting_of_another_school_is_not_shown_to_the_director(client, outsider, term):
    meeting = _meeting(term, is_closed=False)
    client.force_login(outsider)
    response = client.get(_change(meeting))
    assert response.status_code == 302  # the admin's "does not exist" answer: back to the index
