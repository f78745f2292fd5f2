"""Student voice (SP-3.1–3.3, SP-4.2): polls, proposals to school bodies, confidential appeals."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parliament.models.terms import Ministry, Term
from school_gov.models import MAX_GRADE, MIN_GRADE, School, Staff, Student


class Poll(models.Model):
    """An opinion poll of students (SP-3.1). Answers are as secret as ballots: `PollResponse` is the roll
    of who answered, `PollOption.votes` a counter; no row links a student to an option."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="polls"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, null=True, blank=True, related_name="polls"
    )
    question = models.CharField(_("question"), max_length=300)
    audience_from_grade = models.PositiveSmallIntegerField(_("for grades from"), default=5)
    audience_to_grade = models.PositiveSmallIntegerField(_("to"), default=11)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    created_by = models.ForeignKey(
        "school_gov.User", verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="parliament_poll_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(audience_from_grade__gte=MIN_GRADE)
                & Q(audience_to_grade__lte=MAX_GRADE)
                & Q(audience_to_grade__gte=models.F("audience_from_grade")),
                name="parliament_poll_audience_grades",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("parliament:poll_detail", args=[self.pk])

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": gettext("A poll must close after it opens.")})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def results_visible(self, now=None) -> bool:
        """Results stay hidden until the poll closes."""
        return (now or timezone.now()) >= self.closes_at

    def is_for_grade(self, grade: int) -> bool:
        return self.audience_from_grade <= grade <= self.audience_to_grade


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("answer"), max_length=200)
    votes = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        verbose_name = _("poll option")
        verbose_name_plural = _("poll options")
        ordering = ["poll", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class PollResponse(models.Model):
    """The roll of who answered a poll (one answer per student), never what they answered."""

    poll = models.ForeignKey(Poll, verbose_name=_("poll"), on_delete=models.PROTECT, related_name="responses")
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("poll respondent")
        verbose_name_plural = _("poll respondents")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "student"],
                name="parliament_poll_answer_once",
                violation_error_message=_("You have already answered this poll."),
            )
        ]

    def __str__(self) -> str:
        return str(self.student)


class ProposalBody(models.TextChoices):
    ADMINISTRATION = "administration", _("school administration")
    PEDAGOGICAL_COUNCIL = "pedagogical_council", _("pedagogical council")
    METHODOLOGICAL_COUNCIL = "methodological_council", _("methodological council")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    DONE = "done", _("done")


class Proposal(models.Model):
    """A student's or a ministry's proposal to a school body, with its written answer (SP-3.1, 3.2)."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="proposals"
    )
    author = models.ForeignKey(
        Student, verbose_name=_("author"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ministry = models.ForeignKey(
        Ministry,
        verbose_name=_("from the ministry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    body = models.CharField(_("addressed to"), max_length=32, choices=ProposalBody.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("proposal"))
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        Staff,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(author__isnull=False) | Q(ministry__isnull=False),
                name="parliament_proposal_has_an_author",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("parliament:proposal_detail", args=[self.pk])

    def clean(self) -> None:
        """A decision reaches the students with the body's written answer (SP-3.1)."""
        if (
            self.status not in (ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW)
            and not self.answer.strip()
        ):
            raise ValidationError(
                {"answer": gettext("Write the body's answer: students read it with the decision.")}
            )


class ProposalSupport(models.Model):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="supports"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "student"],
                name="parliament_support_once",
                violation_error_message=_("You already support this proposal."),
            )
        ]

    def __str__(self) -> str:
        return str(self.student)


class AppealStatus(models.TextChoices):
    NEW = "new", _("new")
    IN_PROGRESS = "in_progress", _("being handled")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")


FINAL_APPEAL_STATUSES = (AppealStatus.RESOLVED, AppealStatus.CLOSED)


class Appeal(models.Model):
    """A confidential appeal (SP-3.3; SP-4.2 honour and dignity): seen only by its author, the adviser,
    the social pedagogue and the deputy director; every opening is written to the audit trail."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        Student, verbose_name=_("author"), on_delete=models.PROTECT, related_name="appeals"
    )
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("what happened"))
    status = models.CharField(
        _("status"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.NEW
    )
    resolution = models.TextField(_("resolution"), blank=True)
    handled_by = models.ForeignKey(
        Staff, verbose_name=_("handled by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("filed"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        # Never the subject: str() reaches the audit trail and the admin, which other staff read.
        return gettext("Appeal № %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("parliament:appeal_detail", args=[self.pk])

    def clean(self) -> None:
        if self.status in FINAL_APPEAL_STATUSES and not self.resolution.strip():
            raise ValidationError(
                {"resolution": gettext("Write the resolution before resolving or closing the appeal.")}
            )
