"""The printed forms' finish (issue 15, part 4): Kyrgyz words are never broken or hyphenated, the page is
numbered "бет N / M" in the footer and carries the school's name in its header, and the downloaded file is
named in the reader's language.

The PDFs are read back with poppler's `pdftotext -layout`, page by page, as a reader would see them.
"""

from __future__ import annotations

import datetime
import re
import subprocess
from urllib.parse import unquote

import pytest
from django.urls import reverse

from methodology.models import Course, SelfEducation
from school_gov.models import QualificationCategory
from tests import steps
from tests.factories import LessonObservationFactory, PlanItemFactory, YearEndReportFactory

pytestmark = pytest.mark.django_db

KY = {"HTTP_ACCEPT_LANGUAGE": "ky"}
RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

# The words of the members' table that used to be split letter by letter in its narrow columns.
LONG_WORDS = [
    "Өмүрбекова",
    "Айгүлкан",
    "Төлөгөновна",
    "Информатика",
    "математика",
    "Программалоонун",
    "негиздерин",
    "өркүндөтүү",
]


# A4 in PostScript points, and the PDF's top and bottom page margins (_print.css: 15mm and 18mm).
A4_WIDTH, A4_HEIGHT = 595, 842
TOP_MARGIN, BOTTOM_MARGIN = 42, 51


def _pdftotext(path, *crop: str) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", *crop, str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _save(tmp_path, response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "form.pdf"
    path.write_bytes(response.content)
    return path


def _pdf_pages(tmp_path, response) -> list[str]:
    """The PDF's text laid out as on paper, one string per page."""
    return _pdftotext(_save(tmp_path, response))


def _margins(tmp_path, response) -> list[tuple[str, str]]:
    """What each page prints in its top margin and in its bottom margin, whitespace collapsed."""
    path = _save(tmp_path, response)
    width = ["-x", "0", "-W", str(A4_WIDTH)]
    tops = _pdftotext(path, *width, "-y", "0", "-H", str(TOP_MARGIN))
    bottom = ["-y", str(A4_HEIGHT - BOTTOM_MARGIN), "-H", str(BOTTOM_MARGIN)]
    bottoms = _pdftotext(path, *width, *bottom)
    assert len(tops) == len(bottoms) == len(_pdftotext(path))
    return [(" ".join(top.split()), " ".join(low.split())) for top, low in zip(tops, bottoms, strict=True)]


def _words(page: str) -> set[str]:
    return set(re.findall(r"[\w-]+", page))


@pytest.fixture
def long_named_member(teacher, school_year, head):
    """A member whose name, subjects, course and self-education are long Kyrgyz words."""
    staff = teacher.staff
    staff.surname, staff.name, staff.patronymic = "Өмүрбекова", "Айгүлкан", "Төлөгөновна"
    staff.subjects = "Информатика жана математика"
    staff.qualification_category = QualificationCategory.HIGHEST
    staff.category_given_on = datetime.date(2024, 6, 1)
    staff.save()
    Course.objects.create(
        staff=staff,
        topic="Программалоонун негиздерин окутуу",
        provider="Кыргыз билим берүү академиясы",
        hours=72,
        started_on=datetime.date(2026, 10, 1),
        ended_on=datetime.date(2026, 10, 20),
        recorded_by=head.staff,
    )
    SelfEducation.objects.create(
        staff=staff,
        school_year=school_year,
        topic="Санариптик сабактарды өркүндөтүү",
        changed_by=head.staff,
    )
    return staff


@pytest.fixture
def report(association, school_year, head, plan, deputy, director, long_named_member):
    """A year-end report over an approved plan, so that both figure tables are printed."""
    PlanItemFactory(plan=plan, section="meetings")
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    steps.approve(plan, director)
    return YearEndReportFactory(
        association=association,
        school_year=school_year,
        created_by=head.staff,
        aims_met="Максаттар негизинен аткарылды.",
    )


@pytest.fixture
def observation(association, head, teacher):
    return LessonObservationFactory(
        association=association, teacher=teacher.staff, observer=head.staff, topic="Бөлчөктөрдү кошуу"
    )


@pytest.fixture
def meeting(association, school, school_year, head, teacher):
    from methodology.actions import meetings
    from school_gov.models import Minutes

    return meetings.record_meeting(
        association,
        school_year=school_year,
        minutes=Minutes(school=school, number=3, held_on=school_year.start_date, agenda="Пландар"),
        items=[{"heard": "Жылдык планды бекитүү жөнүндө.", "resolved": "Планды жактыруу."}],
        attendees=[head.staff, teacher.staff],
        by=steps.act(head),
    )


def _url(kind: str, record) -> str:
    return reverse(f"methodology:{kind}_pdf", args=[record.pk])


# No word broken


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        # The members' and the sections' column headings: the longest words of the narrow columns.
        (KY, ["Предметтери", "Категориясы", "Аттестация", "жарым-жартылай", "белгиленген", "бардыгы"]),
        # Russian has the longest: the table must still fit the page and not cut the last column off.
        (RU, ["Самообразование", "образовании", "профессиональное", "выполненного"]),
    ],
    ids=["ky", "ru"],
)
def test_the_members_table_keeps_long_kyrgyz_words_whole(tmp_path, client, head, report, language, headings):
    client.force_login(head)
    pages = _pdf_pages(tmp_path, client.get(_url("report", report), **language))
    words = set().union(*map(_words, pages))
    for word in LONG_WORDS + headings:
        assert word in words, f"{word!r} is broken, hyphenated or cut off in the PDF"


def test_a_long_plan_keeps_its_words_and_rows_whole_and_its_heading_on_every_page(
    tmp_path, client, plan, head, long_named_member
):
    plan.items.all().delete()
    for number in range(30):
        activity = f"Өркүндөтүлгөн программалоонун сабагы {number}\nТалкуулоо\nЖыйынтыгы {number}"
        PlanItemFactory(plan=plan, activity=activity).responsible.set([long_named_member])
    client.force_login(head)
    pages = _pdf_pages(tmp_path, client.get(_url("plan", plan), **KY))
    assert len(pages) > 1
    for page in pages:
        words = _words(page)
        assert {"Өмүрбекова", "Өркүндөтүлгөн", "программалоонун"} <= words
        assert "Жооптуулар" in words  # the table's header row, repeated on the page
    for number in range(30):  # a row is never split between two pages
        (page,) = [page for page in pages if re.search(rf"сабагы {number}\b", page)]
        assert re.search(rf"Жыйынтыгы {number}\b", page)


# The page's header and footer


@pytest.mark.parametrize("kind", ["plan", "report", "observation", "meeting"])
def test_every_form_is_numbered_in_kyrgyz_with_the_schools_name_above(
    tmp_path, client, head, school, plan, report, observation, meeting, kind
):
    record = {"plan": plan, "report": report, "observation": observation, "meeting": meeting}[kind]
    client.force_login(head)
    margins = _margins(tmp_path, client.get(_url(kind, record), **KY))
    pages = len(margins)
    assert margins == [(school.name, f"бет {number} / {pages}") for number in range(1, pages + 1)]


def test_a_long_plan_has_the_school_and_the_page_number_on_every_page(
    tmp_path, client, plan, head, teacher, school
):
    plan.items.all().delete()
    for number in range(60):
        PlanItemFactory(plan=plan, activity=f"Иш-чара {number}").responsible.set([teacher.staff])
    client.force_login(head)
    margins = _margins(tmp_path, client.get(_url("plan", plan), **KY))
    pages = len(margins)
    assert pages > 1
    assert margins == [(school.name, f"бет {number} / {pages}") for number in range(1, pages + 1)]


def test_the_header_is_the_records_school_and_the_footer_the_readers_language(
    tmp_path, client, plan, head, school
):
    school.name = 'Мектеп "Билим" <№ 5>'  # quotes and angle brackets stay text, not CSS or HTML
    school.save()
    client.force_login(head)
    assert _margins(tmp_path, client.get(_url("plan", plan), **RU)) == [(school.name, "Страница 1 из 1")]
    assert _margins(tmp_path, client.get(_url("plan", plan), **EN)) == [(school.name, "Page 1 of 1")]


# The file's name


def _disposition(response) -> tuple[str, str | None]:
    """The ASCII file name and the decoded UTF-8 one (filename*), if any, of an attachment."""
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    ascii_name = re.search(r'filename="([^"]*)"', header).group(1)
    assert ascii_name.isascii()
    extended = re.search(r"filename\*=UTF-8''(\S+)", header)
    return ascii_name, unquote(extended.group(1)) if extended else None


@pytest.mark.parametrize(
    ("kind", "kyrgyz", "russian", "english"),
    [
        ("plan", "иш-планы-{pk}.pdf", "план-работы-{pk}.pdf", "work-plan-{pk}.pdf"),
        ("report", "жылдык-отчет-{pk}.pdf", "годовой-отчет-{pk}.pdf", "year-end-report-{pk}.pdf"),
        (
            "observation",
            "сабакка-байкоо-{pk}.pdf",
            "посещение-урока-{pk}.pdf",
            "lesson-observation-{pk}.pdf",
        ),
        ("meeting", "протокол-3-{pk}.pdf", "протокол-3-{pk}.pdf", "minutes-3-{pk}.pdf"),
    ],
    ids=["plan", "report", "observation", "meeting"],
)
def test_the_download_is_named_in_the_readers_language(
    client, head, plan, report, observation, meeting, kind, kyrgyz, russian, english
):
    record = {"plan": plan, "report": report, "observation": observation, "meeting": meeting}[kind]
    client.force_login(head)
    url = _url(kind, record)
    for language, expected in [(KY, kyrgyz), (RU, russian)]:
        ascii_name, name = _disposition(client.get(url, **language))
        assert name == expected.format(pk=record.pk)
        assert ascii_name == english.format(pk=record.pk)  # for a browser without RFC 5987
    ascii_name, name = _disposition(client.get(url, **EN))
    assert (ascii_name, name) == (english.format(pk=record.pk), None)
