from __future__ import annotations

import calendar
import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from methodology.models.associations import Association
from methodology.models.workflow import Workflow
from school_gov.deadlines import DeadlineState, deadline_state
from school_gov.fields import Text
from school_gov.formats import dated
from school_gov.models import Quarter, Role, School, SchoolYear, Staff

if TYPE_CHECKING:
    from school_gov.people import Person


class PeriodKind(models.TextChoices):
    SCHOOL_YEAR = "school_year", _("school year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")
    CUSTOM = "custom", _("other dates")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    AGREED = "agreed", _("agreed")
    RETURNED = "returned", _("returned for revision")
    APPROVED = "approved", _("approved")


EDITABLE_STATUSES = (PlanStatus.DRAFT, PlanStatus.RETURNED)

# MB-5.1: who takes a plan that is not approved yet its next step (the dashboards' "waiting for me", the
# admin's list and the daily reminders read it): the head, the deputy director, the director.
HEAD = "head"
NEXT_STEP: dict[str, str] = {
    PlanStatus.DRAFT: HEAD,
    PlanStatus.RETURNED: HEAD,
    PlanStatus.SUBMITTED: Role.DEPUTY_DIRECTOR.value,
    PlanStatus.AGREED: Role.DIRECTOR.value,
}


class Section(models.TextChoices):
    """Sections of a work plan (GLOSSARY "A work plan", MB-3.3), in the paper form's order."""

    MEETINGS = "meetings", _("meetings of the association")
    OPEN_LESSONS = "open_lessons", _("open lessons and mutual lesson visits")
    GIFTED = "gifted", _("gifted students and olympiads")
    SUBJECT_WEEK = "subject_week", _("subject week")
    MENTORING = "mentoring", _("mentoring young teachers")
    PROFESSIONAL_DEVELOPMENT = "professional_development", _("professional development and attestation")
    SELF_EDUCATION = "self_education", _("self-education")
    MONITORING = "monitoring", _("monitoring and administrative checks")
    OTHER = "other", _("other")


SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


class Completion(models.TextChoices):
    NOT_MARKED = "", _("not marked")
    DONE = "done", _("done")
    PARTLY = "partly", _("partly done")
    NOT_DONE = "not_done", _("not done")


class WorkPlanQuerySet(models.QuerySet["WorkPlan"]):
    def for_school(self, school: School) -> WorkPlanQuerySet:
        return self.filter(association__school=school)

    def awaiting(self, person: Person) -> WorkPlanQuerySet:
        """Plans waiting for the person's step: the deputy agrees submitted ones, the director approves
        agreed ones."""
        statuses = [status for status, step in NEXT_STEP.items() if step != HEAD and person.holds(step)]
        return self.filter(status__in=statuses, association__school=person.school)

    def overdue(self, today: datetime.date) -> WorkPlanQuerySet:
        """MB-5.1: not approved and past the due date."""
        return self.exclude(status=PlanStatus.APPROVED).filter(approval_due_on__lt=today)


def reschedule(sender: type[School], *, school: School, today: datetime.date, **kwargs: Any) -> None:
    """The school's calendar changed (school_gov.deadlines.calendar_changed): each plan's due date not yet
    passed is counted again by it; a passed one stays what it was (a plan overdue stays overdue). Two
    queries, three when the school counts working days."""
    plans = list(
        WorkPlan.objects.select_for_update()
        .filter(association__school=school, approval_due_on__gte=today)
        .only("pk", "period_start", "approval_due_on")
    )
    moved = []
    for plan in plans:
        due = school.calendar.due_after(plan.period_start)
        if due != plan.approval_due_on:
            plan.approval_due_on = due
            moved.append(plan)
    WorkPlan.objects.bulk_update(moved, ["approval_due_on"])


class WorkPlan(Workflow, models.Model):
    """An association's work plan for a period (MB-5.1, MB-3.2, MB-3.3).

    draft → submitted → agreed → approved, and returned (with a comment) from submitted or agreed; a state
    changes only through the transition methods below.
    """

    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="plans"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("school year"), on_delete=models.PROTECT, related_name="+"
    )
    period_kind = models.CharField(_("period"), max_length=16, choices=PeriodKind.choices)
    quarter = models.ForeignKey(
        Quarter, verbose_name=_("quarter"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    # MB-5.1, fixed when the period is set, by the school's calendar (School.calendar): a column, so the
    # lists filter and sort on it; a change of the calendar moves only the due dates not yet passed.
    approval_due_on = models.DateField(_("to be approved by"), editable=False, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    theme = Text(_("methodological theme"), blank=True)
    aim = Text(_("aim"), blank=True)
    tasks = Text(_("tasks"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    # Who did it: the staff record (as for agreed_by, approved_by), never the account.
    created_by = models.ForeignKey(
        Staff, verbose_name=_("created by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        Staff,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        Staff, verbose_name=_("agreed by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        Staff,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    return_comment = Text(_("comment on return"), blank=True)

    objects = WorkPlanQuerySet.as_manager()

    audit_name = "plan"
    lock_related = ("association__school", "agreed_by", "approved_by")

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-period_start", "association"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "period_start", "period_end"],
                name="methodology_plan_one_per_period",
                violation_error_message=_("The association already has a plan for this period."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="methodology_plan_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(period_kind__in=PeriodKind.values), name="methodology_plan_known_period_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association}: {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The due date (MB-5.1) is counted when the period is set or moved, by the school's calendar."""
        fields = kwargs.get("update_fields")
        if (
            self.period_start
            and (self.period_start != self._dated_from or self.approval_due_on is None)
            and (fields is None or "period_start" in fields)
        ):
            self.approval_due_on = self.association.school.calendar.due_after(self.period_start)
            if fields is not None:
                kwargs["update_fields"] = {*fields, "approval_due_on"}
        super().save(*args, **kwargs)
        self._dated_from = self.period_start

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("methodology:plan_detail", args=[self.pk])

    _dated_from: datetime.date | None = None  # the period start the stored due date was counted from

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> WorkPlan:
        plan = super().from_db(db, field_names, values)
        plan._dated_from = plan.__dict__.get("period_start")
        return plan

    @property
    def school(self) -> School:
        return self.association.school

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.SCHOOL_YEAR:
            return gettext("School year %(year)s") % {"year": self.school_year}
        if self.period_kind == PeriodKind.QUARTER and self.quarter_id and self.quarter is not None:
            return gettext("Quarter %(number)s of %(year)s") % {
                "number": self.quarter.number,
                "year": self.school_year,
            }
        if self.period_kind == PeriodKind.MONTH:
            return dated(self.period_start, "month")
        return f"{date_format(self.period_start)} – {date_format(self.period_end)}"

    # Period and validation

    def resolve_period(self) -> None:
        """Set the period's dates from its kind: the year's, the quarter's, the month's or as typed."""
        if self.period_kind == PeriodKind.SCHOOL_YEAR and self.school_year_id:
            self.quarter = None
            self.period_start, self.period_end = self.school_year.start_date, self.school_year.end_date
        elif self.period_kind == PeriodKind.QUARTER and self.quarter_id and self.quarter is not None:
            self.period_start, self.period_end = self.quarter.start_date, self.quarter.end_date
        elif self.period_kind == PeriodKind.MONTH and self.period_start:
            self.quarter = None
            last = calendar.monthrange(self.period_start.year, self.period_start.month)[1]
            self.period_start = self.period_start.replace(day=1)
            self.period_end = self.period_start.replace(day=last)
        elif self.period_kind == PeriodKind.CUSTOM:
            self.quarter = None

    def clean(self) -> None:
        if self.period_kind not in PeriodKind.values:
            raise ValidationError(
                {"period_kind": gettext("Unknown kind of period: %(kind)s.") % {"kind": self.period_kind}}
            )
        if self.period_kind == PeriodKind.QUARTER and not self.quarter_id:
            raise ValidationError({"quarter": gettext("Choose the quarter the plan is for.")})
        quarter = self.quarter if self.period_kind == PeriodKind.QUARTER else None
        if quarter is not None and quarter.school_year_id != self.school_year_id:
            raise ValidationError({"quarter": gettext("This quarter belongs to another school year.")})
        if self.period_kind in (PeriodKind.MONTH, PeriodKind.CUSTOM) and not self.period_start:
            raise ValidationError({"period_start": gettext("Enter the date the period starts.")})
        self.resolve_period()
        if not (self.period_start and self.period_end):
            raise ValidationError({"period_end": gettext("Enter the date the period ends.")})
        if self.period_end < self.period_start:
            raise ValidationError({"period_end": gettext("The period cannot end before it starts.")})
        if self.school_year_id and not (
            self.school_year.contains(self.period_start) and self.school_year.contains(self.period_end)
        ):
            raise ValidationError(
                gettext("The period must lie within the school year %(year)s (%(start)s – %(end)s).")
                % {
                    "year": self.school_year,
                    "start": date_format(self.school_year.start_date),
                    "end": date_format(self.school_year.end_date),
                }
            )
        if (
            self.association_id
            and self.school_year_id
            and self.association.school_id != self.school_year.school_id
        ):
            raise ValidationError(gettext("The school year belongs to another school."))

    # Deadline (MB-5.1)

    @property
    def approval_due(self) -> datetime.date:
        """MB-5.1: agreed and approved no later than five days from the start of the planned period (the
        next working day, where the school counts so)."""
        if self.approval_due_on is None:  # not saved yet
            return self.association.school.calendar.due_after(self.period_start)
        return self.approval_due_on

    @property
    def approved_on(self) -> datetime.date | None:
        return timezone.localdate(self.approved_at) if self.approved_at else None

    def deadline(self, today: datetime.date | None = None) -> DeadlineState:
        return deadline_state(self.approval_due, self.approved_on, today)

    def items_in_form_order(self) -> list[PlanItem]:
        """The rows as the paper form lists them: by section, then the head's order (two queries)."""
        items = self.items.prefetch_related("responsible").select_related("completion_marked_by")
        return sorted(
            items,
            key=lambda item: (
                SECTION_ORDER.get(item.section, len(SECTION_ORDER)),
                item.position,
                item.starts_on,
                item.pk,
            ),
        )

    def submission_problems(self) -> list[str]:
        problems = []
        if not self.theme.strip() or not self.aim.strip():
            problems.append(gettext("Fill in the methodological theme and the aim."))
        items = list(self.items.all())
        if not items:
            problems.append(gettext("A plan without activities cannot be submitted."))
        outside = [
            item
            for item in items
            if item.starts_on < self.period_start or (item.ends_on or item.starts_on) > self.period_end
        ]
        if outside:
            problems.append(
                gettext("%(count)s activities are dated outside the plan's period.") % {"count": len(outside)}
            )
        return problems

    def state_refusal(self, verb: str) -> str:
        """Why the plan, in its current state, cannot be `verb` (e.g. a second click on Agree)."""
        if self.status == PlanStatus.APPROVED:
            return gettext("The plan was already approved by %(name)s on %(date)s.") % {
                "name": self.approved_by.short_name if self.approved_by else "—",
                "date": date_format(self.approved_on) if self.approved_on else "—",
            }
        if verb == "agreed" and self.status == PlanStatus.AGREED:
            return gettext("The plan was already agreed by %(name)s on %(date)s.") % {
                "name": self.agreed_by.short_name if self.agreed_by else "—",
                "date": date_format(timezone.localdate(self.agreed_at)),
            }
        if verb == "approved" and self.status == PlanStatus.SUBMITTED:
            return gettext("The deputy director has not agreed the plan yet; it cannot be approved.")
        if verb == "submitted":
            return gettext("The plan has already been submitted.")
        if self.status in EDITABLE_STATUSES:
            return gettext("The plan is not under review (it is %(status)s).") % {
                "status": self.get_status_display()
            }
        return gettext("The plan is %(status)s; this step is not possible now.") % {
            "status": self.get_status_display()
        }


class PlanItemQuerySet(models.QuerySet["PlanItem"]):
    def in_form_order(self) -> PlanItemQuerySet:
        return self.order_by("position", "starts_on", "pk")


class PlanItem(models.Model):
    """A row of the plan: № | activity | dates | responsible | mark of completion (MB-3.2, MB-3.3)."""

    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    section = models.CharField(_("section"), max_length=32, choices=Section.choices, default=Section.OTHER)
    activity = Text(_("activity"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Leave empty for a single day.")
    )
    responsible = models.ManyToManyField(
        Staff, verbose_name=_("responsible"), related_name="plan_items", blank=True
    )
    expected_result = Text(_("expected result"), blank=True)
    completion = models.CharField(
        _("mark of completion"), max_length=16, choices=Completion.choices, blank=True, default=""
    )
    completion_note = Text(_("note on completion"), blank=True)
    completion_marked_at = models.DateTimeField(_("marked"), null=True, blank=True)
    completion_marked_by = models.ForeignKey(
        Staff, verbose_name=_("marked by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["position", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="methodology_item_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.activity[:80]

    @property
    def responsible_names(self) -> str:
        """ "Асанов Б. К., Токтогулова А." — uses the prefetched people when the list prefetched them."""
        return ", ".join(person.short_name for person in self.responsible.all())

    @property
    def last_day(self) -> datetime.date:
        return self.ends_on or self.starts_on

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": gettext("An activity cannot end before it starts.")})
        if self.plan_id and self.starts_on:
            plan = self.plan
            if self.starts_on < plan.period_start or self.last_day > plan.period_end:
                raise ValidationError(
                    {
                        "starts_on": gettext(
                            "The activity is dated outside the plan's period (%(start)s – %(end)s)."
                        )
                        % {"start": date_format(plan.period_start), "end": date_format(plan.period_end)}
                    }
                )


class PlanComment(models.Model):
    """A member's comment on a draft (MB-5.1: the plan is drafted together with the teachers)."""

    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        Staff, verbose_name=_("author"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = Text(_("comment"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
