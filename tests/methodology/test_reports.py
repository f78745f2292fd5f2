"""MB-5.3: the year-end report, due five days after the school year ends, to the deputy director."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from methodology.models import ReportStatus, YearEndReport
from school_gov.models import AuditEvent
from school_gov.refusals import Refused
from tests import steps
from tests.factories import LessonObservationFactory, YearEndReportFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def report(association, school_year, head):
    return YearEndReportFactory(association=association, school_year=school_year, created_by=head.staff)


def _written(report):
    report.aims_met = "Максаттар негизинен аткарылды."
    report.conclusions = "Иш канааттандырарлык."
    report.next_year_tasks = "Олимпиадага даярдоону күчөтүү."
    report.save()
    return report


def test_the_report_is_due_five_days_after_the_school_year_ends(report):
    assert report.due == datetime.date(2027, 5, 30)


def test_the_head_submits_and_the_deputy_accepts(report, head, deputy):
    steps.submit(_written(report), head)
    assert report.status == ReportStatus.SUBMITTED
    steps.accept(report, deputy)
    assert report.status == ReportStatus.ACCEPTED
    assert report.accepted_by == deputy.staff
    actions = list(AuditEvent.objects.for_object(report).values_list("action", flat=True))
    assert sorted(actions) == ["methodology.report.accepted", "methodology.report.submitted"]


def test_the_deputy_returns_with_a_comment_and_the_head_resubmits(report, head, deputy):
    steps.submit(_written(report), head)
    with pytest.raises(Refused):
        steps.return_for_revision(report, deputy, "")
    steps.return_for_revision(report, deputy, "Олимпиаданын жыйынтыктарын кошуңуз.")
    assert report.status == ReportStatus.RETURNED
    steps.submit(report, head)
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("actor", ["director", "teacher", "outsider", "student"])
def test_only_the_deputy_accepts(request, report, head, actor):
    steps.submit(_written(report), head)
    with pytest.raises(Refused):
        steps.accept(report, request.getfixturevalue(actor))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_only_the_head_submits(report, teacher):
    _written(report)
    with pytest.raises(Refused):
        steps.submit(report, teacher)


def test_an_empty_report_cannot_be_submitted(report, head):
    with pytest.raises(Refused):
        steps.submit(report, head)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_accepting_twice_is_refused(report, head, deputy):
    steps.submit(_written(report), head)
    steps.accept(report, deputy)
    with pytest.raises(Refused):
        steps.accept(report, deputy)


def test_the_figures_are_prefilled_from_approved_plans_and_kept_at_submission(
    report, plan, head, deputy, director, teacher
):
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    steps.approve(plan, director)
    item = plan.items.get()
    item.completion = "done"
    item.save()
    facts = report.current_facts()
    assert facts["sections"] == [
        {"section": "meetings", "done": 1, "partly": 0, "not_done": 0, "not_marked": 0, "total": 1}
    ]
    names = {m["name"] for m in facts["members"]}
    assert names == {head.staff.full_name, teacher.staff.full_name}
    steps.submit(_written(report), head)
    item.completion = "not_done"
    item.save()
    report.refresh_from_db()
    assert report.shown_facts()["sections"][0]["done"] == 1


def test_the_head_starts_writes_and_submits_a_report_in_the_browser(client, head, association, school_year):
    client.force_login(head)
    response = client.post(
        reverse("methodology:report_create", args=[association.pk]), {"school_year": school_year.pk}
    )
    report = YearEndReport.objects.get()
    assert response["Location"] == reverse("methodology:report_edit", args=[report.pk])
    data = {
        "aims_met": "Аткарылды",
        "students_results": "",
        "shared_experience": "",
        "problems": "",
        "conclusions": "Жакшы",
        "next_year_tasks": "Улантуу",
    }
    client.post(reverse("methodology:report_edit", args=[report.pk]), data)
    client.post(reverse("methodology:report_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_second_report_for_the_same_year_is_refused(client, head, report, association, school_year):
    client.force_login(head)
    response = client.post(
        reverse("methodology:report_create", args=[association.pk]),
        {"school_year": school_year.pk},
        follow=True,
        **EN,
    )
    assert YearEndReport.objects.count() == 1
    assert "Choose a school year that has no report yet." in response.text


def test_a_submitted_report_is_read_only(client, head, report):
    steps.submit(_written(report), head)
    client.force_login(head)
    assert client.get(reverse("methodology:report_edit", args=[report.pk])).status_code == 403


def test_report_page_permissions(client, report, head, teacher, deputy, outsider, student):
    url = reverse("methodology:report_detail", args=[report.pk])
    client.force_login(teacher)
    assert client.get(url).status_code == 200
    client.force_login(deputy)
    assert client.get(url).status_code == 403  # a draft is the association's own
    steps.submit(_written(report), head)
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(student)
    assert client.get(url).status_code == 403


def test_the_report_page_says_how_late_it_was_submitted(client, report, head, school_year):
    steps.submit(_written(report), head)
    late = datetime.datetime(2027, 6, 2, 10, tzinfo=datetime.UTC)
    YearEndReport.objects.filter(pk=report.pk).update(submitted_at=late, first_submitted_at=late)
    client.force_login(head)
    response = client.get(reverse("methodology:report_detail", args=[report.pk]), **EN)
    assert "submitted late by 3 days" in response.text


def test_the_lessons_observed_in_the_year_are_counted_by_aim(
    client, report, association, head, teacher, deputy
):
    """GLOSSARY "A year-end report": open lessons and visits; the year's observations, by aim reached."""
    year = report.school_year
    for day, aim in [(year.start_date, "reached"), (year.end_date, "partly"), (year.start_date, "reached")]:
        LessonObservationFactory(
            association=association,
            teacher=teacher.staff,
            observer=head.staff,
            observed_on=day,
            aim_reached=aim,
        )
    LessonObservationFactory(  # the summer before: another year
        association=association,
        teacher=teacher.staff,
        observer=head.staff,
        observed_on=year.start_date - datetime.timedelta(days=1),
        aim_reached="not_reached",
    )
    assert report.current_facts()["observations"] == {"total": 3, "reached": 2, "partly": 1, "not_reached": 0}
    client.force_login(deputy)
    steps.submit(_written(report), head)
    printed = client.get(reverse("methodology:report_print", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "3 lessons observed: aim reached 2, partly 1, not reached 0." in printed.text


def test_a_report_kept_before_observations_were_counted_still_shows(client, report, head, deputy):
    steps.submit(_written(report), head)
    YearEndReport.objects.filter(pk=report.pk).update(facts={"sections": [], "members": []})
    client.force_login(deputy)
    page = client.get(reverse("methodology:report_detail", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Lessons observed" not in page.text
    admin_page = client.get(reverse("admin:methodology_yearendreport_change", args=[report.pk]))
    assert admin_page.status_code == 200


def test_the_association_page_links_only_to_reports_the_person_may_open(client, report, head, school):
    from tests.factories import StaffFactory, UserFactory

    steps.submit(_written(report), head)
    outsider_teacher = UserFactory(username="stranger")
    StaffFactory(school=school, user=outsider_teacher)
    client.force_login(outsider_teacher)
    page = client.get(report.association.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert report.get_absolute_url() not in page.text
    assert client.get(report.get_absolute_url()).status_code == 403
