"""Two requests answer the same poll at once (SP-3.1: one answer per student): exactly one is counted.
Needs PostgreSQL's concurrent transactions (SQLite takes one writer at a time)."""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.utils import translation

from parliament.actions.polls import answer_poll
from parliament.models import PollResponse
from school_gov.refusals import Refused
from tests.factories import PollFactory, PollOptionFactory, StudentFactory
from tests.steps import act, as_student

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def poll(school, adviser):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (CI runs this on PostgreSQL)")
    poll = PollFactory(school=school, created_by=adviser.staff)
    PollOptionFactory(poll=poll, position=1)
    PollOptionFactory(poll=poll, position=2)
    return poll


def _at_once(*answers) -> list[str]:
    """Run each answer in its own thread (its own connection), released together."""
    barrier = threading.Barrier(len(answers))
    outcomes: list[str] = []

    def run(answer) -> None:
        try:
            barrier.wait()
            with translation.override("en"):
                answer()
            outcomes.append("counted")
        except Refused as error:
            outcomes.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(answer,)) for answer in answers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def _total(poll) -> int:
    return poll.options.aggregate(total=Sum("votes"))["total"]


def test_two_simultaneous_answers_of_one_student_count_once(poll, student):
    first, second = poll.options.order_by("position")
    outcomes = _at_once(
        lambda: answer_poll(poll, by=act(student), option=first),
        lambda: answer_poll(poll, by=act(student), option=second),
    )
    assert sorted(outcomes) == ["You have already answered this poll.", "counted"]
    assert PollResponse.objects.filter(poll=poll, student=student.student).count() == 1
    assert _total(poll) == 1


def test_answers_of_different_students_at_once_are_all_counted(poll, school):
    students = [StudentFactory(school=school, grade=grade) for grade in (5, 6, 7, 8)]
    first = poll.options.order_by("position").first()
    people = [as_student(student) for student in students]
    outcomes = _at_once(*((lambda p=person: answer_poll(poll, by=p, option=first)) for person in people))
    assert outcomes == ["counted"] * 4
    assert _total(poll) == 4
