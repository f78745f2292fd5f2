"""Work plans in the admin (MB-5.1): read-only content, the deadline, the Agree / Approve / Return steps."""

from __future__ import annotations

import datetime

from django.contrib import admin
from django.db.models import F
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from methodology import waiting
from methodology.actions import plans as plan_actions
from methodology.admin.workflow import ReviewedStatusFilter, Step, WaitingForMeFilter, WorkflowAdmin
from methodology.models import (
    PlanItem,
    PlanStatus,
    WorkPlan,
)
from methodology.permissions import (
    can_agree_plan,
    can_approve_plan,
    can_return_plan,
)
from school_gov import roles
from school_gov.admin import ReadOnlyMixin
from school_gov.deadlines import GRACE_DAYS, local_today

# Work plans (MB-5.1)


class PlanDeadlineFilter(admin.SimpleListFilter):
    """MB-5.1: overdue (not approved, past due), due within five days, approved late."""

    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("soon", _("Due in the next %(days)s days") % {"days": GRACE_DAYS}),
            ("late", _("Approved late")),
        ]

    def queryset(self, request, queryset):
        today = local_today()
        grace = datetime.timedelta(days=GRACE_DAYS)
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "soon":
            return queryset.exclude(status=PlanStatus.APPROVED).filter(
                approval_due_on__gte=today, approval_due_on__lte=today + grace
            )
        if self.value() == "late":
            # The day of approval in Asia/Bishkek after the stored due date (MB-5.1).
            return queryset.filter(status=PlanStatus.APPROVED, approved_at__date__gt=F("approval_due_on"))
        return queryset


class PlanItemInline(ReadOnlyMixin, admin.TabularInline):
    """The plan's activities, read-only: the content is the head's, edited on the site."""

    model = PlanItem
    extra = 0
    fields = ["position", "section", "activity", "starts_on", "ends_on", "responsible", "expected_result"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responsible")


PLAN_STEPS = (
    Step(
        name="agree",
        take=plan_actions.agree,
        label=_("Agree"),
        allowed=can_agree_plan,
        roles=frozenset({roles.DEPUTY_DIRECTOR}),
        done=ngettext_lazy("%(count)s plan was agreed.", "%(count)s plans were agreed.", "count"),
    ),
    Step(
        name="approve",
        take=plan_actions.approve,
        label=_("Approve"),
        allowed=can_approve_plan,
        roles=frozenset({roles.DIRECTOR}),
        done=ngettext_lazy("%(count)s plan was approved.", "%(count)s plans were approved.", "count"),
    ),
    Step(
        name="return",
        take=plan_actions.return_for_revision,
        label=_("Return for revision"),
        allowed=can_return_plan,
        roles=frozenset({roles.DEPUTY_DIRECTOR, roles.DIRECTOR}),
        done=ngettext_lazy(
            "%(count)s plan was returned for revision.",
            "%(count)s plans were returned for revision.",
            "count",
        ),
        needs_comment=True,
    ),
)


@admin.register(WorkPlan)
class WorkPlanAdmin(WorkflowAdmin):
    change_list_template = "admin/methodology/workplan/change_list.html"
    steps = PLAN_STEPS
    status_labels = dict(PlanStatus.choices)
    list_display = ["association", "title", "period", "status", "due", "deadline_state"]
    # period_label reads the quarter and the school year; the deadline reads only the plan's own fields.
    list_select_related = ["association", "association__school", "school_year", "quarter"]
    list_filter = [WaitingForMeFilter, ReviewedStatusFilter, PlanDeadlineFilter]
    search_fields = ["title", "association__name"]
    actions = ["agree_selected", "approve_selected", "return_selected"]
    inlines = [PlanItemInline]

    def changelist_view(self, request, extra_context=None):
        """Above "waiting for me": the plans never drafted, overdue since their period's start + 5 days
        (the missing-plan radar; they have no row to list), for the school's director and deputy."""
        person = request.person
        school = person.school
        never = []
        if school is not None and person.manages(school):
            today = local_today()
            never = [
                gap
                for gap in waiting.missing_plans(today, schools=[school.pk], include_ended=True)
                if gap.is_overdue(today)
            ]
        return super().changelist_view(request, {**(extra_context or {}), "never_drafted": never})

    fieldsets = [
        (None, {"fields": ["association", "title", "status", "deadline_state"]}),
        (
            _("Period"),
            {"fields": ["school_year", "period_kind", "quarter", "period_start", "period_end", "due"]},
        ),
        (_("Content"), {"fields": ["theme", "aim", "tasks"]}),
        (
            _("Workflow"),
            {
                "fields": [
                    "created_by",
                    "created_at",
                    "submitted_at",
                    "submitted_by",
                    "agreed_at",
                    "agreed_by",
                    "approved_at",
                    "approved_by",
                    "returned_at",
                    "return_comment",
                ]
            },
        ),
        (_("Audit trail"), {"fields": ["audit_trail"]}),
    ]
    readonly_fields = ["deadline_state", "due", "audit_trail"]

    # The most urgent first, on the stored (indexed) due date (MB-5.1).
    ordering = ["approval_due_on", "association__name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "association__school",
                "school_year",
                "quarter__school_year",
                "created_by",
                "submitted_by",
                "agreed_by",
                "approved_by",
            )
        )

    @admin.display(description=_("period"))
    def period(self, plan: WorkPlan) -> str:
        return plan.period_label

    @admin.display(description=_("due"), ordering="approval_due_on")
    def due(self, plan: WorkPlan) -> str:
        return date_format(plan.approval_due)

    # Actions: offered by role; each plan is then checked by its transition.

    def has_agree_permission(self, request) -> bool:
        return self._may_ever(request, "agree")

    def has_approve_permission(self, request) -> bool:
        return self._may_ever(request, "approve")

    def has_return_permission(self, request) -> bool:
        return self._may_ever(request, "return")

    @admin.action(description=_("Agree the selected plans"), permissions=["agree"])
    def agree_selected(self, request, queryset):
        self._take_step(request, queryset, self._step("agree"))

    @admin.action(description=_("Approve the selected plans"), permissions=["approve"])
    def approve_selected(self, request, queryset):
        self._take_step(request, queryset, self._step("approve"))

    @admin.action(description=_("Return the selected plans for revision"), permissions=["return"])
    def return_selected(self, request, queryset):
        return self._return_with_comment(request, queryset, self._step("return"), "return_selected")
