"""The audit trail is tamper-evident (issue 16, item 2): the table refuses UPDATE and DELETE on
PostgreSQL, every event is numbered and digested in its school's chain, and `verify_audit` finds an
event changed, events removed in the middle and, against a head written down, events cut off the end."""

from __future__ import annotations

import re
import threading
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import translation

from school_gov import audit, auditchain
from school_gov.models import AuditEvent
from tests.steps import act

TABLE = AuditEvent._meta.db_table
TRIGGER = "school_gov_auditevent_append_only"

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's (CI runs on PostgreSQL)"
)


def verify(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def refused(*args: str) -> tuple[str, str]:
    out = StringIO()
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("verify_audit", *args, stdout=out)
    return out.getvalue(), str(error.value)


def behind_the_apps_back(sql: str, params: list) -> None:
    """What someone with the database's owner rights can do: switch the trigger off, write, switch on."""
    with connection.cursor() as cursor:
        # The test's own transaction holds deferred foreign-key checks, which ALTER TABLE will not wait on.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
        cursor.execute(sql, params)
        cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")


@pytest.fixture
def trail(director, school, other_school):
    """Five events of the school and two of another, interleaved."""
    by = act(director)
    events = []
    for n in range(5):
        events.append(audit.record(by, "school_gov.school.changed", school, n=n))
        if n % 2:
            events.append(audit.record(act(AnonymousUser()), "school_gov.school.changed", other_school))
    return events


def test_each_school_has_its_own_chain_numbered_from_one(trail, school, other_school):
    ours = list(AuditEvent.objects.filter(school=school).order_by("seq"))
    theirs = list(AuditEvent.objects.filter(school=other_school).order_by("seq"))
    assert [e.seq for e in ours] == [1, 2, 3, 4, 5]
    assert [e.seq for e in theirs] == [1, 2]
    # Each digest is of the event's content and the one before it: recomputed from what is stored.
    previous = auditchain.GENESIS
    for event in ours:
        assert re.fullmatch(r"[0-9a-f]{64}", event.digest)
        assert auditchain.digest(event, previous) == event.digest
        previous = event.digest
    assert len({e.digest for e in ours + theirs}) == 7


def test_events_made_in_bulk_join_the_chain_after_those_before(trail, school, director):
    made = AuditEvent.objects.bulk_create(
        [AuditEvent(actor=director, school=school, action="school_gov.school.changed") for _ in range(3)]
    )
    assert [e.seq for e in made] == [6, 7, 8]
    assert "The audit trail is whole: 2 chains checked." in verify()


def test_a_whole_trail_verifies_and_prints_each_head(trail, school, other_school):
    output = verify()
    last = AuditEvent.objects.filter(school=school).order_by("-seq").first()
    assert f"5 events, head {school.pk}:5:{last.digest}" in output
    assert f"({other_school.pk}): 2 events" in output
    assert "The audit trail is whole: 2 chains checked." in output
    # The head just printed checks out.
    assert "is whole" in verify("--head", f"{school.pk}:5:{last.digest}")


def test_the_demo_schools_trail_is_whole(demo_school):
    """seed_demo writes its backdated history in bulk: it is chained like any other."""
    assert "The audit trail is whole" in verify("--school", str(demo_school.pk))


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        f"UPDATE {TABLE} SET action = 'school_gov.school.deleted'",
        f"UPDATE {TABLE} SET data = '{{}}' WHERE seq = 2",
        f"DELETE FROM {TABLE} WHERE seq = 3",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_event(trail, sql):
    before = list(AuditEvent.objects.order_by("id").values_list("action", "data", "digest"))
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert list(AuditEvent.objects.order_by("id").values_list("action", "data", "digest")) == before


@postgresql_only
def test_an_event_changed_behind_the_apps_back_is_found(trail, school):
    second = AuditEvent.objects.get(school=school, seq=2)
    behind_the_apps_back(f"UPDATE {TABLE} SET data = %s WHERE id = %s", ['{"n": 99}', second.pk])
    output, error = refused()
    assert f"Event number 2 (id {second.pk}) is not as it was written." in output
    assert "1 of 2 chains break" in error
    # Only that school's chain is broken, and only at that event.
    assert output.count("is not as it was written") == 1


@postgresql_only
def test_events_removed_from_the_middle_are_found(trail, school):
    fourth = AuditEvent.objects.get(school=school, seq=4)
    behind_the_apps_back(f"DELETE FROM {TABLE} WHERE school_id = %s AND seq IN (2, 3)", [school.pk])
    output, _error = refused()
    assert f"Events number 2 to 3 are missing (before the event with id {fourth.pk})." in output


@postgresql_only
def test_renumbering_to_hide_a_gap_is_found_too(trail, school):
    behind_the_apps_back(f"DELETE FROM {TABLE} WHERE school_id = %s AND seq = 3", [school.pk])
    behind_the_apps_back(f"UPDATE {TABLE} SET seq = seq - 1 WHERE school_id = %s AND seq > 3", [school.pk])
    output, _error = refused()
    assert "Event number 3" in output and "is not as it was written" in output


@postgresql_only
def test_events_cut_off_the_end_are_found_against_the_head_written_down(trail, school):
    head = AuditEvent.objects.get(school=school, seq=5)
    written_down = f"{school.pk}:5:{head.digest}"
    behind_the_apps_back(f"DELETE FROM {TABLE} WHERE school_id = %s AND seq >= 4", [school.pk])
    # What is left is a whole chain of three: only the head written down shows the loss.
    assert "is whole" in verify()
    output, _error = refused("--head", written_down)
    assert "The head written down (number 5) is gone: events were cut off." in output


@postgresql_only
def test_a_rewritten_chain_differs_from_the_head_written_down(trail, school):
    """Recomputing every digest after a change (the algorithm is public) makes a chain that verifies on
    its own; the head written down before does not match it."""
    head = AuditEvent.objects.get(school=school, seq=5)
    written_down = f"{school.pk}:5:{head.digest}"
    previous = auditchain.GENESIS
    for event in AuditEvent.objects.filter(school=school).order_by("seq"):
        if event.seq == 2:
            event.data = {"n": 99}
        event.digest = auditchain.digest(event, previous)
        behind_the_apps_back(
            f"UPDATE {TABLE} SET data = %s, digest = %s WHERE id = %s",
            ['{"n": 99}' if event.seq == 2 else f'{{"n": {event.seq - 1}}}', event.digest, event.pk],
        )
        previous = event.digest
    assert "is whole" in verify()
    output, _error = refused("--head", written_down)
    assert "Event number 5 differs from the head written down." in output


def test_a_head_in_the_wrong_form_is_refused(trail):
    _output, error = refused("--head", "not-a-head")
    assert "SCHOOL:NUMBER:DIGEST" in error


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_writes_at_once_in_one_school_take_consecutive_numbers(school, director):
    """Each chain is locked until the write commits: concurrent events never share or skip a number."""
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    audit.record(act(director), "school_gov.school.changed", school)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(AuditEvent.objects.filter(school=school).values_list("seq", flat=True)) == list(
        range(1, 21)
    )
    assert "is whole" in verify()
