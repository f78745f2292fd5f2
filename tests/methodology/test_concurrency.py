"""Two simultaneous clicks on Agree: exactly one wins (DESIGN §4). Needs PostgreSQL's row locks."""

import threading

import pytest
from django.db import connection, connections

from methodology.models import InvalidTransition, PlanStatus, WorkPlan
from school_gov.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_agrees_make_exactly_one_transition(plan, head, deputy):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    plan.submit(head)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click() -> None:
        try:
            barrier.wait()
            WorkPlan.objects.get(pk=plan.pk).agree(deputy)
            outcomes.append("agreed")
        except InvalidTransition as error:
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
