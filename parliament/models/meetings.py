from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from parliament.models.terms import Term
from school_gov.models import Minutes, Quarter, Student


class Meeting(models.Model):
    """A parliament meeting, open or closed, with its minutes (SP-4.2: at least once a week).

    The minutes are the core's shared `Minutes` (the associations' meetings use the same model).
    Minutes of a closed meeting are for the parliament's members and the adviser only.
    """

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="meetings")
    minutes = models.OneToOneField(
        Minutes, verbose_name=_("minutes"), on_delete=models.PROTECT, related_name="parliament_meeting"
    )
    is_closed = models.BooleanField(_("closed meeting"), default=False)
    attendees = models.ManyToManyField(Student, verbose_name=_("present"), related_name="+", blank=True)

    class Meta:
        verbose_name = _("parliament meeting")
        verbose_name_plural = _("parliament meetings")
        ordering = ["-minutes__held_on"]

    def __str__(self) -> str:
        return str(self.minutes)

    @property
    def held_on(self) -> datetime.date:
        return self.minutes.held_on


def school_weeks(quarters: list[Quarter], until: datetime.date) -> list[datetime.date]:
    """The Mondays of the school weeks up to `until`, in order: the weeks with a weekday (Monday to
    Friday) inside a quarter. Holidays between quarters are not school weeks, nor a weekend that merely
    opens or closes a quarter."""
    mondays: set[datetime.date] = set()
    for quarter in quarters:
        start = quarter.start_date
        monday = start - datetime.timedelta(days=start.weekday())
        if start.weekday() > 4:  # the quarter opens on a weekend: its first school week is the next
            monday += datetime.timedelta(days=7)
        while monday <= min(quarter.end_date, until):
            mondays.add(monday)
            monday += datetime.timedelta(days=7)
    return sorted(mondays)


def weeks_without_meeting(
    quarters: list[Quarter], meeting_dates: list[datetime.date], today: datetime.date
) -> list[datetime.date]:
    """SP-4.2: the Mondays of school weeks (inside quarters, up to today) that had no meeting.

    The running week (up to and including its Sunday) is not flagged yet.
    """
    met = {day - datetime.timedelta(days=day.weekday()) for day in meeting_dates}
    return [
        monday
        for monday in school_weeks(quarters, today)
        if monday not in met and monday + datetime.timedelta(days=6) < today
    ]
