"""Proposals (SP-3.1, SP-3.2): students and ministries propose to the school's bodies, which answer
in writing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parliament.models.terms import Ministry
from school_gov.fields import Text
from school_gov.models import School, Staff, Student


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
    text = Text(_("proposal"))
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    answer = Text(_("answer"), blank=True)
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
