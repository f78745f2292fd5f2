"""The workflow's actions as the tests take them: `steps.agree(plan, deputy)` is
`methodology.actions.plans.agree(plan, by=<deputy as a person>)`, the same function the site and the
admin call."""

from __future__ import annotations

from methodology.actions import plans, reports
from methodology.models import WorkPlan
from school_gov.people import Person, person_of


def act(user) -> Person:
    """The account as a person acting now (built afresh: a test may have changed its appointments)."""
    if hasattr(user, "_person"):
        del user._person
    return person_of(user)


def _actions(record):
    return plans if isinstance(record, WorkPlan) else reports


def submit(record, user) -> None:
    _actions(record).submit(record, by=act(user))


def agree(plan, user) -> None:
    plans.agree(plan, by=act(user))


def approve(plan, user) -> None:
    plans.approve(plan, by=act(user))


def accept(report, user) -> None:
    reports.accept(report, by=act(user))


def return_for_revision(record, user, comment: str) -> None:
    _actions(record).return_for_revision(record, by=act(user), comment=comment)


def as_student(student) -> Person:
    """A student record acting through its account (one is made and linked when the record has none)."""
    if student.user_id is None:
        from tests.factories import UserFactory

        student.user = UserFactory(username=f"student-{student.pk}")
        student.save(update_fields=["user"])
    return act(student.user)


def operator(election) -> Person:
    """Who opened the shared code-voting device: the election's supervising teacher (or the adviser)."""
    staff = election.supervisor or election.term.adviser
    return act(staff.user)
