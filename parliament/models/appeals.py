"""Confidential appeals (SP-3.3; SP-4.2 honour and dignity): read only by their handlers and their author."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from school_gov.fields import Text
from school_gov.models import School, Staff, Student


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
    text = Text(_("what happened"))
    status = models.CharField(
        _("status"), max_length=16, choices=AppealStatus.choices, default=AppealStatus.NEW
    )
    resolution = Text(_("resolution"), blank=True)
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
