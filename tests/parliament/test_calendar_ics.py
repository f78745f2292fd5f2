"""The public iCal feed of a school's events (RFC 5545, written by the icalendar package): one VEVENT
per event, times in UTC, text escaped, lines folded at 75 octets, no student names."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import EventFactory, MinistryFactory

URL = reverse("parliament:calendar_ics")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """`hour`:`minute` in Bishkek, `days` from today (the feed holds the past year and the future)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("Asia/Bishkek"))


def _unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def _properties(body: str) -> list[dict[str, str]]:
    """Each VEVENT's properties, unfolded."""
    events, current = [], None
    for line in _unfold(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events


def test_the_feed_is_text_calendar_with_one_vevent_per_event(client, school):
    EventFactory(school=school, title="Олимпиада", starts_at=_at(10, 9))
    EventFactory(school=school, title="Жаңы жылдык кече", starts_at=_at(27, 15))
    response = client.get(URL, {"school": school.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert [e["SUMMARY"] for e in _properties(body)] == ["Олимпиада", "Жаңы жылдык кече"]


def test_times_are_in_utc_and_an_event_without_an_end_lasts_an_hour(client, school, settings):
    settings.SITE_URL = "https://mektep.example.kg"  # UIDs name the configured site, not the Host header
    event = EventFactory(
        school=school,
        starts_at=_at(10, 9, 30),
        ends_at=_at(10, 12),
        place="Акт залы",
    )
    EventFactory(school=school, starts_at=_at(11, 14))
    first, second = _properties(client.get(URL).content.decode())
    assert first["UID"] == f"parliament-event-{event.pk}@mektep.example.kg"
    day = f"{event.starts_at:%Y%m%d}"
    assert first["DTSTART"] == f"{day}T033000Z"  # 09:30 in Bishkek, UTC+6
    assert first["DTEND"] == f"{day}T060000Z"
    assert first["LOCATION"] == "Акт залы"
    assert first["DTSTAMP"].endswith("Z")
    day = f"{event.starts_at + datetime.timedelta(days=1):%Y%m%d}"
    assert second["DTSTART"] == f"{day}T080000Z"
    assert second["DTEND"] == f"{day}T090000Z"


def test_the_description_gives_the_kind_ministry_and_audience_as_the_public_calendar_does(
    client, school, term
):
    """The feed is public: like the public calendar it leaves out the event's text and results, which
    may name students (an olympiad's winners); members read them on the event's page (URL)."""
    ministry = MinistryFactory(term=term, name="Билим берүү министрлиги")
    EventFactory(
        school=school,
        kind="olympiad",
        olympiad_stage="district",
        starts_at=_at(40, 9),
        ministry=ministry,
        audience_from_grade=8,
        audience_to_grade=11,
        description="Даярдаган: Асанова Айгерим",
        results="1-орун: Асанова Айгерим, 10-А",
    )
    feed = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    (event,) = _properties(feed)
    assert event["DESCRIPTION"] == (
        "subject olympiad\\, district stage\\nOrganised by: Билим берүү министрлиги\\nFor grades 8–11"
    )
    assert "Асанова" not in feed


def test_the_feed_never_names_students(client, school, term, president, student):
    ministry = MinistryFactory(term=term, minister=president.student)
    event = EventFactory(school=school, starts_at=_at(40, 9), ministry=ministry)
    event.organisers.add(student.student)
    event.participants.add(president.student)
    body = client.get(URL).content.decode()
    for record in (president.student, student.student):
        assert record.surname not in body
        assert record.name not in body


def test_long_lines_are_folded_at_75_octets_without_splitting_a_letter(client, school):
    title = "Кыргыз тили жана адабияты боюнча мектептик олимпиаданын жыйынтыктары жана сыйлоо аземи"
    EventFactory(school=school, title=title, starts_at=_at(20, 10), place="ң" * 200)
    body = client.get(URL).content
    for line in body.split(b"\r\n"):
        assert len(line) <= 75
        line.decode()  # each physical line is whole UTF-8
    (event,) = _properties(body.decode())
    assert event["SUMMARY"] == title
    assert event["LOCATION"] == "ң" * 200


def test_the_feed_holds_the_past_year_and_all_upcoming_events(client, school):
    now = timezone.now()
    EventFactory(school=school, title="Эски", starts_at=now - datetime.timedelta(days=400))
    EventFactory(school=school, title="Былтыркы", starts_at=now - datetime.timedelta(days=300))
    EventFactory(school=school, title="Келечектеги", starts_at=now + datetime.timedelta(days=300))
    summaries = [e["SUMMARY"] for e in _properties(client.get(URL).content.decode())]
    assert summaries == ["Былтыркы", "Келечектеги"]


def test_the_feed_is_of_the_school_asked_for(client, school, other_school):
    EventFactory(school=school, title="Биздики", starts_at=_at(20, 10))
    EventFactory(school=other_school, title="Башкаларыныкы", starts_at=_at(20, 10))
    body = client.get(URL, {"school": other_school.pk}).content.decode()
    assert [e["SUMMARY"] for e in _properties(body)] == ["Башкаларыныкы"]


def test_without_a_school_among_several_the_feed_is_not_found(client, school, other_school):
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"school": "nope"}).status_code == 404


def test_a_signed_in_person_gets_their_own_schools_feed(client, school, other_school, student):
    EventFactory(school=school, title="Биздики", starts_at=_at(20, 10))
    client.force_login(student)
    body = client.get(URL).content.decode()
    assert [e["SUMMARY"] for e in _properties(body)] == ["Биздики"]


@pytest.mark.parametrize("count", [5, 100])
def test_the_feed_query_budget_is_flat(client, school, term, count, django_assert_max_num_queries):
    ministry = MinistryFactory(term=term)
    for n in range(count):
        EventFactory(school=school, starts_at=_at(1, 9) + datetime.timedelta(days=n), ministry=ministry)
    # the school, the events with their ministries
    with django_assert_max_num_queries(2):
        response = client.get(URL, {"school": school.pk})
    assert response.content.decode().count("BEGIN:VEVENT") == count
