"""The teachers' professional development (MB-3.3, MB-4.7): the courses each teacher took, with the
certificate; a self-education topic per school year with its report at the year's end; and attestation
(MB-4.2), where the head writes an opinion and the commission decides the category. The category and the
date it was given live on the staff record (`Staff.qualification_category`, `Staff.category_given_on`);
an attestation's decision sets them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from methodology.models.plans import PlanItem, Section
from school_gov.fields import Text
from school_gov.files import Upload
from school_gov.models import QualificationCategory, SchoolYear, Staff


def _planned_in(item: PlanItem | None, section: str, field: str = "plan_item") -> dict[str, str]:
    """A record points to a plan item of its own section only."""
    if item is not None and item.section != section:
        return {
            field: gettext("Choose an item of the plan's section «%(section)s».")
            % {"section": Section(section).label}
        }
    return {}


def planned_in(related_name: str, **options: Any) -> models.ForeignKey[PlanItem | None, PlanItem | None]:
    """The optional link of a record to the plan item it carries out (checked by `_planned_in`)."""
    return models.ForeignKey(
        PlanItem,
        verbose_name=_("planned in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        **options,
    )


class Course(models.Model):
    """A course of professional development a teacher took (курс повышения квалификации)."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="courses"
    )
    topic = models.CharField(_("topic"), max_length=300)
    provider = models.CharField(
        _("provider"), max_length=200, help_text=_("The institute or organisation that ran the course.")
    )
    hours = models.PositiveSmallIntegerField(
        _("hours"),
        validators=[
            MinValueValidator(1, _("A course lasts at least one hour.")),
            MaxValueValidator(2000, _("No course is longer than 2000 hours.")),
        ],
    )
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"))
    plan_item = planned_in(
        "courses", help_text=_("The item of the association's plan this course carries out.")
    )
    recorded_by = models.ForeignKey(
        Staff, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-ended_on", "-pk"]
        indexes = [models.Index(fields=["staff", "ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__gte=models.F("started_on")),
                name="methodology_course_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.topic

    def clean(self) -> None:
        problems: dict[str, str] = {}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            problems["ended_on"] = gettext("A course cannot end before it starts.")
        elif self.ended_on and self.ended_on > timezone.localdate():
            problems["ended_on"] = gettext("A course is recorded once it has ended.")
        problems |= _planned_in(self.plan_item, Section.PROFESSIONAL_DEVELOPMENT)
        if problems:
            raise ValidationError(problems)


class Certificate(Upload):
    """The course's certificate (a scan or the PDF the provider sent)."""

    course = models.OneToOneField(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="certificate"
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def get_absolute_url(self) -> str:
        return reverse("methodology:certificate_file", args=[self.pk])


class SelfEducation(models.Model):
    """A teacher's self-education topic for a school year, and the short report at its end."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="self_education"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("school year"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=300)
    report = Text(_("report"), blank=True, help_text=_("What was done and learnt, at the year's end."))
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    plan_item = planned_in("self_education")
    changed_by = models.ForeignKey(
        Staff, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("self-education topic")
        verbose_name_plural = _("self-education topics")
        ordering = ["-school_year__start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "school_year"],
                name="methodology_self_education_once_a_year",
                violation_error_message=_("The teacher has a self-education topic for this year already."),
            )
        ]

    def __str__(self) -> str:
        return self.topic

    def clean(self) -> None:
        problems = _planned_in(self.plan_item, Section.SELF_EDUCATION)
        if problems:
            raise ValidationError(problems)


class AttestationDecision(models.TextChoices):
    ASSIGNED = "assigned", _("the category is given")
    NOT_ASSIGNED = "not_assigned", _("the category is not given")


CATEGORIES_SOUGHT = [(value, label) for value, label in QualificationCategory.choices if value != "none"]


class Attestation(models.Model):
    """A teacher's attestation for a category: the head's written opinion (MB-4.2), then the commission's
    decision, which sets the category on the staff record."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="attestations"
    )
    category = models.CharField(_("category sought"), max_length=16, choices=CATEGORIES_SOUGHT)
    held_on = models.DateField(_("commission meets on"))
    head_opinion = Text(_("the head's opinion"), blank=True)
    opinion_by = models.ForeignKey(
        Staff, verbose_name=_("opinion by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opinion_at = models.DateTimeField(_("opinion written"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=16, choices=AttestationDecision.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = Text(_("the commission's decision"), blank=True)
    plan_item = planned_in("attestations")
    opened_by = models.ForeignKey(
        Staff, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    decided_by = models.ForeignKey(
        Staff,
        verbose_name=_("decision recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return gettext("Attestation of %(name)s for the %(category)s") % {
            "name": self.staff.short_name,
            "category": self.get_category_display(),
        }

    def get_absolute_url(self) -> str:
        return reverse("methodology:teacher_growth", args=[self.staff_id]) + "#attestations"

    @property
    def is_decided(self) -> bool:
        return bool(self.decision)

    def clean(self) -> None:
        problems: dict[str, str] = {}
        today = timezone.localdate()
        if self.decision and not self.decided_on:
            problems["decided_on"] = gettext("Say on what day the commission decided.")
        elif self.decided_on and self.decided_on > today:
            problems["decided_on"] = gettext(
                "The commission's decision is recorded once it is taken, not before."
            )
        elif self.decided_on and self.held_on and self.decided_on < self.held_on:
            problems["decided_on"] = gettext("The commission decides on or after the day it meets.")
        problems |= _planned_in(self.plan_item, Section.PROFESSIONAL_DEVELOPMENT)
        if problems:
            raise ValidationError(problems)
