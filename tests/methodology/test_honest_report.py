"""An honest year-end report (MB-5.3, issue 13 part 3): the plan compared with what was done in numbers,
meetings by quarter, documents asked and accepted, courses and attestations of the year; the figures
dated the day they were taken; submission opens shortly before the year ends; the first submission's day
is the one that counts, however often the report comes back."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from methodology.actions import documents, growth
from methodology.models import (
    AssociationMeeting,
    Attestation,
    Course,
    DocumentRequest,
    ReportStatus,
    YearEndReport,
)
from methodology.models.reports import collect_facts
from school_gov.refusals import Refused
from tests import steps
from tests.factories import (
    MinutesFactory,
    PlanItemFactory,
    SchoolYearFactory,
    WorkPlanFactory,
    YearEndReportFactory,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _written(report: YearEndReport) -> YearEndReport:
    YearEndReport.objects.filter(pk=report.pk).update(aims_met="А.", conclusions="Б.", next_year_tasks="В.")
    report.refresh_from_db()
    return report


def _year_ending_in(school, days: int):
    today = timezone.localdate()
    return SchoolYearFactory(
        school=school,
        start_date=today - datetime.timedelta(days=260),
        end_date=today + datetime.timedelta(days=days),
        is_current=False,
    )


def test_a_report_cannot_be_submitted_before_its_window_opens(settings, association, school, head):
    settings.REPORT_OPENS_DAYS = 14
    year = _year_ending_in(school, 30)
    report = _written(YearEndReportFactory(association=association, school_year=year, created_by=head.staff))
    opens = year.end_date - datetime.timedelta(days=14)
    with pytest.raises(Refused, match="can be submitted from") as refused:
        steps.submit(report, head)
    assert str(opens.year) in str(refused.value)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.submitted_at is None


def test_the_report_page_says_when_submission_opens(client, settings, association, school, head):
    settings.REPORT_OPENS_DAYS = 14
    year = _year_ending_in(school, 30)
    report = YearEndReportFactory(association=association, school_year=year, created_by=head.staff)
    client.force_login(head)
    page = client.get(reverse("methodology:report_detail", args=[report.pk]), **EN).text
    assert "The report can be submitted from" in page
    assert reverse("methodology:report_submit", args=[report.pk]) not in page


def test_a_report_is_submitted_once_its_window_has_opened(settings, association, school, head):
    settings.REPORT_OPENS_DAYS = 14
    year = _year_ending_in(school, 10)
    report = _written(YearEndReportFactory(association=association, school_year=year, created_by=head.staff))
    steps.submit(report, head)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_resubmission_keeps_the_first_submissions_day_and_counts_each(report_submitted, head, deputy):
    report = report_submitted
    first = report.first_submitted_at
    steps.return_for_revision(report, deputy, "Олимпиаданы кошуңуз.")
    steps.submit(report, head)
    report.refresh_from_db()
    assert report.first_submitted_at == first and report.submitted_at > first
    assert report.submission_count == 2


def test_on_time_stays_on_time_when_the_report_comes_back_after_the_due_date(report_submitted, head, deputy):
    report = report_submitted
    on_time = datetime.datetime.combine(report.due, datetime.time(10), tzinfo=datetime.UTC)
    YearEndReport.objects.filter(pk=report.pk).update(first_submitted_at=on_time, submitted_at=on_time)
    steps.return_for_revision(report, deputy, "Оңдоңуз.")
    steps.submit(report, head)
    later = report.due + datetime.timedelta(days=20)
    YearEndReport.objects.filter(pk=report.pk).update(
        submitted_at=datetime.datetime.combine(later, datetime.time(10), tzinfo=datetime.UTC)
    )
    report.refresh_from_db()
    state = report.deadline(today=later)
    assert not state.done_late and state.done_on == report.due


@pytest.fixture
def report_submitted(association, school_year, head):
    report = _written(
        YearEndReportFactory(association=association, school_year=school_year, created_by=head.staff)
    )
    steps.submit(report, head)
    report.refresh_from_db()
    return report


def test_the_plan_is_compared_with_what_was_done_by_section(association, school_year, head, deputy, director):
    plan = WorkPlanFactory(association=association, school_year=school_year, created_by=head.staff)
    marks = ["done", "done", "partly", "not_done", ""]
    for mark in marks:
        PlanItemFactory(plan=plan, section="open_lessons", completion=mark)
    PlanItemFactory(plan=plan, section="meetings", completion="done")
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    steps.approve(plan, director)
    report = YearEndReport(association=association, school_year=school_year)
    facts = report.readable_facts(collect_facts(association, school_year))
    lessons = next(row for row in facts["sections"] if row["section"] == "open_lessons")
    assert (
        lessons["done"],
        lessons["partly"],
        lessons["not_done"],
        lessons["not_marked"],
        lessons["total"],
    ) == (
        2,
        1,
        1,
        1,
        5,
    )
    assert lessons["share_done"] == 40
    meetings = next(row for row in facts["sections"] if row["section"] == "meetings")
    assert (meetings["total"], meetings["share_done"]) == (1, 100)


def test_the_figures_are_dated_the_day_they_are_taken(association, school_year):
    facts = collect_facts(association, school_year)
    assert facts["as_of"] == timezone.localdate().isoformat()
    assert collect_facts(association, school_year, datetime.date(2027, 5, 28))["as_of"] == "2027-05-28"


def test_a_quarter_without_a_meeting_shows_zero_on_the_report(client, association, school_year, head, school):
    # The cast's school year has its four quarters.
    minutes = MinutesFactory(school=school, number=1, held_on=datetime.date(2026, 9, 20))
    AssociationMeeting.objects.create(association=association, school_year=school_year, minutes=minutes)
    facts = collect_facts(association, school_year)
    assert [(q["number"], q["meetings"]) for q in facts["quarters"]] == [(1, 1), (2, 0), (3, 0), (4, 0)]

    report = YearEndReportFactory(association=association, school_year=school_year, created_by=head.staff)
    client.force_login(head)
    page = client.get(reverse("methodology:report_detail", args=[report.pk]), **EN).text
    assert "Quarter 1: 1 meeting" in page and "Quarter 2: 0 meetings" in page


def test_documents_courses_and_attestations_of_the_year_are_counted(
    association, school, school_year, head, teacher, deputy
):
    today = timezone.localdate()
    request = documents.request_documents(
        DocumentRequest(
            school=school,
            association=association,
            kind="work_programme",
            due_on=today + datetime.timedelta(days=5),
        ),
        teachers=[teacher.staff],
        by=steps.act(head),
    )
    assert request.pk
    day = today - datetime.timedelta(days=2)
    Course.objects.create(
        staff=teacher.staff,
        topic="Т.",
        provider="П.",
        hours=36,
        started_on=day,
        ended_on=day,
        recorded_by=head.staff,
    )
    attestation = growth.open_attestation(
        Attestation(staff=teacher.staff, category="first", held_on=today), by=steps.act(deputy)
    )
    growth.decide_attestation(attestation, decision="assigned", decided_on=today, by=steps.act(deputy))
    facts = collect_facts(association, school_year)
    assert facts["documents"]["asked"] == 1 and facts["documents"]["waiting"] == 1
    assert facts["documents"]["accepted"] == 0
    assert facts["growth"]["courses"] == 1 and facts["growth"]["hours"] == 36
    assert facts["growth"]["attestations"] == 1 and facts["growth"]["categories_given"] == 1
