"""The presidential election (SP-1.4) with a secret ballot.

Secrecy by construction: who voted is a row of the turnout roll (`Turnout`); what was chosen is only a
counter on the candidate's `Tally`, incremented in the same transaction. No ballot row exists, so no
column, id, timestamp or row order can link a voter to a choice, for the admin or a database reader.
"""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parliament.models.terms import Term, require_office_holder
from school_gov.fields import Text
from school_gov.models import MAX_GRADE, MIN_GRADE, School, Staff, Student


class ElectionStage(models.TextChoices):
    REGISTRATION = "registration", _("registration of candidates")
    CAMPAIGN = "campaign", _("campaign")
    VOTING = "voting", _("voting")
    COUNTING = "counting", _("count")
    RESULTS = "results", _("results")


class Election(models.Model):
    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="elections")
    title = models.CharField(_("title"), max_length=200)
    stage = models.CharField(
        _("stage"), max_length=16, choices=ElectionStage.choices, default=ElectionStage.REGISTRATION
    )
    candidate_from_grade = models.PositiveSmallIntegerField(
        _("candidates from grade"), default=8, help_text=_("Students from this grade may stand.")
    )
    voter_from_grade = models.PositiveSmallIntegerField(
        _("voters from grade"), default=5, help_text=_("Students from this grade may vote.")
    )
    voting_opens_at = models.DateTimeField(_("voting opens"))
    voting_closes_at = models.DateTimeField(_("voting closes"))
    supervisor = models.ForeignKey(
        Staff, verbose_name=_("supervising teacher"), on_delete=models.PROTECT, related_name="+"
    )
    commission = models.ManyToManyField(
        Student, verbose_name=_("election commission"), related_name="election_commissions", blank=True
    )
    runoff_of = models.ForeignKey(
        "self",
        verbose_name=_("run-off of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    winner = models.ForeignKey(
        "Candidate",
        verbose_name=_("winner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tie_decision = Text(
        _("commission's decision on a tie"),
        blank=True,
        help_text=_("When candidates tie: the commission's decision, or that a run-off is held."),
    )
    invalid_paper_ballots = models.PositiveIntegerField(_("invalid paper ballots"), default=0)
    counted_at = models.DateTimeField(_("counted"), null=True, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-voting_opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(voting_closes_at__gt=models.F("voting_opens_at")),
                name="parliament_election_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(candidate_from_grade__gte=MIN_GRADE)
                & Q(candidate_from_grade__lte=MAX_GRADE)
                & Q(voter_from_grade__gte=MIN_GRADE)
                & Q(voter_from_grade__lte=MAX_GRADE),
                name="parliament_election_grades_1_12",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("parliament:election_detail", args=[self.pk])

    @property
    def school(self) -> School:
        return self.term.school

    def clean(self) -> None:
        if self.voting_opens_at and self.voting_closes_at and self.voting_closes_at <= self.voting_opens_at:
            raise ValidationError({"voting_closes_at": gettext("Voting must close after it opens.")})
        if self.term_id and self.candidate_from_grade is not None:
            first = self.term.school.office_holders_from_grade
            if self.candidate_from_grade < first:
                # SP-1.4 within SP-1.7: the winner holds an office, so candidates come from the band.
                raise ValidationError(
                    {
                        "candidate_from_grade": gettext(
                            "Offices in the parliament are held from grade %(first)s at this school, so "
                            "candidates cannot stand from grade %(grade)s: the president is one of the "
                            "office-holders."
                        )
                        % {"first": first, "grade": self.candidate_from_grade}
                    }
                )

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.stage == ElectionStage.VOTING and self.voting_opens_at <= now < self.voting_closes_at

    @property
    def results_visible(self) -> bool:
        """Results stay hidden until the count is done (SP-1.4)."""
        return self.stage == ElectionStage.RESULTS


class CandidateStatus(models.TextChoices):
    REGISTERED = "registered", _("registered, awaiting the commission")
    APPROVED = "approved", _("admitted")
    REJECTED = "rejected", _("not admitted")


class Candidate(models.Model):
    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="candidates"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="+"
    )
    statement = Text(_("statement"))
    status = models.CharField(
        _("status"), max_length=16, choices=CandidateStatus.choices, default=CandidateStatus.REGISTERED
    )
    check_note = Text(_("commission's note"), blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "student__surname", "student__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "student"],
                name="parliament_candidate_once",
                violation_error_message=_("This student is already a candidate in this election."),
            )
        ]

    def __str__(self) -> str:
        return str(self.student)

    def clean(self) -> None:
        if self.election_id and self.student_id:
            election = self.election
            if self.student.school_id != election.term.school_id:
                raise ValidationError({"student": gettext("This student studies at another school.")})
            if self.student.grade < election.candidate_from_grade:
                raise ValidationError(
                    {
                        "student": gettext(
                            "Candidates stand from grade %(first)s; %(name)s is in grade %(grade)s."
                        )
                        % {
                            "first": election.candidate_from_grade,
                            "name": self.student.full_name,
                            "grade": self.student.grade,
                        }
                    }
                )
            # SP-1.7: the winner takes an office, so a candidate is of the school's office-holder band.
            require_office_holder(self.student, "student")


class Turnout(models.Model):
    """The roll of who voted: one row per voter and election, never what they chose.

    Its ids are random (UUID4): a sequential id would give a database reader the order in which the
    students voted, and with it who voted by account or by code at which moment of the day."""

    class Method(models.TextChoices):
        ACCOUNT = "account", _("own account")
        CODE = "code", _("one-time code")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="turnout"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="+"
    )
    grade = models.PositiveSmallIntegerField(_("grade when voting"))
    method = models.CharField(_("voted with"), max_length=16, choices=Method.choices)

    class Meta:
        verbose_name = _("voter on the roll")
        verbose_name_plural = _("turnout roll")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "student"],
                name="parliament_turnout_votes_once",
                violation_error_message=_("This student has already voted."),
            )
        ]

    def __str__(self) -> str:
        return str(self.student)


class Tally(models.Model):
    """The electronic votes for one candidate: a counter, incremented as votes are cast."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="tallies"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "candidate"], name="parliament_tally_one_per_candidate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.votes}"


class PaperCount(models.Model):
    """Valid paper ballots for one candidate, entered by the commission at the count."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="paper_counts"
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="+"
    )
    ballots = models.PositiveIntegerField(_("ballots"))

    class Meta:
        verbose_name = _("paper ballot count")
        verbose_name_plural = _("paper ballot counts")
        constraints = [
            models.UniqueConstraint(fields=["election", "candidate"], name="parliament_paper_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.ballots}"


class VoteCode(models.Model):
    """A one-time code for a student without an account, printed by the commission from the class roll.

    Only a hash is kept. Voting with it writes the student on the turnout roll, so the same student cannot
    also vote from an account; the choice goes to the tally like any other vote.
    """

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="codes"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="+"
    )
    code_hash = models.CharField(_("code (hashed)"), max_length=64)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("one-time voting code")
        verbose_name_plural = _("one-time voting codes")
        constraints = [
            models.UniqueConstraint(fields=["election", "student"], name="parliament_code_one_per_student"),
            models.UniqueConstraint(fields=["election", "code_hash"], name="parliament_code_unique"),
        ]

    def __str__(self) -> str:
        return gettext("code for %(student)s") % {"student": self.student}


class ClassCount(models.Model):
    """One class's line of the count (SP-1.4): who could vote, who voted online, and the paper ballots.

    The first four numbers are taken from the records when the commission enters the count (the class
    roll, the turnout roll and the one-time codes) and kept as they were then; the paper numbers are the
    commission's. `paper_issued` counts every ballot handed out in the class, `paper_spoiled` those a
    voter spoiled and handed back (never put in the box), `paper_returned` those found in the box. A
    student without an online vote holds at most one ballot that counts: issued less spoiled is at most
    the eligible students less those who voted online, and the box holds no more than that."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="class_counts"
    )
    grade = models.PositiveSmallIntegerField(_("grade"))
    class_letter = models.CharField(_("class letter"), max_length=2)
    eligible = models.PositiveIntegerField(_("eligible students"))
    voted_online = models.PositiveIntegerField(_("voted online"))
    codes_issued = models.PositiveIntegerField(_("codes issued"))
    codes_used = models.PositiveIntegerField(_("codes used"))
    paper_issued = models.PositiveIntegerField(_("paper ballots issued"), default=0)
    paper_returned = models.PositiveIntegerField(_("paper ballots in the box"), default=0)
    paper_spoiled = models.PositiveIntegerField(_("paper ballots spoiled"), default=0)

    class Meta:
        verbose_name = _("class count")
        verbose_name_plural = _("class counts")
        ordering = ["election", "grade", "class_letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "grade", "class_letter"], name="parliament_class_count_once"
            ),
            models.CheckConstraint(
                condition=Q(voted_online__lte=models.F("eligible")),
                name="parliament_class_count_voted_of_eligible",
            ),
            models.CheckConstraint(
                condition=Q(paper_spoiled__lte=models.F("paper_issued"))
                & Q(
                    paper_issued__lte=models.F("eligible")
                    - models.F("voted_online")
                    + models.F("paper_spoiled")
                ),
                name="parliament_class_count_paper_capped",
            ),
            models.CheckConstraint(
                condition=Q(paper_returned__lte=models.F("paper_issued") - models.F("paper_spoiled")),
                name="parliament_class_count_box_of_issued",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.class_name}: {self.election}"

    @property
    def class_name(self) -> str:
        return f"{self.grade}-{self.class_letter}"

    @property
    def without_online_vote(self) -> int:
        return self.eligible - self.voted_online

    @property
    def voted(self) -> int:
        """Online votes and the paper ballots in the box: the class's turnout."""
        return self.voted_online + self.paper_returned

    def clean(self) -> None:
        numbers = {
            "class": self.class_name,
            "issued": self.paper_issued,
            "spoiled": self.paper_spoiled,
            "returned": self.paper_returned,
            "eligible": self.eligible,
            "online": self.voted_online,
            "left": self.without_online_vote,
        }
        if self.paper_spoiled > self.paper_issued:
            raise ValidationError(
                gettext(
                    "Class %(class)s: %(spoiled)s spoiled paper ballots, but only %(issued)s were issued."
                )
                % numbers
            )
        if self.paper_issued - self.paper_spoiled > self.without_online_vote:
            raise ValidationError(
                gettext(
                    "Class %(class)s: %(issued)s paper ballots issued and %(spoiled)s spoiled, but only "
                    "%(left)s of its %(eligible)s eligible students did not vote online (%(online)s did)."
                )
                % numbers
            )
        if self.paper_returned > self.paper_issued - self.paper_spoiled:
            raise ValidationError(
                gettext(
                    "Class %(class)s: %(returned)s paper ballots in the box, but %(issued)s were issued "
                    "and %(spoiled)s of them spoiled."
                )
                % numbers
            )
