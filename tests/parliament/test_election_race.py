"""Two requests cast the same vote at once (SP-1.4: one vote per student): exactly one is counted.
Needs PostgreSQL's concurrent transactions (SQLite takes one writer at a time)."""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.utils import translation

from parliament.actions.elections import Refused, cast_vote, hash_code, move_to_stage, vote_with_code
from parliament.models import ElectionStage, Tally, Turnout, VoteCode
from tests.factories import CandidateFactory, ElectionFactory, StudentFactory
from tests.steps import act, operator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def election(term, adviser):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (CI runs this on PostgreSQL)")
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    CandidateFactory(election=election)
    CandidateFactory(election=election)
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    return election


def _at_once(*votes) -> list[str]:
    """Run each vote in its own thread (its own connection), released together."""
    barrier = threading.Barrier(len(votes))
    outcomes: list[str] = []

    def run(vote) -> None:
        try:
            barrier.wait()
            with translation.override("en"):
                vote()
            outcomes.append("counted")
        except Refused as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(vote,)) for vote in votes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _total(election) -> int:
    return Tally.objects.filter(election=election).aggregate(total=Sum("votes"))["total"]


def test_two_simultaneous_votes_of_one_student_count_once(election, student):
    first, second = election.candidates.order_by("pk")
    voter = student.student

    outcomes = _at_once(
        lambda: cast_vote(election=election, student=voter, candidate=first, method="account"),
        lambda: cast_vote(election=election, student=voter, candidate=second, method="account"),
    )

    assert sorted(outcomes) == ["You have already voted in this election.", "counted"]
    assert Turnout.objects.filter(election=election, student=voter).count() == 1
    assert _total(election) == 1


def test_one_code_used_twice_at_once_counts_once(election, school):
    child = StudentFactory(school=school, grade=6)
    VoteCode.objects.create(election=election, student=child, code_hash=hash_code(election, "ABCD2345"))
    first, second = election.candidates.order_by("pk")

    outcomes = _at_once(
        lambda: vote_with_code(election=election, code="ABCD2345", candidate=first, by=operator(election)),
        lambda: vote_with_code(election=election, code="abcd-2345", candidate=second, by=operator(election)),
    )

    assert outcomes.count("counted") == 1
    assert Turnout.objects.filter(election=election).count() == 1
    assert _total(election) == 1


def test_votes_of_different_students_at_once_are_all_counted(election, school):
    voters = [StudentFactory(school=school, grade=grade) for grade in (5, 6, 7, 8)]
    first = election.candidates.order_by("pk").first()

    outcomes = _at_once(
        *(
            (lambda v=voter: cast_vote(election=election, student=v, candidate=first, method="account"))
            for voter in voters
        )
    )

    assert outcomes == ["counted"] * 4
    assert _total(election) == 4
