"""Deadlines of the regulations as pure functions of dates. Days are Asia/Bishkek calendar days."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.dispatch import Signal
from django.utils import timezone

if TYPE_CHECKING:
    from school_gov.models import School

# MB-5.1: the work plan is agreed and approved no later than five days from the start of the period.
# MB-5.3: the year-end report reaches the deputy director within five days after the school year ends.
GRACE_DAYS = 5


def local_today(now: datetime.datetime | None = None) -> datetime.date:
    """Today's date in the school's time zone (Asia/Bishkek), whatever the UTC date is."""
    return timezone.localdate(now) if now is not None else timezone.localdate()


def start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in the school's time zone (Asia/Bishkek)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Calendar:
    """How a school counts its deadlines: in calendar days, as the regulations do (MB-5.1, MB-5.3: the
    default), or with a deadline that falls on a Saturday, a Sunday or one of the school's public holidays
    moved to the next working day (the school's setting `deadlines_on_working_days`)."""

    working_days: bool = False
    holidays: frozenset[datetime.date] = field(default_factory=frozenset)

    def is_day_off(self, day: datetime.date) -> bool:
        return day.weekday() >= 5 or day in self.holidays

    def due_after(self, start: datetime.date, days: int = GRACE_DAYS) -> datetime.date:
        """The last day on which something due `days` days after `start` is still on time."""
        due = start + datetime.timedelta(days=days)
        while self.working_days and self.is_day_off(due):
            due += datetime.timedelta(days=1)
        return due


CALENDAR_DAYS = Calendar()

# Sent, inside the writing transaction, when a school's way of counting deadlines changed (its setting, or
# a holiday added, moved or removed): the apps that store due dates move those not yet passed.
calendar_changed = Signal()  # sender: School; kwargs: today


def due_after(start: datetime.date, days: int = GRACE_DAYS) -> datetime.date:
    """The due date in calendar days, as the regulations count (a school's own: `School.calendar`)."""
    return CALENDAR_DAYS.due_after(start, days)


def national_holidays(years: Iterable[int]) -> list[tuple[datetime.date, str]]:
    """The public holidays of the Kyrgyz Republic in the calendar `years`, named in Kyrgyz (the `holidays`
    package: the lunar holidays, Orozo ait and Kurman ait, are its estimate until decreed)."""
    import holidays

    found = holidays.country_holidays("KG", years=sorted(set(years)), language="ky")
    return [(day, str(name)[:200]) for day, name in sorted(found.items())]


def share_calendars(schools: Iterable[School]) -> None:
    """Give each school instance its calendar (`School.calendar`) at once: no query when none moves its
    deadlines to working days, one for all their holidays otherwise — a list across schools asks once."""
    from school_gov.models import Holiday

    schools = [school for school in schools if "calendar" not in school.__dict__]
    moving = {school.pk for school in schools if school.deadlines_on_working_days}
    days: dict[int, set[datetime.date]] = {pk: set() for pk in moving}
    if moving:
        for school_id, day in Holiday.objects.filter(school_id__in=moving).values_list("school_id", "date"):
            days[school_id].add(day)
    for school in schools:
        if school.pk in moving:
            school.__dict__["calendar"] = Calendar(working_days=True, holidays=frozenset(days[school.pk]))


@dataclass(frozen=True)
class DeadlineState:
    """Where a record stands against its due date."""

    due: datetime.date
    done_on: datetime.date | None
    today: datetime.date

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def days_left(self) -> int:
        """Days until the due date (0 on the day itself); negative once past it."""
        return (self.due - self.today).days

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.today > self.due

    @property
    def days_late(self) -> int:
        """How late it was done (0 when on time), or how late it is now if still open."""
        end = self.done_on if self.done_on is not None else self.today
        return max(0, (end - self.due).days)

    @property
    def done_late(self) -> bool:
        return self.is_done and self.days_late > 0


def deadline_state(
    due: datetime.date, done_on: datetime.date | None, today: datetime.date | None = None
) -> DeadlineState:
    return DeadlineState(due=due, done_on=done_on, today=today or local_today())


def describe(state: DeadlineState, *, done: str = "approved") -> tuple[str, str]:
    """(tone, text) for showing a deadline: "3 days left", "overdue by 2 days", "approved late by 1 day".

    `done` names what meeting the deadline means: "approved" (work plans, MB-5.1) or "submitted"
    (year-end reports, MB-5.3). The tone is a Bootstrap colour name.
    """
    from django.utils.translation import gettext, ngettext

    if state.is_done:
        if not state.done_late:
            text = gettext("approved on time") if done == "approved" else gettext("submitted on time")
            return "success", text
        if done == "approved":
            text = ngettext("approved late by %(n)s day", "approved late by %(n)s days", state.days_late)
        else:
            text = ngettext("submitted late by %(n)s day", "submitted late by %(n)s days", state.days_late)
        return "warning", text % {"n": state.days_late}
    if state.is_overdue:
        text = ngettext("overdue by %(n)s day", "overdue by %(n)s days", state.days_late)
        return "danger", text % {"n": state.days_late}
    if state.days_left == 0:
        return "warning", gettext("due today")
    text = ngettext("%(n)s day left", "%(n)s days left", state.days_left)
    return "secondary", text % {"n": state.days_left}
