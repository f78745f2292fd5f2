"""Year-end reports in the admin (MB-5.3): read-only content, the deadline, Accept / Return."""

from __future__ import annotations

import datetime

from django.contrib import admin
from django.db.models import DurationField, ExpressionWrapper, F
from django.db.models.functions import TruncDate
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from methodology.actions import reports as report_actions
from methodology.admin.workflow import ReviewedStatusFilter, Step, WaitingForMeFilter, WorkflowAdmin
from methodology.models import (
    ReportStatus,
    YearEndReport,
)
from methodology.permissions import (
    can_accept_report,
    can_review_report,
)
from school_gov import roles
from school_gov.deadlines import GRACE_DAYS

# Year-end reports (MB-5.3)


class ReportDeadlineFilter(admin.SimpleListFilter):
    """MB-5.3: reports submitted after their due date.

    There is no "overdue" choice: a report not yet submitted is a draft, which the reviewers do not see
    (can_view_report), so nothing in this list can be overdue.
    """

    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("late", _("Submitted late"))]

    def queryset(self, request, queryset):
        if self.value() == "late":
            # The day of submission in Asia/Bishkek minus the year's end, as a duration (portable).
            return queryset.annotate(
                submission_lag=ExpressionWrapper(
                    TruncDate("submitted_at") - F("school_year__end_date"), output_field=DurationField()
                )
            ).filter(submission_lag__gt=datetime.timedelta(days=GRACE_DAYS))
        return queryset


REPORT_STEPS = (
    Step(
        name="accept",
        take=report_actions.accept,
        label=_("Accept"),
        allowed=can_accept_report,
        roles=frozenset({roles.DEPUTY_DIRECTOR}),
        done=ngettext_lazy("%(count)s report was accepted.", "%(count)s reports were accepted.", "count"),
    ),
    Step(
        name="return",
        take=report_actions.return_for_revision,
        label=_("Return for revision"),
        allowed=can_review_report,
        roles=frozenset({roles.DEPUTY_DIRECTOR}),
        done=ngettext_lazy(
            "%(count)s report was returned for revision.",
            "%(count)s reports were returned for revision.",
            "count",
        ),
        needs_comment=True,
    ),
)


@admin.register(YearEndReport)
class YearEndReportAdmin(WorkflowAdmin):
    steps = REPORT_STEPS
    status_labels = dict(ReportStatus.choices)
    deadline_done = "submitted"
    list_display = ["association", "school_year", "status", "due", "deadline_state"]
    list_select_related = ["association", "association__school", "school_year"]
    list_filter = [WaitingForMeFilter, ReviewedStatusFilter, ReportDeadlineFilter]
    search_fields = ["association__name"]
    ordering = ["school_year__end_date", "association__name"]
    actions = ["accept_selected", "return_selected"]
    fieldsets = [
        (None, {"fields": ["association", "school_year", "status", "due", "deadline_state"]}),
        (
            _("Report"),
            {
                "fields": [
                    "aims_met",
                    "students_results",
                    "shared_experience",
                    "problems",
                    "conclusions",
                    "next_year_tasks",
                ]
            },
        ),
        (_("Figures"), {"fields": ["figures"]}),
        (
            _("Workflow"),
            {
                "fields": [
                    "created_by",
                    "submitted_at",
                    "accepted_at",
                    "accepted_by",
                    "returned_at",
                    "return_comment",
                ]
            },
        ),
        (_("Audit trail"), {"fields": ["audit_trail"]}),
    ]
    readonly_fields = ["due", "deadline_state", "figures", "audit_trail"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("association__school", "school_year", "accepted_by", "created_by")
        )

    @admin.display(description=_("due"), ordering="school_year__end_date")
    def due(self, report: YearEndReport) -> str:
        return date_format(report.due)

    @admin.display(description=_("figures"))
    def figures(self, report: YearEndReport) -> str:
        """The pre-filled figures: as kept at submission, or as the app holds them now for a draft."""
        return render_to_string("admin/methodology/_report_figures.html", report.readable_facts())

    def has_accept_permission(self, request) -> bool:
        return self._may_ever(request, "accept")

    def has_return_permission(self, request) -> bool:
        return self._may_ever(request, "return")

    @admin.action(description=_("Accept the selected reports"), permissions=["accept"])
    def accept_selected(self, request, queryset):
        self._take_step(request, queryset, self._step("accept"))

    @admin.action(description=_("Return the selected reports for revision"), permissions=["return"])
    def return_selected(self, request, queryset):
        return self._return_with_comment(request, queryset, self._step("return"), "return_selected")
