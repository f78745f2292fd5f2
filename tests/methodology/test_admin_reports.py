"""The year-end report admin: the deputy director accepts or returns (MB-5.3)."""

import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from methodology.models import ReportStatus, YearEndReport
from school_gov.models import AuditEvent
from tests import steps
from tests.factories import (
    AssociationFactory,
    HeadAppointmentFactory,
    SchoolYearFactory,
    YearEndReportFactory,
)

CHANGELIST = "admin:methodology_yearendreport_changelist"


@pytest.fixture(autouse=True)
def _english(client):
    # The admin speaks Kyrgyz by default; these tests read the English source strings.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _report(association, school_year, head) -> YearEndReport:
    return YearEndReportFactory(
        association=association,
        school_year=school_year,
        created_by=head.staff,
        aims_met="Максаттар негизинен аткарылды.",
        conclusions="Иш канааттандырарлык.",
        next_year_tasks="Олимпиадага даярдоону күчөтүү.",
    )


@pytest.fixture
def submitted(association, school_year, head):
    report = _report(association, school_year, head)
    steps.submit(report, head)
    return report


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _change_url(report) -> str:
    return reverse("admin:methodology_yearendreport_change", args=[report.pk])


def _step_url(report, step: str) -> str:
    return reverse(f"admin:methodology_yearendreport_{step}", args=[report.pk])


def _buttons(client, report) -> list[str]:
    response = client.get(_change_url(report))
    assert response.status_code == 200
    return [button["name"] for button in response.context["workflow_buttons"]]


def _offered_actions(client) -> list[str]:
    action_form = client.get(reverse(CHANGELIST)).context["action_form"]
    return [] if action_form is None else [name for name, _label in action_form.fields["action"].choices]


def _listed(client, query: str = "") -> list[YearEndReport]:
    response = client.get(reverse(CHANGELIST) + query)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_deputy_accepts_a_submitted_report_with_the_button(client, deputy, submitted):
    client.force_login(deputy)
    assert _buttons(client, submitted) == ["accept", "return"]
    response = client.post(_step_url(submitted, "accept"))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.ACCEPTED
    assert submitted.accepted_by == deputy.staff
    assert AuditEvent.objects.for_object(submitted).get(action="methodology.report.accepted").actor == deputy


def test_deputy_accepts_with_the_list_action(client, deputy, submitted):
    client.force_login(deputy)
    response = client.post(
        reverse(CHANGELIST), {"action": "accept_selected", "_selected_action": [submitted.pk], "index": 0}
    )
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.ACCEPTED
    assert "1 report was accepted." in _messages(response)


def test_deputy_returns_a_report_with_a_comment(client, deputy, submitted):
    client.force_login(deputy)
    first = client.post(
        reverse(CHANGELIST), {"action": "return_selected", "_selected_action": [submitted.pk], "index": 0}
    )
    assert first.status_code == 200  # the page asking for the comment
    response = client.post(
        reverse(CHANGELIST),
        {
            "action": "return_selected",
            "_selected_action": [submitted.pk],
            "apply": "yes",
            "comment": "Олимпиаданын жыйынтыктарын кошуңуз.",
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.RETURNED
    assert submitted.return_comment == "Олимпиаданын жыйынтыктарын кошуңуз."
    event = AuditEvent.objects.for_object(submitted).get(action="methodology.report.returned")
    assert event.data["comment"] == "Олимпиаданын жыйынтыктарын кошуңуз."


def test_return_without_a_comment_changes_nothing(client, deputy, submitted):
    client.force_login(deputy)
    response = client.post(
        reverse(CHANGELIST),
        {"action": "return_selected", "_selected_action": [submitted.pk], "apply": "yes", "comment": ""},
    )
    assert response.status_code == 200
    assert response.context["error"]
    response = client.post(_step_url(submitted, "return"), {"comment": " "})
    assert any("Say in a comment" in message for message in _messages(response))
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


def test_the_director_cannot_accept_or_return(client, director, submitted):
    client.force_login(director)
    assert _buttons(client, submitted) == []
    assert _offered_actions(client) == []
    response = client.post(_step_url(submitted, "accept"))
    assert any("Only the deputy director" in message for message in _messages(response))
    client.post(_step_url(submitted, "return"), {"comment": "Кайра карап чыгыңыз."})
    submitted.refresh_from_db()
    assert submitted.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("person", ["teacher", "head", "student"])
def test_teachers_heads_and_students_cannot_reach_the_admin(client, request, person, submitted):
    client.force_login(request.getfixturevalue(person))
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_an_outsider_sees_none_of_this_schools_reports(client, outsider, submitted):
    client.force_login(outsider)
    assert _listed(client, "?waiting=all") == []
    assert client.get(_change_url(submitted))["Location"] == reverse("admin:index")


def test_the_default_list_is_what_waits_for_the_deputy(client, deputy, school, school_year, head, submitted):
    other = AssociationFactory(school=school)
    HeadAppointmentFactory(association=other, staff=head.staff)
    accepted = _report(other, school_year, head)
    steps.submit(accepted, head)
    steps.accept(accepted, deputy)
    draft = _report(AssociationFactory(school=school), school_year, head)
    client.force_login(deputy)
    assert _listed(client) == [submitted]
    everything = _listed(client, "?waiting=all")
    assert set(everything) == {submitted, accepted}
    assert draft not in everything


def test_the_list_shows_due_date_and_deadline(client, deputy, submitted):
    client.force_login(deputy)
    response = client.get(reverse(CHANGELIST))
    assert "30 May 2027" in response.text  # the year ends on 25 May; five days on (MB-5.3)
    assert "submitted on time" in response.text


def test_the_report_page_shows_the_figures_read_only(client, deputy, submitted, head, teacher):
    client.force_login(deputy)
    response = client.get(_change_url(submitted))
    assert 'name="_save"' not in response.text
    assert 'name="aims_met"' not in response.text
    assert "Максаттар негизинен аткарылды." in response.text
    assert teacher.staff.full_name in response.text  # a member, from the figures kept at submission
    assert head.staff.full_name in response.text


@pytest.mark.parametrize("count", [5, 50])
def test_the_report_list_query_budget_is_flat(
    client, deputy, school, school_year, head, count, django_assert_max_num_queries
):
    associations = [AssociationFactory(school=school) for _ in range(count)]
    YearEndReport.objects.bulk_create(
        YearEndReport(
            association=association,
            school_year=school_year,
            status=ReportStatus.SUBMITTED,
            created_by=head.staff,
        )
        for association in associations
    )
    client.force_login(deputy)
    # session, user, staff record, current roles, user permissions, group permissions, filtered count,
    # total count, the page of reports with association, school and school year joined
    with django_assert_max_num_queries(9):
        response = client.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == count


def test_a_report_submitted_after_its_due_date_shows_late(
    client, deputy, association, school, head, submitted
):
    last_year = SchoolYearFactory(
        school=school,
        start_date=datetime.date(2025, 9, 1),
        end_date=datetime.date(2026, 5, 25),
        is_current=False,
    )
    late = _report(association, last_year, head)
    steps.submit(late, head)  # due 30 May 2026
    client.force_login(deputy)
    days = (timezone.localdate() - datetime.date(2026, 5, 30)).days
    assert f"submitted late by {days} days" in client.get(reverse(CHANGELIST)).text
    assert _listed(client, "?deadline=late") == [late]


def test_the_report_page_query_budget(client, deputy, submitted, django_assert_max_num_queries):
    client.force_login(deputy)
    # session, user, staff record, current roles, the report with its association, school, year and
    # acceptor, user permissions, group permissions, the audit trail (the figures were kept at submission),
    # and whether the deputy heads the association (nobody accepts a report they wrote)
    with django_assert_max_num_queries(9):
        response = client.get(_change_url(submitted))
    assert response.status_code == 200
