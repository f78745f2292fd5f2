"""Deadlines of the regulations as pure functions of dates. Days are Asia/Bishkek calendar days."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

# MB-5.1: the work plan is agreed and approved no later than five days from the start of the period.
# MB-5.3: the year-end report reaches the deputy director within five days after the school year ends.
GRACE_DAYS = 5


def local_today(now: datetime.datetime | None = None) -> datetime.date:
    """Today's date in the school's time zone (Asia/Bishkek), whatever the UTC date is."""
    return timezone.localdate(now) if now is not None else timezone.localdate()


def start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in the school's time zone (Asia/Bishkek)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def due_after(start: datetime.date, days: int = GRACE_DAYS) -> datetime.date:
    """The last day on which something due `days` calendar days after `start` is still on time."""
    return start + datetime.timedelta(days=days)


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
