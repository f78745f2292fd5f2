"""Teachers' methodological projects and the head's proposals to the administration (MB-4.3): the head
may propose to start, stop or suspend a project, incentives for teachers, improvements of the work; the
school's administration decides, and a project's status follows the decision."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from methodology.models.associations import Association
from school_gov.fields import Text
from school_gov.models import Staff


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("under way")
    SUSPENDED = "suspended", _("suspended")
    STOPPED = "stopped", _("stopped")


class TeacherProject(models.Model):
    """A teacher's specific methodological project, started on the administration's decision."""

    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="projects"
    )
    teacher = models.ForeignKey(Staff, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=300)
    description = Text(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    started_on = models.DateField(_("started"), default=timezone.localdate)
    status_changed_on = models.DateField(_("status since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("teacher's project")
        verbose_name_plural = _("teachers' projects")
        ordering = ["status", "-started_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ProposalKind(models.TextChoices):
    START_PROJECT = "start_project", _("start a teacher's project")
    SUSPEND_PROJECT = "suspend_project", _("suspend a project for a time")
    RESUME_PROJECT = "resume_project", _("resume a suspended project")
    STOP_PROJECT = "stop_project", _("stop a project")
    INCENTIVE = "incentive", _("support or incentive for a teacher")
    IMPROVEMENT = "improvement", _("improvement of teaching and methodological work")


# What each kind needs, and the project status an accepted proposal leads to.
NEEDS_PROJECT = {ProposalKind.SUSPEND_PROJECT, ProposalKind.RESUME_PROJECT, ProposalKind.STOP_PROJECT}
NEEDS_TEACHER = {ProposalKind.START_PROJECT, ProposalKind.INCENTIVE}
# The kind's project statuses it applies to, and the status it moves the project to.
PROJECT_STATUS_FROM: dict[str, tuple[set[str], str]] = {
    ProposalKind.SUSPEND_PROJECT: ({ProjectStatus.ACTIVE}, ProjectStatus.SUSPENDED),
    ProposalKind.RESUME_PROJECT: ({ProjectStatus.SUSPENDED}, ProjectStatus.ACTIVE),
    ProposalKind.STOP_PROJECT: ({ProjectStatus.ACTIVE, ProjectStatus.SUSPENDED}, ProjectStatus.STOPPED),
}


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for the administration")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class HeadProposal(models.Model):
    """A proposal of the association's head to the school's administration (MB-4.3)."""

    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="proposals"
    )
    author = models.ForeignKey(
        Staff, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("the proposal"), max_length=20, choices=ProposalKind.choices)
    teacher = models.ForeignKey(
        Staff, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    project = models.ForeignKey(
        TeacherProject,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="proposals",
        null=True,
        blank=True,
    )
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("For a new project: its title.")
    )
    text = Text(_("the proposal in full"))
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(
        Staff, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision = Text(_("the administration's decision"), blank=True)

    class Meta:
        verbose_name = _("head's proposal")
        verbose_name_plural = _("head's proposals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ProposalStatus.SUBMITTED) | Q(decided_at__isnull=False),
                name="methodology_proposal_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProposalStatus.DECLINED) | ~Q(decision=""),
                name="methodology_proposal_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Proposal № %(number)s: %(kind)s") % {
            "number": self.pk,
            "kind": self.get_kind_display(),
        }

    def get_absolute_url(self) -> str:
        return reverse("methodology:proposal_detail", args=[self.pk])

    def clean(self) -> None:
        """What a proposal names follows from its kind. Whether it applies (the project's status, the
        teacher's membership) is checked while it waits: once decided, the project has moved on."""
        errors: dict[str, str] = {}
        waiting = self.status == ProposalStatus.SUBMITTED
        if self.kind in NEEDS_PROJECT:
            if self.project_id is None:
                errors["project"] = gettext("Choose the project this proposal is about.")
            elif self.association_id and self.project and self.project.association_id != self.association_id:
                errors["project"] = gettext("This project belongs to another association.")
            elif waiting and self.project and self.project.status not in PROJECT_STATUS_FROM[self.kind][0]:
                errors["project"] = gettext(
                    "The project is %(status)s: this proposal does not apply to it."
                ) % {"status": self.project.get_status_display()}
        elif self.project_id is not None and not (
            self.kind == ProposalKind.START_PROJECT and self.status == ProposalStatus.ACCEPTED
        ):  # an accepted proposal to start a project names the project it started
            errors["project"] = gettext("Only a proposal to suspend, resume or stop a project names one.")
        if self.kind in NEEDS_TEACHER:
            if self.teacher_id is None:
                errors["teacher"] = gettext("Choose the teacher this proposal is about.")
            elif (
                waiting
                and self.association_id
                and not self.association.member_staff().filter(pk=self.teacher_id).exists()
            ):
                errors["teacher"] = gettext("%(name)s is not a member of the association.") % {
                    "name": self.teacher.full_name if self.teacher else ""
                }
        elif self.teacher_id is not None:
            errors["teacher"] = gettext("Only a proposal to start a project or an incentive names a teacher.")
        if self.kind == ProposalKind.START_PROJECT:
            if not self.title.strip():
                errors["title"] = gettext("Give the new project a title.")
        elif self.title.strip():
            errors["title"] = gettext("Only a proposal to start a project has a title: the project's.")
        if errors:
            raise ValidationError(errors)
