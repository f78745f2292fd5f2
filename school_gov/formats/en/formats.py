# English as a school in Kyrgyzstan reads it: day, month, year; a 24-hour clock; dd.mm.yyyy typed.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d.%m.%Y",
]

DAY_TIME_FORMAT = "j F, H:i"
WEEKDAY_DATE_FORMAT = "l, j F Y"
WEEKDAY_DAY_FORMAT = "l, j F"
WEEKDAY_DATETIME_FORMAT = "l, j F Y, H:i"
