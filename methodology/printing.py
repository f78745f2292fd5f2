"""The paper forms (DESIGN §5): a work plan, a year-end report, a lesson observation sheet and
minutes, each as a
page to print and as a PDF.

The HTML page and the PDF come from the same template; WeasyPrint lays the PDF out with the DejaVu fonts,
which have the Kyrgyz letters ң ө ү in their regular and bold faces.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import quote

from csp.constants import NONCE
from csp.decorators import csp_update
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_GET

from methodology.models import AssociationMeeting, LessonObservation, WorkPlan, YearEndReport
from methodology.permissions import (
    get_meeting_for_user,
    get_observation_for_user,
    get_plan_for_user,
    get_report_for_user,
)
from school_gov.collation import Kyrgyz
from school_gov.models import School
from school_gov.people import PersonRequest
from school_gov.sites import site_url

PLAN_TEMPLATE = "methodology/plan/plan_print.html"
REPORT_TEMPLATE = "methodology/report/report_print.html"
OBSERVATION_TEMPLATE = "methodology/observation/observation_print.html"
MEETING_TEMPLATE = "methodology/meeting/meeting_print.html"

View = TypeVar("View", bound=Callable[..., HttpResponse])

# A print page's one inline <style>, the @page margins that name the record's school in the reader's
# language (print/base.html), comes in by a nonce: the site's policy (settings.CONTENT_SECURITY_POLICY)
# takes styles from its static files only; these four pages add their nonce to style-src, nothing else.
_style_nonce: Callable[[Any], Any] = csp_update({"style-src": [NONCE]})


def print_page_policy(view: View) -> View:
    return cast(View, _style_nonce(view))


@require_GET
@print_page_policy
def plan_print(request: PersonRequest, pk: int) -> HttpResponse:
    return render(request, PLAN_TEMPLATE, _plan_context(get_plan_for_user(request.person, pk)))


@require_GET
def plan_pdf(request: PersonRequest, pk: int) -> HttpResponse:
    context = _plan_context(get_plan_for_user(request.person, pk))
    # Translators: the name of a downloaded work plan's PDF file: lowercase words joined by hyphens, no
    # spaces (ky "иш-планы", ru "план-работы"); the file is saved as e.g. "иш-планы-12.pdf".
    name = pgettext("PDF file name", "work-plan")
    return _pdf_response(request, PLAN_TEMPLATE, context, _file_names(name, "work-plan", pk))


@require_GET
@print_page_policy
def report_print(request: PersonRequest, pk: int) -> HttpResponse:
    return render(request, REPORT_TEMPLATE, _report_context(get_report_for_user(request.person, pk)))


@require_GET
def report_pdf(request: PersonRequest, pk: int) -> HttpResponse:
    context = _report_context(get_report_for_user(request.person, pk))
    # Translators: the name of a downloaded year-end report's PDF file: lowercase words joined by hyphens,
    # no spaces (ky "жылдык-отчет", ru "годовой-отчет"); the file is saved as e.g. "жылдык-отчет-12.pdf".
    name = pgettext("PDF file name", "year-end-report")
    return _pdf_response(request, REPORT_TEMPLATE, context, _file_names(name, "year-end-report", pk))


@require_GET
@print_page_policy
def observation_print(request: PersonRequest, pk: int) -> HttpResponse:
    return render(
        request, OBSERVATION_TEMPLATE, _observation_context(get_observation_for_user(request.person, pk))
    )


@require_GET
def observation_pdf(request: PersonRequest, pk: int) -> HttpResponse:
    context = _observation_context(get_observation_for_user(request.person, pk))
    # Translators: the name of a downloaded lesson observation sheet's PDF file: lowercase words joined by
    # hyphens, no spaces (ky "сабакка-байкоо", ru "посещение-урока"); saved as e.g. "сабакка-байкоо-12.pdf".
    name = pgettext("PDF file name", "lesson-observation")
    return _pdf_response(request, OBSERVATION_TEMPLATE, context, _file_names(name, "lesson-observation", pk))


@require_GET
@print_page_policy
def meeting_print(request: PersonRequest, pk: int) -> HttpResponse:
    return render(request, MEETING_TEMPLATE, _meeting_context(get_meeting_for_user(request.person, pk)))


@require_GET
def meeting_pdf(request: PersonRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.person, pk)
    # Translators: the name of a downloaded minutes' PDF file, before the minutes' number: lowercase words
    # joined by hyphens, no spaces (ky and ru "протокол"); saved as e.g. "протокол-3-12.pdf".
    name = pgettext("PDF file name", "minutes")
    filenames = _file_names(name, "minutes", meeting.minutes.number, meeting.pk)
    return _pdf_response(request, MEETING_TEMPLATE, _meeting_context(meeting), filenames)


def _meeting_context(meeting: AssociationMeeting) -> dict:
    """The minutes (MB-5.2) as the paper form: УГУЛДУ / ЧЫГЫП СҮЙЛӨШТҮ / ТОКТОМ КЫЛАТ per item."""
    school = meeting.association.school
    return {
        "meeting": meeting,
        "minutes": meeting.minutes,
        "school": school,
        "items": list(meeting.minutes.items.order_by("position", "pk")),
        "attendees": list(meeting.attendees.order_by(Kyrgyz("surname"), Kyrgyz("name"))),
        **_page_boxes(school),
    }


def _observation_context(observation: LessonObservation) -> dict:
    school = observation.association.school
    return {
        "observation": observation,
        "school": school,
        **_page_boxes(school),
    }


def _plan_context(plan: WorkPlan) -> dict:
    """The plan (its school, year, quarter and stamps' staff come select_related) and its rows.

    Two queries for the rows however long the plan is: the items, and every responsible person at once.
    Rows follow the paper form: by section, then the head's order; the template numbers them through.
    """
    items = plan.items_in_form_order()
    school = plan.association.school
    return {
        "plan": plan,
        "school": school,
        "items": items,
        **_page_boxes(school),
    }


def _report_context(report: YearEndReport) -> dict:
    facts = report.readable_facts()
    year_end = report.school_year.end_date
    head = report.association.head_on(min(timezone.localdate(), year_end))
    school = report.association.school
    return {
        "report": report,
        "school": school,
        "head": head.staff if head else None,
        "members": facts["members"],
        "sections": facts["sections"],
        "observations": facts["observations"],
        "meetings": facts["meetings"],
        "quarters": facts["quarters"],
        "documents": facts["documents"],
        "growth": facts["growth"],
        **_page_boxes(school),
    }


def _page_boxes(school: School) -> dict[str, str]:
    """What the PDF prints in the margins of every page (CSS `content` values for base.html's @page).

    The header: the school's name, from the record's school. The footer: "бет N / M" ("Page N of M"), in
    the reader's language; languages order the two numbers differently, so the whole phrase is translated
    and the numbers become CSS counters.
    """
    # Translators: the footer of every page of a printed plan, report, minutes or observation sheet, e.g.
    # "Page 2 of 5" (ky "бет 2 / 5", ru "Страница 2 из 5").
    text = gettext("Page %(page)s of %(pages)s")
    # The words between the numbers as CSS strings, each number as its counter: "бет " counter(page) ...
    parts = re.split(r"%\((pages?)\)s", text)
    counter = " ".join(
        f"counter({part})" if odd else _css_string(part.replace("%%", "%"))
        for odd, part in zip(itertools.cycle((False, True)), parts, strict=False)
        if odd or part
    )
    return {"page_header": _css_string(school.name), "page_counter": counter}


def _css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe in a <style> block: quotes, backslashes, line breaks and "<"
    (which could close the block) become CSS escapes."""
    escaped = "".join(
        f"\\{ord(char):X} " if char in '"\\<>' or ord(char) < 0x20 or ord(char) == 0x7F else char
        for char in text
    )
    return f'"{escaped}"'


def _file_names(name: str, fallback: str, *numbers: int) -> tuple[str, str]:
    """The PDF's file name in ASCII (the untranslated `fallback`) and in the reader's language (`name`,
    made a slug that keeps its Kyrgyz or Russian letters), with the record's numbers after it."""
    suffix = "".join(f"-{number}" for number in numbers) + ".pdf"
    return fallback + suffix, (slugify(name, allow_unicode=True) or fallback) + suffix


def _pdf_response(
    request: PersonRequest, template: str, context: dict, filenames: tuple[str, str]
) -> HttpResponse:
    # Imported here: WeasyPrint loads Pango and HarfBuzz, which no other page needs.
    from weasyprint import HTML

    from methodology.pdf_fetcher import StaticFilesOnly

    html = render_to_string(template, {**context, "pdf": True}, request=request)
    # base_url resolves the links to the configured site (never the request's Host header, issue 16); of
    # them WeasyPrint may read the app's static files only (the print stylesheet), from the disk.
    document = HTML(string=html, base_url=site_url("/"), url_fetcher=StaticFilesOnly()).render()
    response = HttpResponse(document.write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = _attachment(*filenames)
    return response


def _attachment(ascii_name: str, name: str) -> str:
    """Content-Disposition for a download: the ASCII name for any client and, when the reader's name
    differs from it, the UTF-8 one (RFC 6266, RFC 5987 `filename*`), which browsers prefer."""
    header = f'attachment; filename="{ascii_name}"'
    if name != ascii_name:
        header += "; filename*=UTF-8''" + quote(name, safe="")
    return header
