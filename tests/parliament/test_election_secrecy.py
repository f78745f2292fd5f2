"""The secret ballot (SP-1.4): who voted (the turnout roll) and what was chosen (the counters) are stored
so that no column, id, timestamp or row order links a voter to a choice, for the admin or a database
reader."""

import datetime

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Sum
from django.utils import timezone

from parliament.actions.elections import cast_vote, move_to_stage
from parliament.models import Candidate, ElectionStage, PaperCount, Tally, Turnout, VoteCode
from school_gov.models import AuditEvent
from tests.factories import CandidateFactory, ElectionFactory, StudentFactory
from tests.steps import act

BALLOT_TABLES = (Turnout, Tally)


def open_election(term, adviser, *, candidates=2):
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    for _ in range(candidates):
        CandidateFactory(election=election)
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    return election


@pytest.fixture
def election(term, adviser):
    return open_election(term, adviser)


@pytest.fixture
def voters(school, student):
    return [student.student, StudentFactory(school=school, grade=9), StudentFactory(school=school, grade=5)]


def _relations(model) -> set:
    return {field.related_model for field in model._meta.concrete_fields if field.is_relation}


def _time_fields(model) -> list[str]:
    kinds = (models.DateTimeField, models.DateField, models.TimeField, models.DurationField)
    return [field.name for field in model._meta.concrete_fields if isinstance(field, kinds)]


def test_no_column_of_the_roll_or_the_counters_refers_to_the_other(election, voters):
    first, second = election.candidates.order_by("pk")
    for voter, choice in zip(voters, [first, second, first], strict=True):
        cast_vote(election=election, student=voter, candidate=choice, method="account")
    assert Turnout.objects.count() == 3

    # The roll points at the election and the student only; the counters at the election and a candidate.
    assert _relations(Turnout) == {election.__class__, voters[0].__class__}
    assert _relations(Tally) == {election.__class__, Candidate}
    for model in BALLOT_TABLES:
        assert not _relations(model) & {Turnout, Tally, VoteCode, PaperCount}, model
    # No timestamp on either side to line a voter up with a counter's change.
    assert _time_fields(Turnout) == []
    assert _time_fields(Tally) == []
    assert _time_fields(VoteCode) == []
    # The roll has no column for the choice, nor does a code.
    for model in (Turnout, VoteCode):
        names = {field.name for field in model._meta.concrete_fields}
        assert names.isdisjoint({"candidate", "choice", "option", "tally", "vote"}), model
        assert Candidate not in _relations(model)


def test_the_counters_ids_and_order_are_fixed_before_the_first_vote(election, voters):
    """The counters are created when voting starts, one per admitted candidate in the candidates' order;
    votes change their numbers only."""
    before = list(Tally.objects.filter(election=election).values_list("pk", "candidate_id"))
    first, second = election.candidates.order_by("pk")
    for voter, choice in zip(voters, [second, first, second], strict=True):
        cast_vote(election=election, student=voter, candidate=choice, method="account")
    assert list(Tally.objects.filter(election=election).values_list("pk", "candidate_id")) == before
    assert [candidate for _pk, candidate in before] == [first.pk, second.pk]
    assert _table_order("parliament_tally", "candidate_id") == [first.pk, second.pk]


def _table_order(table: str, column: str) -> list:
    """The rows as the database stores them: a SELECT without ORDER BY (PostgreSQL's heap order)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {connection.ops.quote_name(table)}")
        return [row[0] for row in cursor.fetchall()]


def _dump() -> dict[str, list[tuple]]:
    """Every row of every parliament table and of the audit trail, as the database stores them (no
    ORDER BY), without the turnout roll's ids: random (UUID4), drawn afresh in each run."""
    tables = [
        model._meta.db_table
        for model in apps.get_app_config("parliament").get_models(include_auto_created=True)
    ]
    tables.append(AuditEvent._meta.db_table)
    dump = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            if table == Turnout._meta.db_table:
                for row in rows:
                    row["id"] = None
            dump[table] = [tuple(sorted(row.items())) for row in rows]
    return dump


def test_the_database_is_the_same_whichever_voter_chose_which(election, voters):
    """Two voters choose different candidates; from the same starting state they swap their choices.
    The stored content, in the stored order, is identical: nothing says who chose whom."""
    first_voter, second_voter = voters[:2]
    x, y = election.candidates.order_by("pk")

    def run(choice_of_first, choice_of_second):
        with transaction.atomic():
            cast_vote(election=election, student=first_voter, candidate=choice_of_first, method="account")
            cast_vote(election=election, student=second_voter, candidate=choice_of_second, method="account")
            dump = _dump()
            roll = sorted(Turnout.objects.values_list("student_id", flat=True))
            transaction.set_rollback(True)
        return dump, roll

    first_dump, first_roll = run(x, y)
    second_dump, second_roll = run(y, x)

    assert first_dump == second_dump
    assert first_roll == second_roll == sorted([first_voter.pk, second_voter.pk])
    assert Tally.objects.filter(election=election).aggregate(total=Sum("votes"))["total"] == 0


@pytest.mark.django_db(transaction=True)
def test_every_counter_carries_the_same_transaction_id_after_each_vote(term, adviser, school, student):
    """PostgreSQL stamps each row version with the id of the transaction that wrote it (`xmin`), which
    any database reader can select. Raising only the chosen counter would give it the voter's
    transaction id, the same as the voter's row on the roll; every counter is rewritten instead."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin is a PostgreSQL system column (CI runs this on PostgreSQL)")
    election = open_election(term, adviser, candidates=3)
    candidates = list(election.candidates.order_by("pk"))
    voters = [student.student, StudentFactory(school=school, grade=9), StudentFactory(school=school, grade=6)]
    for voter, choice in zip(voters, [candidates[2], candidates[0], candidates[1]], strict=True):
        cast_vote(election=election, student=voter, candidate=choice, method="account")
        with connection.cursor() as cursor:
            cursor.execute("SELECT xmin::text FROM parliament_tally WHERE election_id = %s", [election.pk])
            stamps = {row[0] for row in cursor.fetchall()}
        assert len(stamps) == 1
        assert _table_order("parliament_tally", "candidate_id") == [c.pk for c in candidates]


def _slots(table: str) -> tuple[str, list[str]]:
    """The table's file on disk and where its live rows stand in it (ctid: page, slot). A replaced row
    version keeps its slot, stamped with the transaction that replaced it, until VACUUM."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_filenode(%s)::text", [table])
        (filenode,) = cursor.fetchone()
        cursor.execute(f"SELECT ctid::text FROM {table} ORDER BY ctid")  # noqa: S608 - a fixed name
        return filenode, [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_the_counters_table_is_rewritten_without_old_versions_when_the_count_starts(
    term, adviser, school, student
):
    """Each vote leaves old versions of the counters in the table's pages until VACUUM: diffed against
    the roll, they would tell who chose what to a superuser reading the pages. Moving to the count
    rewrites the table into a new file holding the live rows only."""
    if connection.vendor != "postgresql":
        pytest.skip("row versions and VACUUM are PostgreSQL's (CI runs this on PostgreSQL)")
    election = open_election(term, adviser, candidates=3)
    candidates = list(election.candidates.order_by("pk"))
    for n in range(30):
        voter = StudentFactory(school=school, grade=6)
        cast_vote(election=election, student=voter, candidate=candidates[n % 3], method="account")
    before, slots = _slots("parliament_tally")
    assert slots != ["(0,1)", "(0,2)", "(0,3)"]  # 90 replaced versions stand before the live rows
    closed = timezone.now() - datetime.timedelta(minutes=1)
    apps.get_model("parliament", "Election").objects.filter(pk=election.pk).update(
        voting_opens_at=closed - datetime.timedelta(hours=6), voting_closes_at=closed
    )
    election.refresh_from_db()
    move_to_stage(election=election, stage=ElectionStage.COUNTING, by=act(adviser))
    after, slots = _slots("parliament_tally")
    assert after != before
    assert slots == ["(0,1)", "(0,2)", "(0,3)"]
    assert Tally.objects.filter(election=election).aggregate(total=Sum("votes"))["total"] == 30


@pytest.mark.django_db(transaction=True)
def test_the_turnout_roll_tells_no_order_of_voting_once_the_count_starts(term, adviser, school):
    """The roll's rows stand in the table in the order students voted, each stamped with the id of its
    own transaction (xmin): a database reader could line the roll up by time. When the count starts
    the roll is rewritten in the order of its random ids, by one transaction."""
    if connection.vendor != "postgresql":
        pytest.skip("ctid and xmin are PostgreSQL's (CI runs this on PostgreSQL)")
    election = open_election(term, adviser, candidates=2)
    candidate = election.candidates.order_by("pk").first()
    voters = [StudentFactory(school=school, grade=6) for _ in range(12)]
    for voter in voters:
        cast_vote(election=election, student=voter, candidate=candidate, method="account")

    def roll() -> list[tuple[str, str, int]]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id::text, xmin::text, student_id FROM parliament_turnout ORDER BY ctid")
            return cursor.fetchall()

    before = roll()
    assert [student for _id, _xmin, student in before] == [v.pk for v in voters]  # the voting order
    assert len({xmin for _id, xmin, _student in before}) == 12
    closed = timezone.now() - datetime.timedelta(minutes=1)
    apps.get_model("parliament", "Election").objects.filter(pk=election.pk).update(
        voting_opens_at=closed - datetime.timedelta(hours=6), voting_closes_at=closed
    )
    election.refresh_from_db()
    move_to_stage(election=election, stage=ElectionStage.COUNTING, by=act(adviser))
    after = roll()
    assert [row_id for row_id, _xmin, _student in after] == sorted(row_id for row_id, _x, _s in after)
    assert len({xmin for _id, xmin, _student in after}) == 1
    assert sorted(student for _id, _x, student in after) == sorted(v.pk for v in voters)


@pytest.mark.django_db(transaction=True)
def test_the_rewrite_waits_for_another_sessions_snapshot_to_end(term, adviser, school):
    """A session still reading other tables under an older snapshot (a report, a dump) keeps the
    replaced versions alive through a VACUUM: the sweep waits for it to end, and the table holds the
    live rows only."""
    import threading
    import time

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("row versions and VACUUM are PostgreSQL's (CI runs this on PostgreSQL)")
    election = open_election(term, adviser, candidates=3)
    candidates = list(election.candidates.order_by("pk"))
    reading, voted = threading.Event(), threading.Event()

    def long_report() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    cursor.execute("SELECT count(*) FROM school_gov_school")  # another table
                reading.set()
                voted.wait(30)
                time.sleep(2)  # still reading while the count starts
        finally:
            connections.close_all()

    report = threading.Thread(target=long_report)
    report.start()
    reading.wait(5)
    for n in range(9):  # voted while the report reads under its older snapshot
        cast_vote(
            election=election,
            student=StudentFactory(school=school, grade=6),
            candidate=candidates[n % 3],
            method="account",
        )
    voted.set()
    closed = timezone.now() - datetime.timedelta(minutes=1)
    apps.get_model("parliament", "Election").objects.filter(pk=election.pk).update(
        voting_opens_at=closed - datetime.timedelta(hours=6), voting_closes_at=closed
    )
    election.refresh_from_db()
    move_to_stage(election=election, stage=ElectionStage.COUNTING, by=act(adviser))
    report.join()
    _after, slots = _slots("parliament_tally")
    assert slots == ["(0,1)", "(0,2)", "(0,3)"]
