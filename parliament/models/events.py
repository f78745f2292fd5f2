from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parliament.models.terms import Ministry, Term
from school_gov.fields import Text
from school_gov.models import MAX_GRADE, MIN_GRADE, School, Staff, Student, Tier, record_of_who_did_it


def organiser_problems(students: Iterable[Student]) -> list[str]:
    """SP-1.6, SP-1.7: only the organiser band and above organise events; say who may not and why."""
    problems = []
    for student in students:
        if student.tier == Tier.PARTICIPANT:
            problems.append(
                gettext(
                    "%(name)s is in grade %(grade)s; students organise events from grade %(first)s "
                    "and take part in them before that."
                )
                % {
                    "name": student.full_name,
                    "grade": student.grade,
                    "first": student.school.organisers_from_grade,
                }
            )
    return problems


class EventKind(models.TextChoices):
    """SP-2.3–2.6: what the parliament helps organise."""

    OLYMPIAD = "olympiad", _("subject olympiad")
    EVENING = "evening", _("evening")
    SUBJECT_WEEK = "subject_week", _("subject week")
    SELF_SERVICE = "self_service", _("self-service and cleaning")
    LANDSCAPING = "landscaping", _("landscaping and greening")
    LABOUR = "labour", _("labour association")
    SPORT = "sport", _("sport")
    OTHER = "other", _("other")


class OlympiadStage(models.TextChoices):
    SCHOOL = "school", _("school stage")
    DISTRICT = "district", _("district stage")
    OBLAST = "oblast", _("oblast stage")
    REPUBLIC = "republic", _("republic stage")


class EventQuerySet(models.QuerySet["Event"]):
    def upcoming(self, now: datetime.datetime) -> EventQuerySet:
        return self.filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now)).order_by(
            "starts_at"
        )


class Event(models.Model):
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="events"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    olympiad_stage = models.CharField(
        _("olympiad stage"), max_length=16, choices=OlympiadStage.choices, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    ministry = models.ForeignKey(
        Ministry,
        verbose_name=_("organising ministry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    organisers = models.ManyToManyField(
        Student, verbose_name=_("student organisers"), related_name="events_organised", blank=True
    )
    participants = models.ManyToManyField(
        Student, verbose_name=_("participants"), related_name="events_joined", blank=True
    )
    responsible_teacher = models.ForeignKey(
        Staff,
        verbose_name=_("responsible teacher"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    audience_from_grade = models.PositiveSmallIntegerField(_("for grades from"), default=MIN_GRADE)
    audience_to_grade = models.PositiveSmallIntegerField(_("to"), default=11)
    description = Text(_("description"), blank=True)
    results = Text(_("results"), blank=True, help_text=_("Written after the event."))
    # The account that created it (SP-1.7: its creator edits it, among its organisers and the leaders).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="parliament_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(audience_from_grade__gte=MIN_GRADE)
                & Q(audience_to_grade__lte=MAX_GRADE)
                & Q(audience_to_grade__gte=models.F("audience_from_grade")),
                name="parliament_event_audience_grades",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("parliament:event_detail", args=[self.pk])

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": gettext("An event cannot end before it starts.")})
        if self.kind == EventKind.OLYMPIAD and not self.olympiad_stage:
            raise ValidationError({"olympiad_stage": gettext("Say which stage of the olympiad this is.")})
        if self.kind != EventKind.OLYMPIAD and self.olympiad_stage:
            raise ValidationError({"olympiad_stage": gettext("Only an olympiad has a stage.")})
        if (
            self.audience_from_grade
            and self.audience_to_grade
            and self.audience_to_grade < self.audience_from_grade
        ):
            raise ValidationError({"audience_to_grade": gettext("The last grade cannot be below the first.")})

    def is_for_grade(self, grade: int) -> bool:
        return self.audience_from_grade <= grade <= self.audience_to_grade


class AreaKind(models.TextChoices):
    CLASSROOM = "classroom", _("classroom")
    CORRIDOR = "corridor", _("corridor")
    GROUNDS = "grounds", _("school grounds")
    OTHER = "other", _("other")


class DutyAssignment(models.Model):
    """Self-service duty (SP-2.6): a class cleans and keeps an area on a date."""

    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    area_kind = models.CharField(_("area"), max_length=16, choices=AreaKind.choices)
    area = models.CharField(
        _("which"), max_length=200, blank=True, help_text=_("E.g. room 12, the first floor.")
    )
    grade = models.PositiveSmallIntegerField(_("grade"))
    class_letter = models.CharField(_("class letter"), max_length=2)
    done = models.BooleanField(_("done"), default=False)
    # Who marked it: a class teacher or the adviser (staff), or an office-holder (a student).
    marked_by_staff = models.ForeignKey(
        Staff, verbose_name=_("marked by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    marked_by_student = models.ForeignKey(
        Student,
        verbose_name=_("marked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    marked_by = record_of_who_did_it("marked_by", _("marked by"))
    marked_at = models.DateTimeField(_("marked"), null=True, blank=True)

    class Meta:
        verbose_name = _("duty assignment")
        verbose_name_plural = _("duty roster")
        ordering = ["date", "area_kind", "grade", "class_letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "date", "area_kind", "area", "grade", "class_letter"],
                name="parliament_duty_once",
            ),
            models.CheckConstraint(
                condition=Q(marked_by_staff__isnull=True) | Q(marked_by_student__isnull=True),
                name="parliament_duty_one_marker",
            ),
        ]

    def __str__(self) -> str:
        where = f"{self.get_area_kind_display()} {self.area}".strip()
        return f"{self.date}: {self.grade}-{self.class_letter}, {where}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return f"{reverse('parliament:duty_list')}?week={self.date.isoformat()}"
