from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from school_gov.collation import Kyrgyz
from school_gov.fields import Text
from school_gov.models import School, SchoolYear, Staff, Student, Tier


def require_office_holder(student: Student, field: str) -> None:
    """SP-1.6, SP-1.7: an office is for the school's office-holder band; say why not."""
    if student.tier != Tier.OFFICE_HOLDER:
        first = student.school.office_holders_from_grade
        raise ValidationError(
            {
                field: gettext(
                    "%(name)s is in grade %(grade)s; offices in the parliament are held from grade %(first)s."
                )
                % {"name": student.full_name, "grade": student.grade, "first": first}
            }
        )


class Term(models.Model):
    """The parliament of one school year (SP-1.3), moderated by an adult adviser."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="terms"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("school year"), on_delete=models.PROTECT, related_name="+"
    )
    adviser = models.ForeignKey(
        Staff,
        verbose_name=_("adviser"),
        on_delete=models.PROTECT,
        related_name="advised_terms",
        help_text=_("The teacher or deputy director who supervises and moderates the parliament."),
    )

    class Meta:
        verbose_name = _("parliament term")
        verbose_name_plural = _("parliament terms")
        ordering = ["-school_year__start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"],
                name="parliament_term_one_per_year",
                violation_error_message=_("The school already has a parliament for this school year."),
            )
        ]

    def __str__(self) -> str:
        return gettext("Parliament %(year)s") % {"year": self.school_year}

    def get_absolute_url(self) -> str:
        """The parliament's meetings (what a notification about the term leads to)."""
        from django.urls import reverse

        return reverse("parliament:meeting_list")

    def clean(self) -> None:
        if self.school_year_id and self.school_id and self.school_year.school_id != self.school_id:
            raise ValidationError({"school_year": gettext("This school year belongs to another school.")})
        if self.adviser_id and self.school_id and self.adviser.school_id != self.school_id:
            raise ValidationError({"adviser": gettext("The adviser works at another school.")})

    def office_holder(self, kind: str, on: datetime.date | None = None) -> Office | None:
        return self.offices.current(on).filter(kind=kind).select_related("student").first()


class OfficeKind(models.TextChoices):
    PRESIDENT = "president", _("president")
    VICE_PRESIDENT = "vice_president", _("vice-president")
    PRIME_MINISTER = "prime_minister", _("prime minister")
    SPEAKER = "speaker", _("speaker")
    SECRETARY = "secretary", _("secretary")


class OfficeQuerySet(models.QuerySet["Office"]):
    def current(self, on: datetime.date | None = None) -> OfficeQuerySet:
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Office(models.Model):
    """An office of the term held by a student over dates (SP-1.3, SP-1.4): the president and the others."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="offices")
    kind = models.CharField(_("office"), max_length=32, choices=OfficeKind.choices)
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="offices"
    )
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["term", "kind", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="parliament_office_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.student}"

    def clean(self) -> None:
        if self.student_id:
            if self.term_id and self.student.school_id != self.term.school_id:
                raise ValidationError({"student": gettext("This student studies at another school.")})
            # SP-1.7 for every office, the elected president's too: the election's candidates are of
            # the same band (Election.clean, Candidate.clean), and the count creates the office here.
            require_office_holder(self.student, "student")
        if self.term_id and self.kind and self.starts_on:
            clash = self.term.offices.filter(kind=self.kind).exclude(pk=self.pk)
            clash = clash.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on))
            if self.ends_on:
                clash = clash.filter(starts_on__lte=self.ends_on)
            if clash.exists():
                raise ValidationError(gettext("Someone holds this office over these dates already."))


class Ministry(models.Model):
    """A ministry of the parliament headed by a minister (SP-1.5); its name is the school's own data."""

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="ministries"
    )
    name = models.CharField(_("name"), max_length=200)
    description = Text(_("description"), blank=True)
    minister = models.ForeignKey(
        Student,
        verbose_name=_("minister"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ministries_headed",
    )
    members = models.ManyToManyField(
        Student, verbose_name=_("members"), related_name="ministries", blank=True
    )

    class Meta:
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")
        ordering = ["term", Kyrgyz("name")]  # type: ignore[list-item]  # see collation.Kyrgyz
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="parliament_ministry_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("parliament:ministry_detail", args=[self.pk])

    def clean(self) -> None:
        if self.minister_id and self.minister is not None:
            if self.term_id and self.minister.school_id != self.term.school_id:
                raise ValidationError({"minister": gettext("This student studies at another school.")})
            require_office_holder(self.minister, "minister")
