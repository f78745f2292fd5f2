"""Calendar feeds (RFC 5545) written by the `icalendar` package: the parliament's public feed of events
and each person's own feed (notifications.calendar). Escaping, folding at 75 octets and the time zone's
VTIMEZONE are the library's."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from school_gov.text import one_line

DEFAULT_LENGTH = datetime.timedelta(hours=1)


def new_calendar(name: str, product: str = "governance records") -> Calendar:
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//school-gov//{product}//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # An extension property, which the library writes as it is: a line break in a school's name would
    # start a property of its own.
    calendar.add("x-wr-calname", one_line(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def add_event(
    calendar: Calendar,
    uid: str,
    summary: str,
    start: datetime.date | datetime.datetime,
    end: datetime.date | datetime.datetime | None = None,
    *,
    url: str = "",
    description: str = "",
    location: str = "",
    category: str = "",
    in_utc: bool = False,
) -> None:
    """One VEVENT. A datetime is written in Asia/Bishkek (or in UTC, `in_utc`), an event without an end
    lasting an hour; a date is a whole day (DTEND the day after the last, RFC 5545)."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("summary", summary)
    if isinstance(start, datetime.datetime):
        zone = datetime.UTC if in_utc else ZoneInfo(settings.TIME_ZONE)
        finish = end if isinstance(end, datetime.datetime) else start + DEFAULT_LENGTH
        event.add("dtstart", start.astimezone(zone))
        event.add("dtend", finish.astimezone(zone))
    else:
        last = end if isinstance(end, datetime.date) and not isinstance(end, datetime.datetime) else start
        event.add("dtstart", start)
        event.add("dtend", last + datetime.timedelta(days=1))
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if category:
        event.add("categories", [category])
    if url:
        event.add("url", url)
    calendar.add_component(event)


def to_bytes(calendar: Calendar, *, timezones: bool = True) -> bytes:
    """The feed's text; with `timezones`, the VTIMEZONE of every zone its times name."""
    if timezones:
        calendar.add_missing_timezones()
    return calendar.to_ical()
