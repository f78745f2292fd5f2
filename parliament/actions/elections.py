"""The presidential election's writes (SP-1.4): candidates registered and checked, stages moved, votes
cast (from an account or with a one-time code), codes issued, the count entered and the results published.

At the count the commission reconciles the paper ballots class by class (`record_count`): a class's
eligible students, online votes and codes come from the records, its paper ballots issued, spoiled and
found in the box from the commission, and no class may hold more counted ballots than students without
an online vote.

Each write is one transaction with one audit event, except a vote. A vote writes the voter on the
turnout roll and adds one to a counter, and nothing else: an audit event would stamp each voter with
the moment of their vote, which the roll deliberately lacks. How the counter is raised matters on
PostgreSQL too: see `_count_vote`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext

from parliament import secrecy
from parliament.models import (
    Candidate,
    CandidateStatus,
    Election,
    ElectionStage,
    Office,
    OfficeKind,
    PaperCount,
    Tally,
    Turnout,
    VoteCode,
)
from parliament.models.elections import ClassCount
from parliament.permissions.elections import (
    BEFORE_VOTING,
    CODES_STAGES,
    can_check_candidates,
    can_issue_codes,
    can_move_stage,
    can_operate_code_device,
    can_publish_results,
    can_record_count,
    candidate_refusal,
    is_commission,
    local_datetime,
    vote_refusal,
    voter_of,
    window_refusal,
)
from school_gov import audit, guesses
from school_gov.actions import action, allow, lock
from school_gov.codes import new_code, normalize_code
from school_gov.collation import Kyrgyz, kyrgyz_key
from school_gov.models import School, Student
from school_gov.people import Person
from school_gov.refusals import Refused, check

STAGE_ORDER: list[str] = [
    ElectionStage.REGISTRATION,
    ElectionStage.CAMPAIGN,
    ElectionStage.VOTING,
    ElectionStage.COUNTING,
    ElectionStage.RESULTS,
]


def next_stage(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def _school(election: Election) -> School:
    return election.term.school


def _lock(election: Election, by: Person | None = None) -> Election:
    """The election's row, locked; with `by`, only an election of the schools the person may read."""
    return lock(Election.objects.select_related("term__school"), by=by, within="term__school", pk=election.pk)


# Candidates


@action
def register_candidate(*, election: Election, student: Student, statement: str, by: Person) -> Candidate:
    """SP-1.4: a student of the candidate grades stands with a statement, while registration is open.

    The student registers from their own account, or the commission enters a paper application."""
    allow(
        (student.user_id is not None and student.user_id == by.user.pk) or is_commission(by, election),
        gettext("Only the student or the election commission may register a candidate."),
    )
    if not statement.strip():
        raise Refused(gettext("Write your statement: what you will do as president."))
    with transaction.atomic():
        # Taken in turn with the move to the campaign, so no one registers once the checks are done.
        locked = _lock(election, by)
        refusal = candidate_refusal(locked, student)
        if refusal:
            raise Refused(refusal)
        candidate = Candidate(election=locked, student=student, statement=statement.strip())
        try:
            candidate.full_clean()
        except ValidationError as error:
            raise Refused(" ".join(error.messages)) from None
        try:
            with transaction.atomic():
                candidate.save()
        except IntegrityError:
            raise Refused(gettext("This student is already a candidate in this election.")) from None
        audit.record(by, "parliament.candidate.registered", candidate, school=_school(locked))
    return candidate


@action
def check_candidate(*, candidate: Candidate, admit: bool, note: str, by: Person) -> Candidate:
    """SP-1.4: the commission (its students and the supervising teacher) admits a registered candidate
    or refuses them with a written reason; it may revise its decision while registration is open."""
    election = _lock(candidate.election, by)
    if election.stage != ElectionStage.REGISTRATION:
        raise Refused(gettext("Only the election commission checks candidates, while registration is open."))
    allow(
        can_check_candidates(by, election),
        gettext("Only the election commission checks candidates, while registration is open."),
    )
    checker = by.student
    if checker is not None and checker.pk == candidate.student_id:
        raise Refused(gettext("Nobody checks their own candidacy: another member of the commission does."))
    if not admit and not note.strip():
        raise Refused(gettext("Write why the candidate is not admitted."))
    if admit:
        # The band may have moved since the registration (the school's setting, a new school year).
        check(
            Candidate.objects.select_related("student__school", "election__term__school").get(pk=candidate.pk)
        )
    status = CandidateStatus.APPROVED if admit else CandidateStatus.REJECTED
    Candidate.objects.filter(pk=candidate.pk).update(status=status, check_note=note.strip())
    candidate.status, candidate.check_note = status, note.strip()
    audit.record(
        by,
        f"parliament.candidate.{'admitted' if admit else 'rejected'}",
        candidate,
        school=_school(election),
        note=note.strip(),
    )
    return candidate


# Stages


@action
def move_to_stage(*, election: Election, stage: str, by: Person) -> Election:
    """SP-1.4: registration → campaign → voting → count, one step forward at a time.

    The campaign starts once every registered candidate is checked and at least one is admitted; the
    ballot (a counter per admitted candidate) is set up when voting starts; the count starts once the
    voting window has closed. The results are published with `publish_results`."""
    locked = _lock(election, by)
    who = gettext("Only the supervising teacher, the adviser or the school's leaders move the stages.")
    if locked.stage not in (*BEFORE_VOTING, ElectionStage.VOTING):
        raise Refused(who)
    allow(can_move_stage(by, locked), who)
    if stage == ElectionStage.RESULTS:
        raise Refused(gettext("The results are published from the count, with the winner."))
    if stage != next_stage(locked.stage):
        raise Refused(gettext("An election moves one stage forward at a time."))
    candidates = locked.candidates.all()
    data = {}
    if stage == ElectionStage.CAMPAIGN:
        if candidates.filter(status=CandidateStatus.REGISTERED).exists():
            raise Refused(gettext("The commission has not checked every registered candidate yet."))
        if not candidates.filter(status=CandidateStatus.APPROVED).exists():
            raise Refused(gettext("No candidate is admitted: the campaign needs at least one."))
    elif stage == ElectionStage.VOTING:
        if timezone.now() >= locked.voting_closes_at:
            raise Refused(
                gettext("The voting window has already closed; change its dates in the administration first.")
            )
        admitted = list(candidates.filter(status=CandidateStatus.APPROVED).order_by("pk"))
        Tally.objects.bulk_create(
            [Tally(election=locked, candidate=candidate) for candidate in admitted], ignore_conflicts=True
        )
        data["candidates"] = len(admitted)
    elif stage == ElectionStage.COUNTING:
        if timezone.now() < locked.voting_closes_at:
            raise Refused(
                gettext("Voting is open until %(closes)s; the count starts after it closes.")
                % {"closes": local_datetime(locked.voting_closes_at)}
            )
        data["turnout"] = locked.turnout.count()
        secrecy.sweep_after_commit()
    previous = locked.stage
    Election.objects.filter(pk=locked.pk, stage=previous).update(stage=stage)
    election.stage = locked.stage = stage
    audit.record(
        by,
        "parliament.election.stage_moved",
        locked,
        school=_school(locked),
        **{"from": previous, "to": stage},
        **data,
    )
    return election


# Voting


@action
def vote(*, election: Election, candidate: Candidate, by: Person) -> None:
    """SP-1.4: a student votes from their own account (the ballot box itself is `cast_vote`)."""
    student = voter_of(by, election)
    allow(student is not None, gettext("Only the school's students vote in its election."))
    if student is None:  # allow() refused otherwise
        raise Refused.not_allowed()
    cast_vote(election=election, student=student, candidate=candidate, method=Turnout.Method.ACCOUNT)


def cast_vote(*, election: Election, student: Student, candidate: Candidate, method: str) -> None:
    """SP-1.4: one secret vote of an eligible student, in the voting window: the ballot box that `vote`
    (from an account) and `vote_with_code` (on the shared device) drop the vote into.

    In one transaction the student goes on the turnout roll (its unique constraint refuses a second
    vote, also when two requests race) and the ballot's counters go up. No audit event: see the module.
    """
    if candidate.election_id != election.pk or candidate.status != CandidateStatus.APPROVED:
        raise Refused(gettext("This candidate is not on the ballot of this election; nothing was counted."))
    with transaction.atomic():
        # Votes and the move to the count take the election's row in turn, so no vote lands after it.
        locked = _lock(election)
        refusal = vote_refusal(locked, student, voted=False)
        if refusal:
            raise Refused(refusal)
        try:
            with transaction.atomic():
                Turnout.objects.create(election=locked, student=student, grade=student.grade, method=method)
        except IntegrityError:
            raise Refused(gettext("You have already voted in this election.")) from None
        _count_vote(locked, candidate)


def _count_vote(election: Election, candidate: Candidate) -> None:
    """Add one to the candidate's counter by rewriting every counter of the ballot.

    Raising only the chosen row would leave traces on PostgreSQL that a database reader can join with
    the roll: the row's `xmin` (the id of the transaction that last wrote it, the same as the voter's
    turnout row) and its place in the table (an updated row moves to the end, so an unordered SELECT
    lists the last choice last). Rewriting all of them in the same order leaves every counter with the
    same transaction id and the table in the same order whatever was chosen."""
    if not Tally.objects.filter(election=election, candidate=candidate).exists():
        raise Refused(gettext("This candidate is not on the ballot of this election; nothing was counted."))
    Tally.objects.filter(election=election).update(
        votes=F("votes") + Case(When(candidate=candidate, then=Value(1)), default=Value(0))
    )


def hash_code(election: Election, code: str) -> str:
    """The stored form of a code: SHA-256 of the code salted with the election's id and keyed (HMAC)
    with the site's SECRET_KEY. 32⁸ codes are few enough to try them all against a leaked table in
    minutes; without the key the table gives nothing away. Codes printed before a change of
    SECRET_KEY stop working, so change it between elections, not during one."""
    return salted_hmac(
        f"parliament.votecode.{election.pk}", normalize_code(code), algorithm="sha256"
    ).hexdigest()


@action
def vote_with_code(*, election: Election, code: str, candidate: Candidate, by: Person) -> None:
    """SP-1.4: a student without an account votes with the one-time code the commission printed, on the
    shared device that the commission or a class teacher of the school (`by`) opened.

    An unknown or used code is refused with the same message (and nothing counted); a code is used up
    only together with the vote it casts."""
    allow(
        can_operate_code_device(by, election),
        gettext(
            "The shared voting device is opened by the election commission and the school's class teachers."
        ),
    )
    refusal = window_refusal(election)
    if refusal:
        raise Refused(refusal)
    # Ten wrong codes in a quarter of an hour from the device's address or by its operator: it waits
    # (school_gov.guesses), so the code space cannot be walked from a shared device.
    scope = str(election.pk)
    until = guesses.blocked_until(guesses.VOTE_CODE, scope, by)
    if until is not None:
        raise Refused(
            gettext(
                "Too many unknown codes were typed on this device; nothing was counted. It takes codes "
                "again from: %(time)s. A student whose code does not work gets a new one from the "
                "commission."
            )
            % {"time": date_format(timezone.localtime(until), "TIME_FORMAT")}
        )
    with transaction.atomic():
        vote_code = (
            VoteCode.objects.select_for_update()
            .select_related("student")
            .filter(election=election, code_hash=hash_code(election, code))
            .first()
        )
        if vote_code is None or vote_code.used:
            # One answer for both (the device tells nobody whether a code exists); only a code that
            # is no code at all counts as a guess, not a real one sent twice (a double tap).
            raise Refused(
                gettext("This code is unknown or has already been used; nothing was counted."),
                keep=None
                if vote_code is not None
                else lambda: guesses.note_wrong(guesses.VOTE_CODE, scope, by),
            )
        VoteCode.objects.filter(pk=vote_code.pk).update(used=True)
        cast_vote(
            election=election, student=vote_code.student, candidate=candidate, method=Turnout.Method.CODE
        )


def code_roll(election: Election, grade: int, class_letter: str) -> list[tuple[Student, str]]:
    """The class roll for the commission: each student with how they vote ("account", "code",
    "needs_code", "voted" or "too_young")."""
    students = list(
        Student.objects.filter(school_id=election.term.school_id, grade=grade, class_letter=class_letter)
        .select_related("school")
        .order_by(Kyrgyz("surname"), Kyrgyz("name"), "pk")
    )
    ids = [s.pk for s in students]
    voted = set(
        Turnout.objects.filter(election=election, student_id__in=ids).values_list("student_id", flat=True)
    )
    coded = set(
        VoteCode.objects.filter(election=election, student_id__in=ids).values_list("student_id", flat=True)
    )
    rows = []
    for student in students:
        if student.grade < election.voter_from_grade:
            state = "too_young"
        elif student.pk in voted:
            state = "voted"
        elif student.user_id:
            state = "account"
        elif student.pk in coded:
            state = "code"
        else:
            state = "needs_code"
        rows.append((student, state))
    return rows


@action
def issue_codes(
    *, election: Election, grade: int, class_letter: str, by: Person
) -> list[tuple[Student, str]]:
    """SP-1.4: one-time codes for the eligible students of a class who have no account and no code yet.

    The codes are returned once, for printing, and only their hashes are kept; the audit event says how
    many were issued for which class, never the codes."""
    locked = _lock(election, by)
    _may_issue_codes(by, locked)
    if grade < locked.voter_from_grade:
        raise Refused(
            gettext("Students vote from grade %(first)s; grade %(grade)s gets no codes.")
            % {"first": locked.voter_from_grade, "grade": grade}
        )
    needing = [s for s, state in code_roll(locked, grade, class_letter) if state == "needs_code"]
    taken = set(VoteCode.objects.filter(election=locked).values_list("code_hash", flat=True))
    issued: list[tuple[Student, str]] = []
    rows = []
    for student in needing:
        code, digest = unused_code(locked, taken)
        rows.append(VoteCode(election=locked, student=student, code_hash=digest))
        issued.append((student, code))
    VoteCode.objects.bulk_create(rows)
    audit.record(
        by,
        "parliament.election.codes_issued",
        locked,
        school=_school(locked),
        grade=grade,
        class_letter=class_letter,
        count=len(rows),
    )
    return issued


def _may_issue_codes(by: Person, election: Election) -> None:
    message = gettext("Only the election commission prints codes, before the count.")
    if election.stage not in CODES_STAGES:
        raise Refused(message)
    allow(can_issue_codes(by, election), message)


def unused_code(election: Election, taken: set[str]) -> tuple[str, str]:
    """A new code and its hash, unlike any code of the election."""
    code = new_code()
    while (digest := hash_code(election, code)) in taken:
        code = new_code()
    taken.add(digest)
    return code, digest


@action
def reissue_code(*, election: Election, student: Student, by: Person) -> str:
    """SP-1.4: a new code for a student whose slip was lost or never printed; the old code stops working.

    Returned once, for printing, like the first; only its hash is kept. A student who has voted needs no
    code, and one who never had a code gets it with the class's sheet."""
    locked = _lock(election, by)
    _may_issue_codes(by, locked)
    row = VoteCode.objects.select_for_update().filter(election=locked, student=student).first()
    if row is None:
        raise Refused(gettext("This student has no code yet: print the codes of the class."))
    if row.used or Turnout.objects.filter(election=locked, student=student).exists():
        raise Refused(gettext("This student has voted; no new code is needed."))
    taken = set(VoteCode.objects.filter(election=locked).values_list("code_hash", flat=True))
    code, row.code_hash = unused_code(locked, taken)
    row.save(update_fields=["code_hash"])
    audit.record(
        by,
        "parliament.election.code_reissued",
        locked,
        school=_school(locked),
        student=student.pk,
        grade=student.grade,
        class_letter=student.class_letter,
    )
    return code


# Count and results


@dataclass(frozen=True)
class Result:
    candidate: Candidate
    electronic: int
    paper: int

    @property
    def total(self) -> int:
        return self.electronic + self.paper


def results_of(election: Election, candidates: Iterable[Candidate] | None = None) -> list[Result]:
    """Votes per admitted candidate, electronic and paper, most votes first (two queries, three without
    the election's candidates given)."""
    if candidates is None:
        candidates = election.candidates.select_related("student")
    admitted = [c for c in candidates if c.status == CandidateStatus.APPROVED]
    electronic = dict(Tally.objects.filter(election=election).values_list("candidate_id", "votes"))
    paper = dict(PaperCount.objects.filter(election=election).values_list("candidate_id", "ballots"))
    results = [Result(c, electronic.get(c.pk, 0), paper.get(c.pk, 0)) for c in admitted]
    return sorted(results, key=lambda r: (-r.total, kyrgyz_key(r.candidate.student.surname), r.candidate.pk))


def leaders(results: list[Result]) -> list[Result]:
    """The candidates with the most votes: one, or several on a tie (simple plurality)."""
    if not results:
        return []
    top = max(r.total for r in results)
    return [r for r in results if r.total == top]


def turnout_by_grade(election: Election) -> list[tuple[int, int, int]]:
    """(grade, voters, eligible students) for each grade that votes (two queries)."""
    voted = dict(
        Turnout.objects.filter(election=election)
        .values("grade")
        .annotate(n=Count("pk"))
        .values_list("grade", "n")
    )
    eligible = dict(
        Student.objects.filter(school_id=election.term.school_id, grade__gte=election.voter_from_grade)
        .values("grade")
        .annotate(n=Count("pk"))
        .values_list("grade", "n")
    )
    return [
        (grade, voted.get(grade, 0), eligible.get(grade, 0)) for grade in sorted(set(voted) | set(eligible))
    ]


@dataclass(frozen=True)
class PaperBallots:
    """A class's paper ballots as the commission counts them (see `ClassCount`)."""

    issued: int = 0
    returned: int = 0
    spoiled: int = 0


def class_lines(election: Election) -> list[ClassCount]:
    """Each class that votes with its eligible students, online votes and codes issued and used, from
    the records (one query); unsaved, with no paper ballots yet."""
    turnout = Turnout.objects.filter(election=election, student=OuterRef("pk"))
    codes = VoteCode.objects.filter(election=election, student=OuterRef("pk"))
    rows = (
        Student.objects.filter(school_id=election.term.school_id, grade__gte=election.voter_from_grade)
        .values("grade", "class_letter")
        .annotate(
            eligible=Count("pk"),
            voted_online=Count("pk", filter=Q(Exists(turnout))),
            codes_issued=Count("pk", filter=Q(Exists(codes))),
            codes_used=Count("pk", filter=Q(Exists(codes.filter(used=True)))),
        )
        .order_by("grade", "class_letter")
    )
    return [ClassCount(election=election, **row) for row in rows]


@action
def record_count(
    *,
    election: Election,
    paper_counts: dict[int, int],
    invalid: int,
    classes: dict[tuple[int, str], PaperBallots],
    by: Person,
) -> None:
    """SP-1.4: at the count the commission enters, for every class that votes, the paper ballots issued,
    spoiled and found in the box, and for the school the valid paper ballots per candidate and the
    invalid ones; it may correct them until the results are published.

    Refused, with the numbers, when the counted ballots are more than the eligible students without an
    online vote (in the school or in a class), or differ from the ballots found in the boxes."""
    locked = _lock(election, by)
    message = gettext("Only the election commission enters the count, at the counting stage.")
    if locked.stage != ElectionStage.COUNTING:
        raise Refused(message)
    allow(can_record_count(by, locked), message)
    admitted = set(locked.candidates.filter(status=CandidateStatus.APPROVED).values_list("pk", flat=True))
    if set(paper_counts) != admitted:
        raise Refused(gettext("Enter the paper ballots of every candidate on the ballot, and only theirs."))
    numbers = [invalid, *paper_counts.values()]
    numbers += [n for paper in classes.values() for n in (paper.issued, paper.returned, paper.spoiled)]
    if any(n < 0 for n in numbers):
        raise Refused(gettext("Ballot counts cannot be negative."))
    lines = class_lines(locked)
    if set(classes) != {(line.grade, line.class_letter) for line in lines}:
        raise Refused(gettext("Enter the paper ballots of every class that votes, and only theirs."))
    valid = sum(paper_counts.values())
    eligible = sum(line.eligible for line in lines)
    online = sum(line.voted_online for line in lines)
    if valid + invalid > eligible - online:
        raise Refused(
            gettext(
                "%(counted)s paper ballots are counted (%(valid)s valid, %(invalid)s invalid), but only "
                "%(left)s of the school's %(eligible)s eligible students did not vote online "
                "(%(online)s did)."
            )
            % {
                "counted": valid + invalid,
                "valid": valid,
                "invalid": invalid,
                "left": eligible - online,
                "eligible": eligible,
                "online": online,
            }
        )
    for line in lines:
        paper = classes[(line.grade, line.class_letter)]
        line.paper_issued, line.paper_returned, line.paper_spoiled = (
            paper.issued,
            paper.returned,
            paper.spoiled,
        )
        check(line)
    in_box = sum(line.paper_returned for line in lines)
    if valid + invalid != in_box:
        raise Refused(
            gettext(
                "%(counted)s paper ballots are counted (%(valid)s valid, %(invalid)s invalid), but the "
                "classes' boxes held %(box)s: the two must be the same."
            )
            % {"counted": valid + invalid, "valid": valid, "invalid": invalid, "box": in_box}
        )
    ClassCount.objects.filter(election=locked).delete()
    ClassCount.objects.bulk_create(lines)
    for candidate_id, ballots in paper_counts.items():
        PaperCount.objects.update_or_create(
            election=locked, candidate_id=candidate_id, defaults={"ballots": ballots}
        )
    now = timezone.now()
    Election.objects.filter(pk=locked.pk).update(invalid_paper_ballots=invalid, counted_at=now)
    election.invalid_paper_ballots, election.counted_at = invalid, now
    audit.record(
        by,
        "parliament.election.counted",
        locked,
        school=_school(locked),
        paper={str(k): v for k, v in sorted(paper_counts.items())},
        invalid=invalid,
        classes={
            line.class_name: [line.paper_issued, line.paper_returned, line.paper_spoiled] for line in lines
        },
    )


@action
def publish_results(
    *, election: Election, by: Person, tie_decision: str = "", winner: Candidate | None = None
) -> Election | None:
    """SP-1.4: the results, by simple plurality over the electronic and the paper votes.

    On a tie the commission either names the winner in a written decision (`winner` and
    `tie_decision`), or a run-off among the tied candidates is created and returned. The winner becomes
    the term's president from today; a sitting president's office ends the day before."""
    locked = _lock(election, by)
    message = gettext(
        "The results are published after the count by the supervisor, the adviser or the school's leaders."
    )
    if locked.stage != ElectionStage.COUNTING or locked.counted_at is None:
        raise Refused(message)
    allow(can_publish_results(by, locked), message)
    results = results_of(locked)
    top = leaders(results)
    if not top:
        raise Refused(gettext("No candidate was on the ballot."))
    tied = [r.candidate for r in top]
    runoff = None
    decision = tie_decision.strip()
    if len(tied) == 1:
        if winner is not None and winner.pk != tied[0].pk:
            raise Refused(gettext("The winner is the candidate with the most votes."))
        chosen = tied[0]
        decision = ""
    elif winner is not None:
        if winner.pk not in {c.pk for c in tied}:
            raise Refused(gettext("On a tie the commission chooses the winner among the tied candidates."))
        if not decision:
            raise Refused(gettext("Write the commission's decision that chose the winner on the tie."))
        chosen = next(c for c in tied if c.pk == winner.pk)
    else:
        chosen = None
        runoff = _create_runoff(locked, tied, by)
        decision = decision or gettext("A run-off is held among the tied candidates.")
    Election.objects.filter(pk=locked.pk).update(
        stage=ElectionStage.RESULTS, winner=chosen, tie_decision=decision
    )
    election.stage, election.winner, election.tie_decision = ElectionStage.RESULTS, chosen, decision
    audit.record(
        by,
        "parliament.election.results_published",
        locked,
        school=_school(locked),
        totals={str(r.candidate.pk): r.total for r in results},
        invalid=locked.invalid_paper_ballots,
        winner=chosen.pk if chosen else None,
        tie=len(tied) > 1,
        runoff=runoff.pk if runoff else None,
    )
    if chosen is not None:
        _make_president(locked, chosen, by)
    return runoff


def _create_runoff(election: Election, tied: list[Candidate], by: Person) -> Election:
    """A run-off among the tied candidates, already admitted, at the campaign stage; it opens a week
    from today at the same hour and for as long as the first round (the dates can be changed in the
    administration before voting starts)."""
    hour = timezone.localtime(election.voting_opens_at).time()
    day = timezone.localdate() + datetime.timedelta(days=7)
    opens = timezone.make_aware(datetime.datetime.combine(day, hour))
    runoff = Election.objects.create(
        term=election.term,
        title=gettext("%(title)s: run-off") % {"title": election.title},
        stage=ElectionStage.CAMPAIGN,
        candidate_from_grade=max(
            election.candidate_from_grade, election.term.school.office_holders_from_grade
        ),
        voter_from_grade=election.voter_from_grade,
        voting_opens_at=opens,
        voting_closes_at=opens + (election.voting_closes_at - election.voting_opens_at),
        supervisor=election.supervisor,
        runoff_of=election,
    )
    runoff.commission.set(election.commission.all())
    Candidate.objects.bulk_create(
        Candidate(election=runoff, student=c.student, statement=c.statement, status=CandidateStatus.APPROVED)
        for c in tied
    )
    audit.record(
        by,
        "parliament.election.runoff_created",
        runoff,
        school=_school(election),
        runoff_of=election.pk,
        candidates=[c.pk for c in tied],
    )
    return runoff


def _make_president(election: Election, winner: Candidate, by: Person) -> Office:
    """The winner holds the term's presidency from today (SP-1.3, SP-1.4), by the rules of any office:
    a winner outside the school's office-holder band (SP-1.7) is refused, and nothing is published."""
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    term = election.term
    sitting = Office.objects.filter(term=term, kind=OfficeKind.PRESIDENT).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    for office in sitting:
        # An office entered by hand to start today or later ends on its first day: it cannot end before.
        office.ends_on = max(yesterday, office.starts_on)
        office.save(update_fields=["ends_on"])
        audit.record(by, "parliament.office.ended", office, school=term.school, ends_on=office.ends_on)
    office = Office(term=term, kind=OfficeKind.PRESIDENT, student=winner.student, starts_on=today)
    check(office)
    office.save()
    audit.record(
        by, "parliament.office.created", office, school=term.school, election=election.pk, starts_on=today
    )
    return office
