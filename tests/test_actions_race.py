"""Every step that must happen once happens once when two people (or two clicks) take it at the same
moment: each action locks its row and re-checks the state on it, so one call wins, the other is
refused with the state's reason, and the audit trail holds one line. Needs PostgreSQL's row locks
(SQLite takes one writer at a time)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone, translation

from methodology.actions import observations, plans, projects, reports
from methodology.models import HeadProposal, LessonObservation, PlanStatus, ReportStatus, YearEndReport
from parliament.actions import clubs, elections, events, proposals
from parliament.models import ClubMembership, ElectionStage
from school_gov.models import AuditEvent
from school_gov.refusals import Refused
from tests import steps
from tests.factories import (
    CandidateFactory,
    ClubFactory,
    DutyAssignmentFactory,
    ElectionFactory,
    EventFactory,
    LessonObservationFactory,
    ProposalFactory,
    StudentFactory,
)
from tests.steps import act

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")


def _twice_at_once(call) -> list[str]:
    """`call` in two threads (two connections), released together; what each one came to."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            with translation.override("en"):
                call()
            outcomes.append("done")
        except Refused as error:
            outcomes.append(error.reason)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _once(call, action: str) -> None:
    before = AuditEvent.objects.filter(action=action).count()
    outcomes = _twice_at_once(call)
    assert sorted(outcomes) == ["done", Refused.RULE], outcomes
    assert AuditEvent.objects.filter(action=action).count() == before + 1


def _report(association, school_year, head) -> YearEndReport:
    report = YearEndReport.objects.create(
        association=association,
        school_year=school_year,
        created_by=head.staff,
        aims_met="А.",
        conclusions="Б.",
        next_year_tasks="В.",
    )
    return report


def test_the_plan_steps_happen_once(plan, head, deputy, director):
    by_head, by_deputy, by_director = act(head), act(deputy), act(director)
    _once(lambda: plans.submit(plan, by=by_head), "methodology.plan.submitted")
    _once(lambda: plans.agree(plan, by=by_deputy), "methodology.plan.agreed")
    _once(lambda: plans.approve(plan, by=by_director), "methodology.plan.approved")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_a_plan_is_returned_once(plan, head, deputy):
    steps.submit(plan, head)
    by_deputy = act(deputy)
    _once(
        lambda: plans.return_for_revision(plan, by=by_deputy, comment="Тактаңыз."),
        "methodology.plan.returned",
    )


def test_the_report_steps_happen_once(association, school_year, head, deputy):
    report = _report(association, school_year, head)
    by_head, by_deputy = act(head), act(deputy)
    _once(lambda: reports.submit(report, by=by_head), "methodology.report.submitted")
    _once(lambda: reports.accept(report, by=by_deputy), "methodology.report.accepted")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_a_report_is_returned_once(association, school_year, head, deputy):
    report = _report(association, school_year, head)
    steps.submit(report, head)
    by_deputy = act(deputy)
    _once(
        lambda: reports.return_for_revision(report, by=by_deputy, comment="Тактаңыз."),
        "methodology.report.returned",
    )


def test_the_teacher_confirms_an_analysis_once(association, head, teacher):
    observation = LessonObservationFactory(
        association=association, observer=head.staff, teacher=teacher.staff
    )
    by_teacher = act(teacher)
    _once(
        lambda: observations.acknowledge(observation, by=by_teacher), "methodology.observation.acknowledged"
    )
    assert LessonObservation.objects.get(pk=observation.pk).acknowledged_at is not None


def test_a_proposal_is_decided_once(association, head, teacher, deputy):
    proposal = projects.submit_proposal(
        HeadProposal(association=association, kind="improvement", text="Т."), by=act(head)
    )
    by_deputy = act(deputy)
    _once(
        lambda: projects.decide_proposal(proposal, by=by_deputy, accept=False, decision="Азыр эмес."),
        "methodology.proposal.declined",
    )


def test_a_request_to_join_a_club_is_decided_once(school, adviser, student):
    club = ClubFactory(school=school, leader_staff=adviser.staff)
    membership = ClubMembership.objects.create(club=club, student=student.student)
    by_leader = act(adviser)
    _once(
        lambda: clubs.decide_membership(membership, by=by_leader, accept=True),
        "parliament.clubmembership.accepted",
    )


def test_a_duty_is_marked_once(school, adviser, term):
    assignment = DutyAssignmentFactory(school=school, date=timezone.localdate())
    by_adviser = act(adviser)
    outcomes = _twice_at_once(lambda: events.mark_duty(assignment, by=by_adviser, done=True))
    # The second finds the roster saying so already: not a refusal, but nothing written twice.
    assert outcomes == ["done", "done"]
    assert AuditEvent.objects.filter(action="parliament.duty.marked").count() == 1


def test_a_student_joins_an_event_once(school, term, student):
    event = EventFactory(school=school)
    by_student = act(student)
    outcomes = _twice_at_once(lambda: events.join_event(event, by=by_student))
    assert outcomes == ["done", "done"]  # the second is told they take part already
    assert AuditEvent.objects.filter(action="parliament.event.joined").count() == 1
    assert event.participants.count() == 1


def test_a_student_supports_a_proposal_once(school, student):
    proposal = ProposalFactory(school=school)
    by_student = act(student)
    _once(lambda: proposals.support_proposal(proposal, by=by_student), "parliament.proposal.supported")


def test_an_election_moves_one_stage_once(term, adviser):
    election = ElectionFactory(term=term, supervisor=adviser.staff)
    CandidateFactory(
        election=election, student=StudentFactory(school=term.school, grade=11), status="approved"
    )
    by_adviser = act(adviser)
    _once(
        lambda: elections.move_to_stage(election=election, stage=ElectionStage.CAMPAIGN, by=by_adviser),
        "parliament.election.stage_moved",
    )
