"""Work documents the head (or the deputy director) demands from the teachers, checks and has corrected
(MB-4.5, MB-4.6): a request to chosen teachers, each teacher's submission, and its versions. A returned
document gets a new version; versions and their files are never overwritten."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from methodology.models.associations import Association
from school_gov.fields import Text
from school_gov.files import Upload
from school_gov.models import School, Staff


class DocumentKind(models.TextChoices):
    WORK_PROGRAMME = "work_programme", _("work programme")
    THEMATIC_PLAN = "thematic_plan", _("calendar-thematic plan")
    LESSON_PLANS = "lesson_plans", _("lesson plans")
    SELF_EDUCATION = "self_education", _("self-education report")
    OTHER = "other", _("other document")


class DocumentRequest(models.Model):
    """A demand for one document from chosen teachers, by a date (MB-4.5)."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="document_requests"
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="document_requests",
        null=True,
        blank=True,
        help_text=_("The head's request names the association; the deputy director's may not."),
    )
    requested_by = models.ForeignKey(
        Staff, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Which document exactly (required for «other»).")
    )
    note = Text(_("note"), blank=True)
    due_on = models.DateField(_("due by"))
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("document request")
        verbose_name_plural = _("document requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse("methodology:document_request_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == DocumentKind.OTHER and not self.title.strip():
            errors["title"] = gettext("Name the document you ask for.")
        if self._state.adding and self.due_on and self.due_on < timezone.localdate():
            errors["due_on"] = gettext("The due date cannot be in the past.")
        if self.association is not None and self.school_id and self.association.school_id != self.school_id:
            errors["association"] = gettext("This association belongs to another school.")
        if errors:
            raise ValidationError(errors)


class SubmissionStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for correction")
    ACCEPTED = "accepted", _("accepted")


# The teacher's turn: a document not yet sent, or sent back with a correction.
TEACHERS_TURN = (SubmissionStatus.WAITING, SubmissionStatus.RETURNED)


class DocumentSubmissionQuerySet(models.QuerySet["DocumentSubmission"]):
    def overdue(self, today: datetime.date | None = None) -> DocumentSubmissionQuerySet:
        """Still the teacher's turn after the due date, on an open request."""
        today = today or timezone.localdate()
        return self.filter(
            status__in=TEACHERS_TURN, request__due_on__lt=today, request__closed_at__isnull=True
        )


class DocumentSubmission(models.Model):
    """One teacher's part of a request: the status, and the versions uploaded."""

    request = models.ForeignKey(
        DocumentRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="submissions"
    )
    teacher = models.ForeignKey(Staff, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.WAITING
    )
    changed_at = models.DateTimeField(_("status since"), default=timezone.now)

    objects = DocumentSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("requested document")
        verbose_name_plural = _("requested documents")
        ordering = ["request", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "teacher"], name="methodology_submission_once")
        ]

    def __str__(self) -> str:
        return gettext("%(document)s: %(teacher)s") % {
            "document": self.request,
            "teacher": self.teacher.short_name,
        }

    def get_absolute_url(self) -> str:
        return reverse("methodology:submission_detail", args=[self.pk])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in TEACHERS_TURN and self.request.is_open and self.request.due_on < today


class Outcome(models.TextChoices):
    PENDING = "", _("not reviewed yet")
    RETURNED = "returned", _("returned for correction")
    ACCEPTED = "accepted", _("accepted")


class DocumentVersion(Upload):
    """One upload of the document: its file, who sent it and when, and the review it received."""

    submission = models.ForeignKey(
        DocumentSubmission, verbose_name=_("document"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    note = Text(_("teacher's note"), blank=True)
    uploaded_by = models.ForeignKey(
        Staff, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    outcome = models.CharField(
        _("review"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING, blank=True
    )
    correction = Text(_("correction"), blank=True)
    reviewed_by = models.ForeignKey(
        Staff,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="methodology_version_number_once"),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.RETURNED) | ~Q(correction=""),
                name="methodology_version_returned_says_why",
            ),
        ]

    def __str__(self) -> str:
        return gettext("version %(number)s: %(name)s") % {"number": self.number, "name": self.file_name}

    def get_download_url(self) -> str:
        return reverse("methodology:version_download", args=[self.pk])


# Documents passed down (MB-5.4) and the heads' exchange with their teachers (MB-5.5).


class CircularKind(models.TextChoices):
    ORDER = "order", pgettext_lazy("a document", "order")
    RECOMMENDATION = "recommendation", _("recommendation")
    SCHEDULE = "schedule", _("schedule")
    NORMATIVE_ACT = "normative_act", _("normative act")
    INFORMATION = "information", _("information")


class Audience(models.TextChoices):
    HEADS = "heads", _("the heads of the associations")
    TEACHERS = "teachers", _("all the teachers")
    ASSOCIATIONS = "associations", _("the members of chosen associations")


class Circular(models.Model):
    """A document the deputy director passes down (an order, a recommendation, a schedule, a normative
    act), or a head to the association's members; each recipient acknowledges it once."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="circulars"
    )
    author = models.ForeignKey(
        Staff, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CircularKind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = Text(_("text"), blank=True)
    audience = models.CharField(_("sent to"), max_length=16, choices=Audience.choices)
    associations = models.ManyToManyField(
        Association, verbose_name=_("associations"), blank=True, related_name="circulars"
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("document from the administration")
        verbose_name_plural = _("documents from the administration")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("methodology:circular_detail", args=[self.pk])


class CircularFile(Upload):
    """The file of a document passed down."""

    circular = models.ForeignKey(
        Circular, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["circular", "pk"]

    def __str__(self) -> str:
        return self.file_name

    def get_download_url(self) -> str:
        return reverse("methodology:circular_file", args=[self.pk])


class Acknowledgement(models.Model):
    """One recipient of a document passed down, and when they confirmed they had read it ("Тааныштым")."""

    circular = models.ForeignKey(
        Circular, verbose_name=_("document"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    staff = models.ForeignKey(Staff, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["circular", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["circular", "staff"], name="methodology_acknowledgement_once")
        ]

    def __str__(self) -> str:
        return f"{self.circular}: {self.staff.short_name}"
