"""Poll answers are as secret as ballots (SP-3.1): the roll says who answered, the counters how many chose
each answer, and no column, id, timestamp, row order or transaction stamp links the two."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.urls import reverse
from django.utils import translation

from parliament.actions.polls import answer_poll
from parliament.models import Poll, PollOption, PollResponse
from school_gov.models import AuditEvent, Student
from tests.factories import PollFactory, PollOptionFactory, StudentFactory, UserFactory
from tests.steps import as_student

TABLES = (PollResponse, PollOption, Poll, AuditEvent)


@pytest.fixture
def poll(school, adviser):
    poll = PollFactory(school=school, created_by=adviser.staff)
    PollOptionFactory(poll=poll, text="Ооба", position=1)
    PollOptionFactory(poll=poll, text="Жок", position=2)
    PollOptionFactory(poll=poll, text="Билбейм", position=3)
    return poll


def _voter(school, username):
    user = UserFactory(username=username)
    StudentFactory(school=school, user=user, grade=9)
    return user


def _relations(model) -> set:
    return {field.related_model for field in model._meta.concrete_fields if field.is_relation}


def _time_fields(model) -> list[str]:
    kinds = (models.DateTimeField, models.DateField, models.TimeField, models.DurationField)
    return [field.name for field in model._meta.concrete_fields if isinstance(field, kinds)]


def test_no_column_of_the_roll_or_the_counters_refers_to_the_other():
    assert _relations(PollResponse) == {Poll, Student}
    assert _relations(PollOption) == {Poll}
    assert _time_fields(PollResponse) == []
    assert _time_fields(PollOption) == []
    assert {f.name for f in PollResponse._meta.concrete_fields}.isdisjoint({"option", "choice", "answer"})


def _table_order(table: str, column: str) -> list:
    """The rows as the database stores them: a SELECT without ORDER BY (PostgreSQL's heap order)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {connection.ops.quote_name(table)}")
        return [row[0] for row in cursor.fetchall()]


def _dump() -> dict[str, list[tuple]]:
    """Every row of the poll tables and of the audit trail as stored (no ORDER BY), the roll's ids
    replaced by their rank: the order of answering, which is public (a student is seen answering)."""
    dump = {}
    with connection.cursor() as cursor:
        for model in TABLES:
            table = model._meta.db_table
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            if model is PollResponse:
                ranks = {pk: rank for rank, pk in enumerate(sorted(row["id"] for row in rows))}
                for row in rows:
                    row["id"] = ranks[row["id"]]
            dump[table] = [tuple(sorted(row.items())) for row in rows]
    return dump


def _answer_and_dump(client, poll, answers) -> dict:
    """Answer through the site as given, read every row a database reader could read, then undo the
    answers (each answer is its own durable transaction, as in production, so they are undone by hand)."""
    for user, text in answers:
        client.force_login(user)
        option = poll.options.get(text=text)
        client.post(reverse("parliament:poll_answer", args=[poll.pk]), {"option": option.pk})
    dump = _dump()
    votes = list(poll.options.order_by("position").values_list("votes", flat=True))
    PollResponse.objects.filter(poll=poll).delete()
    poll.options.update(votes=0)
    return {"dump": dump, "votes": votes}


def test_swapping_two_students_answers_leaves_the_same_rows_but_the_rolls_ids(client, school, poll):
    first, second = _voter(school, "first"), _voter(school, "second")
    one = _answer_and_dump(client, poll, [(first, "Ооба"), (second, "Жок")])
    swapped = _answer_and_dump(client, poll, [(first, "Жок"), (second, "Ооба")])
    assert one["votes"] == swapped["votes"] == [1, 1, 0]
    assert one["dump"] == swapped["dump"]
    assert one["dump"][AuditEvent._meta.db_table] == []


def test_the_counters_stay_in_their_order_whatever_is_chosen(school, poll):
    before = _table_order(PollOption._meta.db_table, "id")
    for index, text in enumerate(["Билбейм", "Ооба", "Билбейм"]):
        answer_poll(
            poll,
            by=as_student(StudentFactory(school=school, grade=8 + index % 2)),
            option=poll.options.get(text=text),
        )
    assert _table_order(PollOption._meta.db_table, "id") == before


@pytest.mark.django_db(transaction=True)
def test_every_counter_carries_the_same_transaction_id_after_each_answer(school, adviser):
    """PostgreSQL stamps each row version with the id of the transaction that wrote it (`xmin`), which any
    database reader can select. Raising only the chosen counter would give it the student's transaction
    id, the same as the student's row on the roll; every counter is rewritten instead."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin is a PostgreSQL system column (CI runs this on PostgreSQL)")
    poll = PollFactory(school=school, created_by=adviser.staff)
    options = [PollOptionFactory(poll=poll, position=n) for n in (1, 2, 3)]
    for option in (options[2], options[0], options[1]):
        answer_poll(poll, by=as_student(StudentFactory(school=school, grade=9)), option=option)
        with connection.cursor() as cursor:
            cursor.execute("SELECT xmin::text FROM parliament_polloption WHERE poll_id = %s", [poll.pk])
            stamps = {row[0] for row in cursor.fetchall()}
        assert len(stamps) == 1
    assert [o.votes for o in PollOption.objects.filter(poll=poll).order_by("position")] == [1, 1, 1]


@pytest.mark.django_db(transaction=True)
def test_sweep_ballots_rewrites_the_poll_counters_without_old_versions(poll, school):
    """Old versions of the counters would link answers to the roll for a reader of the table's pages;
    `manage.py sweep_ballots` (scheduled, README) rewrites the table with its live rows only."""
    if connection.vendor != "postgresql":
        pytest.skip("row versions and VACUUM are PostgreSQL's (CI runs this on PostgreSQL)")
    options = list(poll.options.order_by("pk"))
    for n in range(12):
        answer_poll(
            poll, by=as_student(StudentFactory(school=school, grade=7)), option=options[n % len(options)]
        )

    def slots():
        with connection.cursor() as cursor:
            cursor.execute("SELECT ctid::text FROM parliament_polloption ORDER BY ctid")
            return [row[0] for row in cursor.fetchall()]

    assert slots() != [f"(0,{n})" for n in range(1, len(options) + 1)]
    call_command("sweep_ballots", verbosity=0)
    assert slots() == [f"(0,{n})" for n in range(1, len(options) + 1)]
    assert sum(PollOption.objects.filter(poll=poll).values_list("votes", flat=True)) == 12


def test_sweep_ballots_explains_itself_off_postgresql(db):
    if connection.vendor == "postgresql":
        pytest.skip("the refusal is for other databases")
    with (
        translation.override("en"),
        pytest.raises(CommandError, match="Only PostgreSQL keeps old row versions"),
    ):
        call_command("sweep_ballots")
