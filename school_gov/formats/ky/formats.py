# Kyrgyz: lower-case month and weekday names (school_gov.django_gaps), the month declined after the day:
# E is the month's possessive form ("сентябры"), F its plain form ("сентябрь"). Cyrillic letters are not
# format characters, so "жылдын" needs no escaping.
DATE_FORMAT = "Y-жылдын j-E"
DATETIME_FORMAT = "Y-жылдын j-E, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y-ж."
MONTH_DAY_FORMAT = "j-F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # дүйшөмбү
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d.%m.%Y",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3

# The app's own (school_gov.formats.pattern)
DAY_TIME_FORMAT = "j-F, H:i"
WEEKDAY_DATE_FORMAT = "Y-жылдын j-E, l"
WEEKDAY_DAY_FORMAT = "j-F, l"
WEEKDAY_DATETIME_FORMAT = "Y-жылдын j-E, l, H:i"
