"""The paper forms (DESIGN §5): a work plan, a year-end report, a lesson observation sheet and
minutes, each as a
page to print and as a PDF.

The HTML page and the PDF come from the same template; WeasyPrint lays the PDF out with the DejaVu fonts,
which have the Kyrgyz letters ң ө ү in their regular and bold faces.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from methodology.models import AssociationMeeting, LessonObservation, WorkPlan, YearEndReport
from methodology.permissions import (
    get_meeting_for_user,
    get_observation_for_user,
    get_plan_for_user,
    get_report_for_user,
)
from school_gov.collation import Kyrgyz
from school_gov.people import PersonRequest

PLAN_TEMPLATE = "methodology/plan/plan_print.html"
REPORT_TEMPLATE = "methodology/report/report_print.html"
OBSERVATION_TEMPLATE = "methodology/observation/observation_print.html"
MEETING_TEMPLATE = "methodology/meeting/meeting_print.html"


@require_GET
def plan_print(request: PersonRequest, pk: int) -> HttpResponse:
    return render(request, PLAN_TEMPLATE, _plan_context(get_plan_for_user(request.person, pk)))


@require_GET
def plan_pdf(request: PersonRequest, pk: int) -> HttpResponse:
    context = _plan_context(get_plan_for_user(request.person, pk))
    return _pdf_response(request, PLAN_TEMPLATE, context, f"work-plan-{pk}.pdf")


@require_GET
def report_print(request: PersonRequest, pk: int) -> HttpResponse:
    return render(request, REPORT_TEMPLATE, _report_context(get_report_for_user(request.person, pk)))


@require_GET
def report_pdf(request: PersonRequest, pk: int) -> HttpResponse:
    context = _report_context(get_report_for_user(request.person, pk))
    return _pdf_response(request, REPORT_TEMPLATE, context, f"year-end-report-{pk}.pdf")


@require_GET
def observation_print(request: PersonRequest, pk: int) -> HttpResponse:
    return render(
        request, OBSERVATION_TEMPLATE, _observation_context(get_observation_for_user(request.person, pk))
    )


@require_GET
def observation_pdf(request: PersonRequest, pk: int) -> HttpResponse:
    context = _observation_context(get_observation_for_user(request.person, pk))
    return _pdf_response(request, OBSERVATION_TEMPLATE, context, f"lesson-observation-{pk}.pdf")


@require_GET
def meeting_print(request: PersonRequest, pk: int) -> HttpResponse:
    return render(request, MEETING_TEMPLATE, _meeting_context(get_meeting_for_user(request.person, pk)))


@require_GET
def meeting_pdf(request: PersonRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.person, pk)
    filename = f"minutes-{meeting.minutes.number}-{meeting.pk}.pdf"
    return _pdf_response(request, MEETING_TEMPLATE, _meeting_context(meeting), filename)


def _meeting_context(meeting: AssociationMeeting) -> dict:
    """The minutes (MB-5.2) as the paper form: УГУЛДУ / ЧЫГЫП СҮЙЛӨШТҮ / ТОКТОМ КЫЛАТ per item."""
    return {
        "meeting": meeting,
        "minutes": meeting.minutes,
        "school": meeting.association.school,
        "items": list(meeting.minutes.items.order_by("position", "pk")),
        "attendees": list(meeting.attendees.order_by(Kyrgyz("surname"), Kyrgyz("name"))),
        "page_counter": _page_counter_css(),
    }


def _observation_context(observation: LessonObservation) -> dict:
    return {
        "observation": observation,
        "school": observation.association.school,
        "page_counter": _page_counter_css(),
    }


def _plan_context(plan: WorkPlan) -> dict:
    """The plan (its school, year, quarter and stamps' staff come select_related) and its rows.

    Two queries for the rows however long the plan is: the items, and every responsible person at once.
    Rows follow the paper form: by section, then the head's order; the template numbers them through.
    """
    items = plan.items_in_form_order()
    return {
        "plan": plan,
        "school": plan.association.school,
        "items": items,
        "page_counter": _page_counter_css(),
    }


def _report_context(report: YearEndReport) -> dict:
    facts = report.readable_facts()
    year_end = report.school_year.end_date
    head = report.association.head_on(min(timezone.localdate(), year_end))
    return {
        "report": report,
        "school": report.association.school,
        "head": head.staff if head else None,
        "members": facts["members"],
        "sections": facts["sections"],
        "observations": facts["observations"],
        "meetings": facts["meetings"],
        "quarters": facts["quarters"],
        "documents": facts["documents"],
        "growth": facts["growth"],
        "page_counter": _page_counter_css(),
    }


def _page_counter_css() -> str:
    """The PDF footer's "Page N of M" as a CSS `content` value, in the reader's language.

    Languages order the two numbers differently, so the whole sentence is translated and the numbers
    become CSS counters. The result goes into a <style> block unescaped: quotes, backslashes and "<" in
    the translation are escaped for CSS here.
    """
    # Translators: the footer of every page of a printed plan or report, e.g. "Page 2 of 5".
    text = gettext("Page %(page)s of %(pages)s")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return '"' + text % {"page": '" counter(page) "', "pages": '" counter(pages) "'} + '"'


def _pdf_response(request: PersonRequest, template: str, context: dict, filename: str) -> HttpResponse:
    # Imported here: WeasyPrint loads Pango and HarfBuzz, which no other page needs.
    from weasyprint import HTML

    html = render_to_string(template, {**context, "pdf": True}, request=request)
    # The stylesheet is inline in the template, so nothing is fetched; base_url resolves any other link.
    document = HTML(string=html, base_url=request.build_absolute_uri("/")).render()
    response = HttpResponse(document.write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
