"""Due dates as people read them: a deadline that falls on a Saturday or a Sunday says so (MB-5.1 and
MB-5.3 count calendar days, so such a deadline is real, and easy to miss)."""

from __future__ import annotations

import datetime

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter
def due_date(value: datetime.date | None, fmt: str = "j E Y") -> str:
    """ "7 June 2026" on a weekday; "6 June 2026, Saturday" on a weekend day."""
    if not value:
        return ""
    shown = date_format(value, fmt)
    if value.weekday() >= 5:
        return f"{shown}, {date_format(value, 'l')}"
    return shown
