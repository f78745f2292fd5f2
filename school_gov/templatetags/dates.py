"""Dates as people read them, in their language (school_gov.formats): `{{ day|dated }}` (the date),
`|dated:"day"`, `|dated:"datetime"`, `|dated:"weekday"`…; and due dates, where a deadline that falls on a
Saturday or a Sunday says so (MB-5.1 and MB-5.3 count calendar days, so such a deadline is real, and easy
to miss)."""

from __future__ import annotations

import datetime

from django import template
from django.utils.formats import date_format

from school_gov.formats import dated as _dated

register = template.Library()


@register.filter
def dated(value: datetime.date | datetime.datetime | None, style: str = "date") -> str:
    return _dated(value, style)


@register.filter
def due_date(value: datetime.date | None, style: str = "date") -> str:
    """ "7 June 2026" on a weekday; "6 June 2026, Saturday" on a weekend day."""
    if not value:
        return ""
    shown = _dated(value, style)
    if value.weekday() >= 5:
        return f"{shown}, {date_format(value, 'l')}"
    return shown
