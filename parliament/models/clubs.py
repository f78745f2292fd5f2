from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from school_gov.collation import Kyrgyz
from school_gov.fields import Text
from school_gov.models import School, Staff, Student


class ClubKind(models.TextChoices):
    CLUB = "club", _("club")
    COMMITTEE = "committee", _("committee")
    CREATIVE_GROUP = "creative_group", _("creative group")


class Club(models.Model):
    """A club, committee or creative group students may join (SP-4.2), led by a teacher or a student."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="clubs"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ClubKind.choices, default=ClubKind.CLUB)
    description = Text(_("description"), blank=True)
    leader_staff = models.ForeignKey(
        Staff,
        verbose_name=_("leader (teacher)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    leader_student = models.ForeignKey(
        Student,
        verbose_name=_("leader (student)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("club")
        verbose_name_plural = _("clubs")
        ordering = [Kyrgyz("name")]  # type: ignore[list-item]  # see collation.Kyrgyz
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="parliament_club_unique_name"),
            models.CheckConstraint(
                condition=Q(leader_staff__isnull=False) | Q(leader_student__isnull=False),
                name="parliament_club_has_a_leader",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("parliament:club_detail", args=[self.pk])

    def clean(self) -> None:
        if not self.leader_staff_id and not self.leader_student_id:
            raise ValidationError(gettext("Name the club's leader: a teacher or a student."))
        for field, leader in (("leader_staff", self.leader_staff), ("leader_student", self.leader_student)):
            if leader is not None and self.school_id and leader.school_id != self.school_id:
                raise ValidationError({field: gettext("The leader belongs to another school.")})


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", _("asked to join")
    ACCEPTED = "accepted", pgettext_lazy("club membership", "member")
    DECLINED = "declined", _("declined")


class ClubMembership(models.Model):
    club = models.ForeignKey(
        Club, verbose_name=_("club"), on_delete=models.CASCADE, related_name="memberships"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="clubs"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.REQUESTED
    )
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("club membership")
        verbose_name_plural = _("club memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "student"],
                name="parliament_club_join_once",
                violation_error_message=_("You have already asked to join this club."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.club}"
