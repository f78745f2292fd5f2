"""Every page in Kyrgyz reads as Kyrgyz (issue 15, part 2): walked over the demo school — every site route
of the URLconf and the admin's lists and change pages, as each person who opens them — no page shows a
month or weekday name capitalised inside a date ("1 Сентябрь 2026"), a date typed the American way
(mm/dd/yyyy), or an English word from a list. The same walk in Russian looks for the English words.

A route the person may not open (403, 404) or that answers a file is passed by: what is scanned is what
people read."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import get_resolver

from tests.demo_routes import MODELS
from tests.demo_routes import demo_path as _path
from tests.demo_routes import walk as _walk

pytestmark = pytest.mark.django_db

PEOPLE = ["director", "deputy", "head", "teacher", "methodologist", "student", "president"]

KY_MONTHS = (
    "Январ", "Феврал", "Март", "Апрел", "Май", "Июн", "Июл", "Август", "Сентябр", "Октябр", "Ноябр", "Декабр"
)  # fmt: skip
KY_WEEKDAYS = ("Дүйшөмбү", "Шейшемби", "Шаршемби", "Бейшемби", "Ишемби", "Жекшемби")
# A capitalised month right after a day's number ("1 Сентябрь", "1-Сентябрь") or after "жылдын"; a weekday
# capitalised after a comma (dates put it last: "…, ишемби").
CAPITALISED_MONTH = re.compile(r"(?:\d\s*-?\s*|жылдын\s+)(?:" + "|".join(KY_MONTHS) + r")[а-яөүң]*")
CAPITALISED_WEEKDAY = re.compile(r",\s*(?:" + "|".join(KY_WEEKDAYS) + r")\b")
# A date in the nominative ("1-сентябры", "1-сентябрь", "…, 14:30") with a word right after it: Kyrgyz
# wants the date declined before "чейин", "тартып" or a verb, which the formats cannot do (see
# test_catalogues; this catches what a template puts next to a date).
KY_MONTH_FORMS = r"(?:январ|феврал|март|апрел|май|июн|июл|август|сентябр|октябр|ноябр|декабр)[ыиуь]?"
DATE_THEN_WORD = re.compile(
    r"\d-"
    + KY_MONTH_FORMS
    + r"(?:,\s*(?:\d{4}|\d\d:\d\d))?\s+(?!(?:деп|болчу|болгон|аралыгында|окуу)\b)[а-яөүң]+"
)
AMERICAN_DATE = re.compile(r"\b(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/\d{4}\b|\bmm/dd/yyyy\b", re.I)
ENGLISH = re.compile(
    r"\b(?:January|February|March|April|June|July|August|September|October|November|December|Monday|"
    r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|years?|months?|days? ago|None|True|False|"
    r"Please correct|selected|Page \d+ of|Previous|Next|Save|Delete|Search|Filter|overdue|draft|"
    r"submitted|approved|agreed|returned)\b"
)
# The language switcher names each language in itself: "English" is meant to be English.
NOT_TEXT = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


# Tags that end a run of text (a table's cell, a paragraph, a badge): a word in the next one is not in the
# date's sentence. Emphasis inside a sentence keeps it whole.
INLINE = re.compile(r"</?(?:strong|em|b|i|time|abbr)\b[^>]*>")
BOUNDARY = "\u00b6"


def _text(page: str) -> str:
    return html.unescape(NOT_TEXT.sub(" ", page))


def _runs(page: str) -> str:
    """The page's text with ¶ wherever a tag other than emphasis stood: sentences stay whole, cells apart."""
    return html.unescape(NOT_TEXT.sub(BOUNDARY, INLINE.sub(" ", page)))


def _routes():
    for name, route, _view in _walk(get_resolver().url_patterns):
        if name.startswith("admin:") or name in ("set_language", "logout", "healthz"):
            continue
        if "<" in route:
            segments = route.split("/")
            app = segments[0] if segments[0] in ("methodology", "parliament", "notifications") else ""
            segment = segments[1] if app else segments[0]
            if (app, segment) not in MODELS:
                continue  # a token or a code in the address, not a record (invitations, unsubscribe)
        yield name, route


ROUTES = list(_routes())
ADMIN_LISTS = [
    "/admin/",
    "/admin/methodology/workplan/",
    "/admin/methodology/yearendreport/",
    "/admin/methodology/association/",
    "/admin/methodology/lessonobservation/",
    "/admin/school_gov/staff/",
    "/admin/school_gov/student/",
    "/admin/school_gov/schoolyear/",
    "/admin/school_gov/holiday/",
    "/admin/parliament/term/",
]


def site_paths(demo) -> list[str]:
    """An address for every site route, with the demo school's record where the route names one."""
    paths = []
    for _name, route in ROUTES:
        try:
            paths.append(_path(route, demo) if "<" in route else "/" + route)
        except AssertionError:
            continue  # the demo has no such record
    return paths


def _pages(client, demo, people, extra=()):
    """(who, path, text) of every HTML page each person may open."""
    from django.contrib.auth import get_user_model

    users = {user.username: user for user in get_user_model().objects.filter(username__in=people)}
    paths = site_paths(demo) + list(extra)
    for who in people:
        client.force_login(users[who])
        for path in paths:
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            yield who, path, response.content.decode()


def _found(pattern, text):
    return sorted({match.group(0) for match in pattern.finditer(text)})


def kyrgyz_problems(page: str) -> list[str]:
    """What reads wrong on a Kyrgyz page: a capitalised month or weekday, an American date, an English
    word, a word right after an undeclined date."""
    text, runs = _text(page), _runs(page)
    problems = []
    for what, pattern, where in (
        ("capitalised month", CAPITALISED_MONTH, text),
        ("capitalised weekday", CAPITALISED_WEEKDAY, text),
        ("mm/dd/yyyy", AMERICAN_DATE, text),
        ("English", ENGLISH, text),
        ("word after an undeclined date", DATE_THEN_WORD, runs),
    ):
        if found := _found(pattern, where):
            problems.append(f"{what} {found[:5]}")
    return problems


def russian_problems(page: str) -> list[str]:
    """What reads wrong on a Russian page: an English word or an American date."""
    text = _text(page)
    return [f"{found[:5]}" for pattern in (ENGLISH, AMERICAN_DATE) if (found := _found(pattern, text))]


def test_every_page_in_kyrgyz_writes_dates_as_kyrgyz_does_and_has_no_english(client, demo_school):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ky"
    problems = [
        f"{who} {path}: {problem}"
        for who, path, page in _pages(client, demo_school, PEOPLE, ADMIN_LISTS)
        for problem in kyrgyz_problems(page)
    ]
    assert problems == []


def test_every_page_in_russian_has_no_english(client, demo_school):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    problems = [
        f"{who} {path}: {problem}"
        for who, path, page in _pages(client, demo_school, PEOPLE, ADMIN_LISTS)
        for problem in russian_problems(page)
    ]
    assert problems == []


@pytest.mark.parametrize(("language", "count"), [("ky", "жазуу"), ("ru", "запис")])
def test_the_admins_count_of_rows_is_declined_after_its_number(client, demo_school, language, count):
    """Kyrgyz keeps the singular after a number ("6 жазуу", not "6 иш пландары"); Russian declines it."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(get_user_model().objects.get(username="deputy"))
    page = client.get("/admin/methodology/association/").content.decode()
    paginator = re.search(r'<p class="paginator">(.*?)</p>', page, re.S).group(1)
    assert re.search(rf"\d+ {count}", paginator), paginator
    assert "бирикмелер" not in paginator and "объединения" not in paginator


def test_every_page_has_the_apps_icon(client, demo_school):
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")
    for path in ("/accounts/login/", "/admin/login/"):
        assert 'rel="icon"' in client.get(path).content.decode(), path
