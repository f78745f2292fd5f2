"""Two simultaneous clicks on Agree: exactly one wins (DESIGN §4). Needs PostgreSQL's row locks."""

import threading

import pytest
from django.db import connection, connections

from methodology.models import PlanStatus, WorkPlan
from school_gov.models import AuditEvent
from school_gov.refusals import Refused
from tests import steps

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_agrees_make_exactly_one_transition(plan, head, deputy):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    steps.submit(plan, head)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click() -> None:
        try:
            barrier.wait()
            steps.agree(WorkPlan.objects.get(pk=plan.pk), deputy)
            outcomes.append("agreed")
        except Refused as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2
    assert outcomes.count("agreed") == 1
    assert AuditEvent.objects.filter(action="methodology.plan.agreed").count() == 1
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED


def test_the_director_and_the_deputy_deciding_at_once_make_one_decision(
    association, head, teacher, director, deputy
):
    """MB-4.3: two leaders accept a proposal to start a project at the same moment: one project."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    from methodology.actions import projects
    from methodology.models import HeadProposal, TeacherProject

    proposal = projects.submit_proposal(
        HeadProposal(
            association=association, kind="start_project", teacher=teacher.staff, title="Долбоор", text="Т."
        ),
        by=steps.act(head),
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user) -> None:
        try:
            barrier.wait()
            projects.decide_proposal(
                HeadProposal.objects.get(pk=proposal.pk), by=steps.act(user), accept=True, decision=""
            )
            outcomes.append("decided")
        except Refused as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(user,)) for user in (director, deputy)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2
    assert outcomes.count("decided") == 1
    assert TeacherProject.objects.count() == 1
    assert AuditEvent.objects.filter(action="methodology.proposal.accepted").count() == 1
