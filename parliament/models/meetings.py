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


def weeks_without_meeting(
    quarters: list[Quarter], meeting_dates: list[datetime.date], today: datetime.date
) -> list[datetime.date]:
    """SP-4.2: the Mondays of school weeks (inside quarters, up to today) that had no meeting.

    A week counts when any of its days falls in a quarter; holidays between quarters do not. The running
    week (up to and including its Sunday) is not flagged yet.
    """
    met = {day - datetime.timedelta(days=day.weekday()) for day in meeting_dates}
    missing = []
    for quarter in sorted(quarters, key=lambda q: q.start_date):
        monday = quarter.start_date - datetime.timedelta(days=quarter.start_date.weekday())
        last = min(quarter.end_date, today)
        while monday <= last:
            if monday not in met and monday + datetime.timedelta(days=6) < today and monday not in missing:
                missing.append(monday)
            monday += datetime.timedelta(days=7)
    return missing
