"""Lesson observations (MB-3.1, MB-4.1): the head of an association, the deputy director or the director
attends a teacher's lesson and records an analysis of its form and content."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from methodology.models.associations import Association
from school_gov.fields import Text
from school_gov.formats import dated
from school_gov.models import MAX_GRADE, MIN_GRADE, Staff


class AimReached(models.TextChoices):
    REACHED = "reached", _("reached")
    PARTLY = "partly", _("partly reached")
    NOT_REACHED = "not_reached", _("not reached")


class LessonObservation(models.Model):
    """One attended lesson and its analysis (GLOSSARY, "A lesson observation").

    MB-4.1: the observer comes before the lesson starts unless it is really necessary, so a later arrival
    carries its reason; and never criticises the teacher during the lesson, so the feedback is given after
    the lesson ends. The teacher acknowledges having read the analysis; after that it is kept as written.
    """

    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="observations"
    )
    teacher = models.ForeignKey(
        Staff, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="observations_received"
    )
    observer = models.ForeignKey(
        Staff, verbose_name=_("observer"), on_delete=models.PROTECT, related_name="observations_made"
    )
    observed_on = models.DateField(_("date"))
    class_grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(MIN_GRADE), MaxValueValidator(MAX_GRADE)]
    )
    class_letter = models.CharField(_("class letter"), max_length=2)
    subject = models.CharField(_("subject"), max_length=200)
    on_roll = models.PositiveSmallIntegerField(_("students on the roll"))
    present = models.PositiveSmallIntegerField(_("students present"))
    topic = models.CharField(_("topic of the lesson"), max_length=300)
    purpose = Text(_("purpose of the visit"))
    lesson_aims = Text(_("aims of the lesson"), blank=True)
    lesson_starts_at = models.TimeField(_("the lesson starts"))
    lesson_ends_at = models.TimeField(_("the lesson ends"))
    arrived_at = models.TimeField(
        _("the observer arrived"),
        help_text=_("MB-4.1: before the lesson starts, unless it is really necessary."),
    )
    late_reason = Text(
        _("why the observer arrived after the start"),
        blank=True,
        help_text=_("Required when the observer arrived after the lesson had started."),
    )
    stages = Text(_("time by stage of the lesson"), blank=True)
    methods = Text(_("methods and forms of work"), blank=True)
    aim_reached = models.CharField(_("was the aim reached?"), max_length=16, choices=AimReached.choices)
    conclusions = Text(_("conclusions"))
    recommendations = Text(_("recommendations"), blank=True)
    feedback_on = models.DateField(
        _("feedback given on"),
        help_text=_("MB-4.1: after the lesson, never during it: the same day or later."),
    )
    feedback_at = models.TimeField(_("feedback given at"))
    acknowledged_at = models.DateTimeField(_("analysis read by the teacher"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("lesson observation")
        verbose_name_plural = _("lesson observations")
        ordering = ["-observed_on", "-lesson_starts_at", "-pk"]
        indexes = [models.Index(fields=["association", "-observed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(present__lte=F("on_roll")),
                name="methodology_observation_present_within_roll",
                violation_error_message=_("More students present than on the roll."),
            ),
            models.CheckConstraint(
                condition=Q(lesson_ends_at__gt=F("lesson_starts_at")),
                name="methodology_observation_lesson_ends_after_start",
                violation_error_message=_("The lesson must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(arrived_at__lte=F("lesson_starts_at")) | ~Q(late_reason=""),
                name="methodology_observation_late_arrival_has_reason",
                violation_error_message=_("Arriving after the lesson started needs a reason (MB-4.1)."),
            ),
            models.CheckConstraint(
                condition=Q(arrived_at__lt=F("lesson_ends_at")),
                name="methodology_observation_arrived_before_the_end",
                violation_error_message=_("The observer must arrive before the lesson ends."),
            ),
            models.CheckConstraint(
                condition=Q(feedback_on__gt=F("observed_on"))
                | (Q(feedback_on=F("observed_on")) & Q(feedback_at__gte=F("lesson_ends_at"))),
                name="methodology_observation_feedback_after_lesson",
                violation_error_message=_("Feedback is given after the lesson, not during it (MB-4.1)."),
            ),
            models.CheckConstraint(
                condition=~Q(teacher=F("observer")),
                name="methodology_observation_not_of_oneself",
                violation_error_message=_("Nobody observes their own lesson."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(teacher)s, %(grade)s-%(letter)s, %(date)s") % {
            "teacher": self.teacher.full_name,
            "grade": self.class_grade,
            "letter": self.class_letter,
            "date": dated(self.observed_on),
        }

    def get_absolute_url(self) -> str:
        return reverse("methodology:observation_detail", args=[self.pk])

    @property
    def class_name(self) -> str:
        return f"{self.class_grade}-{self.class_letter}"

    @property
    def arrived_late(self) -> bool:
        return self.arrived_at > self.lesson_starts_at

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.observed_on and self.observed_on > timezone.localdate():
            errors["observed_on"] = gettext("An observation records a lesson that has taken place.")
        if self.present is not None and self.on_roll is not None and self.present > self.on_roll:
            errors["present"] = gettext("More students present than on the roll.")
        starts, ends = self.lesson_starts_at, self.lesson_ends_at
        if starts and ends and ends <= starts:
            errors["lesson_ends_at"] = gettext("The lesson must end after it starts.")
        if starts and self.arrived_at and self.arrived_at > starts and not self.late_reason.strip():
            errors["late_reason"] = gettext(
                "You arrived after the lesson had started: say why it was necessary (MB-4.1)."
            )
        if ends and self.arrived_at and self.arrived_at >= ends:
            errors["arrived_at"] = gettext(
                "An observer who arrives after the lesson has ended did not observe it."
            )
        if self.feedback_on and self.observed_on and self.feedback_on < self.observed_on:
            errors["feedback_on"] = gettext("Feedback is given after the lesson, not before it.")
        elif ends and self.feedback_at and self.feedback_on == self.observed_on and self.feedback_at < ends:
            errors["feedback_at"] = gettext(
                "Feedback is given after the lesson, not during it (MB-4.1): the lesson ends at %(end)s."
            ) % {"end": ends.strftime("%H:%M")}
        if self.teacher_id and self.observer_id and self.teacher_id == self.observer_id:
            errors["teacher"] = gettext("Nobody observes their own lesson.")
        elif (
            self.teacher_id
            and self.association_id
            and self.observed_on
            and not self.association.member_staff(self.observed_on).filter(pk=self.teacher_id).exists()
        ):
            errors["teacher"] = gettext("%(name)s was not a member of the association on that date.") % {
                "name": self.teacher.full_name
            }
        if errors:
            raise ValidationError(errors)
