from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from school_gov.collation import Kyrgyz
from school_gov.formats import dated
from school_gov.models import School, Staff

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable

# MB-1.1: the head has higher professional education and at least five years in the education system.
HEAD_MIN_YEARS = 5


def head_qualification_problems(staff: Staff, on: datetime.date) -> list[str]:
    """MB-1.1: what `staff` lacks to head an association on `on`; empty when qualified."""
    problems = []
    if not staff.has_higher_professional_education:
        problems.append(
            gettext("no higher professional education (recorded: %(level)s)")
            % {"level": staff.get_education_level_display()}
        )
    service = staff.service_on(on)
    if not service.at_least_years(HEAD_MIN_YEARS):
        problems.append(
            gettext("%(service)s in the education system on %(date)s; five full years are required")
            % {"service": service, "date": dated(on)}
        )
    return problems


class AssociationQuerySet(models.QuerySet["Association"]):
    def for_school(self, school: School) -> AssociationQuerySet:
        return self.filter(school=school)


class Association(models.Model):
    """A methodological association (усулдук бирикме): teachers of a subject area and their head."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="associations"
    )
    name = models.CharField(_("name"), max_length=200)
    subject_area = models.CharField(_("subject area"), max_length=300, blank=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("methodological association")
        verbose_name_plural = _("methodological associations")
        ordering = [Kyrgyz("name")]  # type: ignore[list-item]  # see collation.Kyrgyz
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="methodology_association_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("methodology:association_detail", args=[self.pk])

    def head_on(self, on: datetime.date | None = None) -> HeadAppointment | None:
        head: HeadAppointment | None = self.head_appointments.current(on).select_related("staff").first()
        return head

    def member_staff(self, on: datetime.date | None = None) -> models.QuerySet[Staff]:
        """Staff who are members on `on`, the head included."""
        on = on or timezone.localdate()
        return Staff.objects.filter(
            Q(association_memberships__in=self.memberships.current(on))
            | Q(head_appointments__in=self.head_appointments.current(on))
        ).distinct()


class DatedQuerySet(models.QuerySet[Any]):
    """Rows dated from one day to another (DatedStaffRow): the same methods for each kind of row."""

    def current(self, on: datetime.date | None = None) -> Self:
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))

    def overlapping(self, starts_on: datetime.date, ends_on: datetime.date | None) -> Self:
        qs = self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        return qs.filter(starts_on__lte=ends_on) if ends_on is not None else qs


class DatedStaffRow(models.Model):
    """A staff member's place in an association from one date to another (open while `ends_on` is empty)."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    if TYPE_CHECKING:  # every concrete row belongs to an association (Membership, HeadAppointment)
        association: models.ForeignKey[Association | Combinable, Association]
        association_id: int

    class Meta:
        abstract = True
        ordering = ["-starts_on"]

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("It cannot end before it starts.")})
        if self.staff_id and self.association_id and self.staff.school_id != self.association.school_id:
            raise ValidationError({"staff": _("This staff member works at another school.")})

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class Membership(DatedStaffRow):
    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.CASCADE, related_name="memberships"
    )
    staff = models.ForeignKey(
        Staff,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="association_memberships",
    )

    class Meta(DatedStaffRow.Meta):
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="methodology_membership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.association}"

    def clean(self) -> None:
        super().clean()
        if self.staff_id and self.association_id and self.starts_on:
            clash = (
                Membership.objects.filter(association_id=self.association_id, staff_id=self.staff_id)
                .overlapping(self.starts_on, self.ends_on)
                .exclude(pk=self.pk)
            )
            if clash.exists():
                raise ValidationError(_("This teacher is already a member over these dates."))


class HeadAppointment(DatedStaffRow):
    """The head (УБ жетекчиси) of an association over a period: MB-1.1 is checked on the start date."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="head_appointments",
    )
    staff = models.ForeignKey(
        Staff, verbose_name=_("head"), on_delete=models.PROTECT, related_name="head_appointments"
    )

    class Meta(DatedStaffRow.Meta):
        verbose_name = _("head's appointment")
        verbose_name_plural = _("heads' appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="methodology_head_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return gettext("%(staff)s, head of %(association)s") % {
            "staff": self.staff,
            "association": self.association,
        }

    def clean(self) -> None:
        super().clean()
        if not (self.staff_id and self.starts_on):
            return
        unchanged = (
            not self._state.adding
            and HeadAppointment.objects.filter(
                pk=self.pk, staff_id=self.staff_id, starts_on=self.starts_on
            ).exists()
        )
        # MB-1.1 is checked when a head is appointed. A head whose record was corrected since is flagged
        # (qualification_problems), and the deputy must still be able to end that appointment.
        problems = [] if unchanged else head_qualification_problems(self.staff, self.starts_on)
        if problems:
            raise ValidationError(
                {
                    "staff": gettext("%(name)s cannot head an association (MB-1.1): %(problems)s.")
                    % {"name": self.staff.full_name, "problems": "; ".join(problems)}
                }
            )
        if self.association_id:
            # Rows changed in the same save (the admin's form of heads: ending one appointment and
            # starting the next) are compared with each other there, not with their old dates here.
            clash = (
                HeadAppointment.objects.filter(association_id=self.association_id)
                .overlapping(self.starts_on, self.ends_on)
                .exclude(pk=self.pk)
                .exclude(pk__in=self.changed_together)
                .select_related("staff")
                .first()
            )
            if clash:
                raise ValidationError(
                    gettext("%(name)s heads this association over these dates; end that appointment first.")
                    % {"name": clash.staff.full_name}
                )

    changed_together: frozenset[int] = frozenset()  # set by the admin's form of heads

    def qualification_problems(self) -> list[str]:
        """MB-1.1 against the record as it stands now: a corrected record may no longer qualify."""
        return head_qualification_problems(self.staff, self.starts_on)
