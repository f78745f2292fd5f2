"""Meetings of an association's teachers and their minutes (MB-2.1, MB-3.3; GLOSSARY "Minutes")."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from methodology.models.associations import Association
from school_gov.models import Minutes, SchoolYear, Staff


class AssociationMeeting(models.Model):
    """A meeting of the association, its minutes numbered through the school year.

    The minutes are the core's shared `Minutes`, the same as the parliament's meetings keep.
    """

    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="meetings"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("school year"), on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.OneToOneField(
        Minutes, verbose_name=_("minutes"), on_delete=models.PROTECT, related_name="association_meeting"
    )
    attendees = models.ManyToManyField(Staff, verbose_name=_("members present"), related_name="+", blank=True)
    # MB-5.2: the head edits the minutes until signing them; signed, they are kept as they were signed.
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        Staff, verbose_name=_("signed by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("association meeting")
        verbose_name_plural = _("association meetings")
        ordering = ["-minutes__held_on", "-minutes__number"]
        indexes = [models.Index(fields=["association", "school_year"])]

    def __str__(self) -> str:
        return str(self.minutes)

    def get_absolute_url(self) -> str:
        return reverse("methodology:meeting_detail", args=[self.pk])
