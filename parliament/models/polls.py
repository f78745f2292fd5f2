"""Polls (SP-3.1): the parliament asks the students; answers are as secret as a ballot."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parliament.models.terms import Term
from school_gov.models import MAX_GRADE, MIN_GRADE, School, Staff, Student, record_of_who_did_it


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
    # Who asked: the adviser or a leader (staff), or an office-holder (a student); `created_by` reads both.
    created_by_staff = models.ForeignKey(
        Staff, verbose_name=_("created by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by_student = models.ForeignKey(
        Student,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = record_of_who_did_it("created_by", _("created by"))

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="parliament_poll_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(created_by_staff__isnull=True) | Q(created_by_student__isnull=True),
                name="parliament_poll_one_author",
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

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def results_visible(self, now: datetime.datetime | None = None) -> bool:
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
