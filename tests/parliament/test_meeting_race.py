"""Two secretaries saving minutes with the same number at once: exactly one is saved (SP-4.2).
Needs PostgreSQL's row locks."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from parliament.actions.meetings import record_meeting
from parliament.models import Meeting
from school_gov.models import AuditEvent, Minutes
from school_gov.refusals import Refused
from tests.steps import act

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_saves_of_one_number_keep_exactly_one(term, adviser):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this on PostgreSQL)")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save() -> None:
        try:
            barrier.wait()
            record_meeting(
                term,
                minutes=Minutes(number=1, held_on=timezone.localdate()),
                items=[{"heard": "Кезмет"}],
                is_closed=False,
                attendees=[],
                by=act(adviser),
            )
            outcomes.append("saved")
        except Refused as refusal:
            outcomes.append(refusal.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2
    assert outcomes.count("saved") == 1
    assert Meeting.objects.count() == 1
    assert AuditEvent.objects.filter(action="parliament.meeting.created").count() == 1
