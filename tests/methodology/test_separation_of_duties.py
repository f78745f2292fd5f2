"""Separation of duties (MB-5.1, MB-5.3): nobody agrees or approves a plan, or accepts a report, that they
drafted — a head who is also the deputy director or the director. The refusal says who acts instead; the
admin does not offer the step; returning one's own work stays possible."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from methodology.models import PlanStatus, ReportStatus
from school_gov.models import Role
from school_gov.refusals import Refused
from tests import steps
from tests.factories import AppointmentFactory, YearEndReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def _also(user, role: str):
    AppointmentFactory(staff=user.staff, role=role)
    return user


def _buttons(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [button["name"] for button in response.context["workflow_buttons"]]


def test_a_deputy_who_heads_the_association_does_not_agree_its_plan_another_deputy_does(
    client, plan, head, deputy
):
    _also(head, Role.DEPUTY_DIRECTOR)
    steps.submit(plan, head)
    with pytest.raises(Refused, match="another deputy director for educational work does"):
        steps.agree(plan, head)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and plan.agreed_by is None

    client.force_login(head)
    url = reverse("admin:methodology_workplan_change", args=[plan.pk])
    assert _buttons(client, url) == ["return"]
    client.post(reverse("admin:methodology_workplan_agree", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    steps.agree(plan, deputy)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED


def test_a_director_who_heads_the_association_does_not_approve_its_plan(client, plan, head, deputy):
    _also(head, Role.DIRECTOR)
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    with pytest.raises(Refused, match="acting director appointed for this"):
        steps.approve(plan, head)
    client.force_login(head)
    assert _buttons(client, reverse("admin:methodology_workplan_change", args=[plan.pk])) == ["return"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED and plan.approved_by is None


def test_the_deputy_agrees_a_plan_drafted_by_another_head(plan, head, deputy, director):
    """The rule stops one's own work only: the ordinary path is unchanged."""
    steps.submit(plan, head)
    steps.agree(plan, deputy)
    steps.approve(plan, director)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_a_deputy_who_wrote_the_report_does_not_accept_it_but_may_return_it(
    client, association, school_year, head, deputy
):
    _also(head, Role.DEPUTY_DIRECTOR)
    report = YearEndReportFactory(
        association=association,
        school_year=school_year,
        created_by=head.staff,
        aims_met="А.",
        conclusions="Б.",
        next_year_tasks="В.",
    )
    steps.submit(report, head)
    with pytest.raises(Refused, match="You wrote this report"):
        steps.accept(report, head)
    client.force_login(head)
    assert _buttons(client, reverse("admin:methodology_yearendreport_change", args=[report.pk])) == ["return"]
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    steps.accept(report, deputy)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.accepted_by == deputy.staff
