"""Who may see and do what in the presidential election (SP-1.4), and who may vote.

The election belongs to its term's school: outsiders get 404 from the fetch helpers. The commission is
its students plus the supervising teacher; the election is run (stages moved, results published) by the
supervisor, the term's adviser or the school's director and deputy director.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from parliament.models import Candidate, Election, ElectionStage, Turnout
from parliament.permissions import in_own_school_or_404, is_adviser, student_in_school
from school_gov import roles
from school_gov.formats import dated
from school_gov.models import Staff, Student
from school_gov.people import Person

BEFORE_VOTING = (ElectionStage.REGISTRATION, ElectionStage.CAMPAIGN)
CODES_STAGES = (ElectionStage.REGISTRATION, ElectionStage.CAMPAIGN, ElectionStage.VOTING)


def local_datetime(moment) -> str:
    return dated(moment, "datetime")


def can_view_election(person: Person, election: Election) -> bool:
    """The school's students and staff see the election; the district's methodologists read it."""
    if person.is_superuser:
        return True
    school = election.term.school
    own = person.school
    if own is None:
        return False
    if own.pk == school.pk:
        return True
    return (
        roles.DISTRICT_METHODOLOGIST in person.roles
        and own.district_id is not None
        and own.district_id == school.district_id
    )


def supervisor_of(person: Person, election: Election) -> Staff | None:
    staff = person.staff
    return staff if staff is not None and staff.pk == election.supervisor_id else None


def is_commission(person: Person, election: Election) -> bool:
    """A member of the election commission: its students and the supervising teacher (SP-1.4)."""
    if supervisor_of(person, election) is not None:
        return True
    student = person.student
    if student is None:
        return False
    # Several predicates ask on one page: one query per election object and student.
    cache = election.__dict__.setdefault("_commission_members", {})
    if student.pk not in cache:
        cache[student.pk] = election.commission.filter(pk=student.pk).exists()
    return cache[student.pk]


def runs_election(person: Person, election: Election) -> bool:
    """The supervising teacher, the term's adviser, the school's director or deputy director."""
    return (
        supervisor_of(person, election) is not None
        or is_adviser(person, election.term)
        or person.manages(election.term.school)
    )


def can_move_stage(person: Person, election: Election) -> bool:
    """Stages move forward through the site up to the count; the results are published separately."""
    return election.stage in (*BEFORE_VOTING, ElectionStage.VOTING) and runs_election(person, election)


def can_publish_results(person: Person, election: Election) -> bool:
    """Once the commission has entered the count, the results (and the winner) are published."""
    return (
        election.stage == ElectionStage.COUNTING
        and election.counted_at is not None
        and runs_election(person, election)
    )


def can_check_candidates(person: Person, election: Election) -> bool:
    """The commission checks the registered candidates while registration is open."""
    return election.stage == ElectionStage.REGISTRATION and is_commission(person, election)


def can_issue_codes(person: Person, election: Election) -> bool:
    """The commission prints one-time codes per class from the roll, up to and during the voting."""
    return election.stage in CODES_STAGES and is_commission(person, election)


def can_record_count(person: Person, election: Election) -> bool:
    """At the count the commission enters the paper ballots and sees the electronic tally."""
    return election.stage == ElectionStage.COUNTING and is_commission(person, election)


def can_operate_code_device(person: Person, election: Election) -> bool:
    """SP-1.4: who may open the shared code-voting page on a device: the election commission (its
    students and the supervising teacher) and the school's class teachers, who take their classes to a
    computer; no other staff member, and nobody of the district. The voter types their own code and
    makes their own choice; the page never shows whose code was used or what was chosen."""
    if is_commission(person, election):
        return True
    return person.holds(roles.CLASS_TEACHER) and person.belongs_to(election.term.school)


def voter_of(person: Person, election: Election) -> Student | None:
    """The signed-in student of the election's school, who may ask whether they may vote."""
    return student_in_school(person, election.term.school)


def registrant_of(person: Person, election: Election) -> Student | None:
    """A student of the school may open the registration page; the grade is checked with a message."""
    return student_in_school(person, election.term.school)


def candidate_refusal(election: Election, student: Student) -> str | None:
    """Why `student` may not register as a candidate now, or None: the registration's rules (SP-1.4) and
    the candidate's own (`Candidate.clean`: the candidate grades and the school's office-holder band).
    The page that offers standing and the action that registers ask this one question."""
    if election.stage != ElectionStage.REGISTRATION:
        return gettext("Registration of candidates is closed.")
    if student.school_id != election.term.school_id:
        return gettext("This student studies at another school.")
    if student.grade < election.candidate_from_grade:
        return gettext("Candidates stand from grade %(first)s; you are in grade %(grade)s.") % {
            "first": election.candidate_from_grade,
            "grade": student.grade,
        }
    if election.commission.filter(pk=student.pk).exists():
        return gettext(
            "Members of the election commission do not stand: the commission checks the candidates. "
            "Leave the commission first."
        )
    try:
        Candidate(election=election, student=student).clean()
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def vote_refusal(election: Election, student: Student, *, voted: bool | None = None, now=None) -> str | None:
    """Why `student` may not vote now, or None when they may (SP-1.4: one vote per eligible student,
    in the voting window). `voted` saves the query when the caller knows; cast_vote leaves the final
    word on a second vote to the turnout roll's unique constraint."""
    if student.school_id != election.term.school_id:
        return gettext("Only students of the school vote in its election.")
    if student.left_on is not None:  # a code printed before the student left the school
        return gettext("Only students of the school vote in its election.")
    if student.grade < election.voter_from_grade:
        return gettext("Students vote from grade %(first)s; you are in grade %(grade)s.") % {
            "first": election.voter_from_grade,
            "grade": student.grade,
        }
    if voted is None:
        voted = Turnout.objects.filter(election=election, student=student).exists()
    if voted:
        return gettext("You have already voted in this election.")
    return window_refusal(election, now)


def window_refusal(election: Election, now=None) -> str | None:
    """Why no vote is taken now, or None inside the voting window at the voting stage."""
    now = now or timezone.now()
    if election.is_open(now):
        return None
    if election.stage in BEFORE_VOTING or (
        election.stage == ElectionStage.VOTING and now < election.voting_opens_at
    ):
        if now >= election.voting_opens_at:
            return gettext("Voting has not opened yet.")
        return gettext("Voting has not opened yet: it opens on %(opens)s and closes on %(closes)s.") % {
            "opens": local_datetime(election.voting_opens_at),
            "closes": local_datetime(election.voting_closes_at),
        }
    return gettext("Voting has closed.")


# Fetch helpers


def get_election_for_user(person: Person, pk: int) -> Election:
    """An election for a view: 404 outside the user's schools, 403 to anyone else who may not see it."""
    election = in_own_school_or_404(
        Election.objects.select_related(
            "term__school", "term__school_year", "supervisor", "winner__student", "runoff_of"
        ),
        person,
        school_field="term__school",
        pk=pk,
    )
    if not can_view_election(person, election):
        raise PermissionDenied
    return election


def get_candidate_for_user(person: Person, pk: int) -> Candidate:
    candidate = in_own_school_or_404(
        Candidate.objects.select_related("election__term__school", "election__supervisor", "student"),
        person,
        school_field="election__term__school",
        pk=pk,
    )
    if not can_view_election(person, candidate.election):
        raise PermissionDenied
    return candidate
