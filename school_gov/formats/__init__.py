"""Dates as each language writes them (FORMAT_MODULE_PATH): one set of formats read by the templates, the
forms, the admin, the PDFs and the e-mails.

Kyrgyz writes month and weekday names in lower case and declines the month after the day: "2026-жылдын
1-сентябры" (the date), "1-сентябрь" (a day of a month), "2026-жылдын сентябры" (a month). Russian:
"1 сентября 2026 г."; English: "1 September 2026". Django's own Kyrgyz month names are capitalised and
undeclined; `school_gov.django_gaps` lists the corrections our catalogue makes.

Besides Django's named formats, each module has a few of the app's own (DAY_TIME_FORMAT,
WEEKDAY_DATE_FORMAT, …), read through `pattern()`; `dated(value, style)` formats with either.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.formats import date_format, get_format, get_format_modules
from django.utils.translation import ngettext

# A style's name → the format's name in the modules.
STYLES = {
    "date": "DATE_FORMAT",
    "datetime": "DATETIME_FORMAT",
    "day": "MONTH_DAY_FORMAT",
    "month": "YEAR_MONTH_FORMAT",
    "short": "SHORT_DATE_FORMAT",
    "time": "TIME_FORMAT",
    "daytime": "DAY_TIME_FORMAT",
    "weekday": "WEEKDAY_DATE_FORMAT",
    "weekday_day": "WEEKDAY_DAY_FORMAT",
    "weekday_datetime": "WEEKDAY_DATETIME_FORMAT",
}
DJANGOS = {"DATE_FORMAT", "DATETIME_FORMAT", "MONTH_DAY_FORMAT", "YEAR_MONTH_FORMAT", "SHORT_DATE_FORMAT"}


def pattern(style: str) -> str:
    """The active language's format for `style` (one of STYLES)."""
    name = STYLES[style]
    if name in DJANGOS or name == "TIME_FORMAT":
        return str(get_format(name))
    for module in get_format_modules():
        if hasattr(module, name):
            return str(getattr(module, name))
    raise LookupError(f"No {name} for the active language.")


def dated(value: datetime.date | datetime.datetime | None, style: str = "date") -> str:
    """`value` as the active language writes it; a moment in Asia/Bishkek time; "" for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, pattern(style))


def duration(months: int) -> str:
    """A length of service in years and months, as each language counts them: "4 жыл 11 ай", "4 года 11
    месяцев", "4 years 11 months"; "1 year" with no months; "0 months" for none."""
    years, months = divmod(max(0, months), 12)
    parts = []
    if years:
        parts.append(ngettext("%(count)s year", "%(count)s years", years) % {"count": years})
    if months or not years:
        parts.append(ngettext("%(count)s month", "%(count)s months", months) % {"count": months})
    return " ".join(parts)
