"""The admin of the methodological associations: where the deputy director and the director work.

Plans and year-end reports are read-only here for everyone (heads edit them on the site); the deputy and
the director act on them with the workflow steps (MB-5.1, MB-5.3): list actions and buttons on the page,
each calling the model's transition method, which checks the person and the state itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import DurationField, ExpressionWrapper, F, Prefetch
from django.db.models.functions import TruncDate
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from methodology.models import (
    Association,
    HeadAppointment,
    InvalidTransition,
    Membership,
    PlanItem,
    PlanStatus,
    ReportStatus,
    Section,
    WorkPlan,
    YearEndReport,
)
from methodology.permissions import (
    can_agree_plan,
    can_approve_plan,
    can_return_plan,
    can_review_report,
)
from school_gov import audit, roles
from school_gov.admin import SchoolScopedAdmin
from school_gov.deadlines import GRACE_DAYS, describe, local_today
from school_gov.models import AuditEvent, EducationLevel, QualificationCategory, Staff
from school_gov.permissions import readable_schools

# Bootstrap tone names from school_gov.deadlines.describe, as colours the admin's own stylesheet lacks.
TONE_COLOURS = {
    "success": "#2e7d32",
    "warning": "#a15c00",
    "danger": "#ba2121",
    "secondary": "#555",
}
FLAG_COLOUR = TONE_COLOURS["danger"]


# Workflow steps, shared by the plan and report admins


@dataclass(frozen=True)
class Step:
    """One workflow step as the admin offers it: a list action and a button on the record's page."""

    name: str  # the URL part and the action permission: "agree" → has_agree_permission
    method: str  # the model's transition method
    label: Promise  # the button
    allowed: Callable  # the predicate from methodology.permissions: is the button shown for this record?
    roles: frozenset[str]  # roles that may ever take the step: whether the list action is offered
    done: Promise  # ngettext_lazy message with %(count)s
    needs_comment: bool = False


def _refusal(error: Exception) -> str:
    if isinstance(error, InvalidTransition):
        return error.message
    return str(error) or str(_("You may not take this step."))


def _deadline_badge(tone_and_text: tuple[str, str]) -> str:
    tone, text = tone_and_text
    return format_html(
        '<span class="deadline deadline-{}" style="color:{};font-weight:bold">{}</span>',
        tone,
        TONE_COLOURS.get(tone, TONE_COLOURS["secondary"]),
        text,
    )


class WaitingForMeFilter(admin.SimpleListFilter):
    """The default list of the deputy and the director: what waits for their step (`awaiting(user)`).

    With no parameter in the URL the filter is "waiting for me" for a person who takes steps, and "all"
    for anyone else (the district, the technical administrator), for whom nothing ever waits.
    """

    title = _("whose turn")
    parameter_name = "waiting"
    MINE = "me"
    ALL = "all"

    def __init__(self, request, params, model, model_admin):
        self.default = self.MINE if model_admin.takes_steps(request) else self.ALL
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [(self.MINE, _("Waiting for me")), (self.ALL, _("All"))]

    def _chosen(self) -> str:
        return self.value() if self.value() in (self.MINE, self.ALL) else self.default

    def choices(self, changelist):
        chosen = self._chosen()
        for value, label in self.lookup_choices:
            yield {
                "selected": value == chosen,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self._chosen() == self.MINE:
            return queryset.awaiting(request.user)
        return queryset


class ReviewedStatusFilter(admin.SimpleListFilter):
    """The status, without "draft" for those who never see drafts here (see WorkflowAdmin.get_queryset)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            (value, label)
            for value, label in model_admin.status_labels.items()
            if value != PlanStatus.DRAFT or request.user.is_superuser
        ]

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class WorkflowAdmin(SchoolScopedAdmin):
    """Read-only records with workflow steps: list actions, buttons, the audit trail and its history."""

    school_field = "association__school"
    change_form_template = "admin/methodology/workflow_change_form.html"
    object_history_template = "admin/methodology/object_history.html"
    steps: tuple[Step, ...] = ()
    status_labels: dict[str, str] = {}
    deadline_done = "approved"

    # Nobody adds, edits or deletes plans and reports here: heads edit them on the site, and they outlive
    # mistakes (on_delete=PROTECT). Viewing is by model permission; the steps are guarded by the model.

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        # A draft belongs to its association until the head submits it (can_view_plan, can_view_report).
        return qs.exclude(status=PlanStatus.DRAFT)

    def _step(self, name: str) -> Step:
        return next(step for step in self.steps if step.name == name)

    def _may_ever(self, request, name: str) -> bool:
        return bool(roles.roles_of(request.user) & self._step(name).roles)

    def takes_steps(self, request) -> bool:
        return any(self._may_ever(request, step.name) for step in self.steps)

    # Columns and read-only fields

    @admin.display(description=_("deadline"))
    def deadline_state(self, obj) -> str:
        return _deadline_badge(describe(obj.deadline(), done=self.deadline_done))

    @admin.display(description=_("audit trail"))
    def audit_trail(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "—"
        events = (
            AuditEvent.objects.for_object(obj).select_related("actor__staff").order_by("created_at", "pk")
        )
        rows = [
            {
                "when": event.created_at,
                "who": _actor_name(event.actor),
                "what": event.action_label,
                "from_status": self.status_labels.get(event.data.get("from_status"), ""),
                "to_status": self.status_labels.get(event.data.get("to_status"), ""),
                "comment": event.data.get("comment", ""),
            }
            for event in events
        ]
        return render_to_string("admin/methodology/_audit_trail.html", {"events": rows})

    # The steps on a record's page

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        step_urls = [
            path(
                f"<path:object_id>/{step.name}/",
                self.admin_site.admin_view(self._step_view(step)),
                name="{}_{}_{}".format(*info, step.name),
            )
            for step in self.steps
        ]
        # Before the admin's own patterns: its catch-all "<path:object_id>/" would swallow these.
        return step_urls + super().get_urls()

    def _step_view(self, step: Step):
        def view(request, object_id):
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
            if not self.has_view_permission(request, obj):
                raise PermissionDenied
            kwargs = {"comment": request.POST.get("comment", "")} if step.needs_comment else {}
            self._take_step(request, [obj], step, **kwargs)
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                    args=[quote(obj.pk)],
                    current_app=self.admin_site.name,
                )
            )

        return view

    def _take_step(self, request, records: Iterable, step: Step, **kwargs) -> None:
        """Call the model's transition on each record; refusals name the record, successes are counted."""
        done = 0
        for obj in records:
            try:
                getattr(obj, step.method)(request.user, **kwargs)
            except (InvalidTransition, PermissionDenied) as error:
                self.message_user(
                    request,
                    _("%(record)s: %(reason)s") % {"record": obj, "reason": _refusal(error)},
                    messages.ERROR,
                )
            else:
                done += 1
        if done:
            self.message_user(request, step.done % {"count": done}, messages.SUCCESS)

    def _return_with_comment(self, request, queryset, step: Step, action: str):
        """An intermediate page asks what has to change; without a comment nothing is returned."""
        comment, error = "", ""
        if request.POST.get("apply"):
            comment = request.POST.get("comment", "").strip()
            if comment:
                self._take_step(request, queryset, step, comment=comment)
                return None  # back to the list
            error = _("Say in a comment what has to change before returning.")
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            "admin/methodology/return_for_revision.html",
            {
                **self.admin_site.each_context(request),
                "title": step.label,
                "opts": self.opts,
                "records": queryset,
                "action": action,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "comment": comment,
                "error": error,
                "media": self.media,
            },
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_buttons"] = [
                {
                    "name": step.name,
                    "label": step.label,
                    "needs_comment": step.needs_comment,
                    "url": reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_{step.name}",
                        args=[quote(obj.pk)],
                        current_app=self.admin_site.name,
                    ),
                }
                for step in self.steps
                if step.allowed(request.user, obj)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        """The history button shows the one audit trail (transitions happen outside the admin too)."""
        obj = self.get_object(request, unquote(object_id))
        extra = {"audit_trail": self.audit_trail(obj)} if obj is not None else {}
        return super().history_view(request, object_id, {**(extra_context or {}), **extra})


def _actor_name(user) -> str:
    if user is None:
        return "—"
    staff = getattr(user, "staff", None)
    return staff.full_name if staff is not None else user.get_username()


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
            # due (period start + 5 days) between today and five days on
            return queryset.exclude(status=PlanStatus.APPROVED).filter(
                period_start__gte=today - grace, period_start__lte=today
            )
        if self.value() == "late":
            # The day of approval in Asia/Bishkek minus the period's start, as a duration: portable date
            # arithmetic on SQLite and PostgreSQL alike.
            return (
                queryset.filter(status=PlanStatus.APPROVED)
                .annotate(
                    approval_lag=ExpressionWrapper(
                        TruncDate("approved_at") - F("period_start"), output_field=DurationField()
                    )
                )
                .filter(approval_lag__gt=grace)
            )
        return queryset


class PlanItemInline(admin.TabularInline):
    """The plan's activities, read-only: the content is the head's, edited on the site."""

    model = PlanItem
    extra = 0
    fields = ["position", "section", "activity", "starts_on", "ends_on", "responsible", "expected_result"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responsible")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


PLAN_STEPS = (
    Step(
        name="agree",
        method="agree",
        label=_("Agree"),
        allowed=can_agree_plan,
        roles=frozenset({roles.DEPUTY_DIRECTOR}),
        done=ngettext_lazy("%(count)s plan was agreed.", "%(count)s plans were agreed.", "count"),
    ),
    Step(
        name="approve",
        method="approve",
        label=_("Approve"),
        allowed=can_approve_plan,
        roles=frozenset({roles.DIRECTOR}),
        done=ngettext_lazy("%(count)s plan was approved.", "%(count)s plans were approved.", "count"),
    ),
    Step(
        name="return",
        method="return_for_revision",
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
    steps = PLAN_STEPS
    status_labels = dict(PlanStatus.choices)
    list_display = ["association", "title", "period", "status", "due", "deadline_state"]
    # period_label reads the quarter and the school year; the deadline reads only the plan's own fields.
    list_select_related = ["association", "association__school", "school_year", "quarter"]
    list_filter = [WaitingForMeFilter, ReviewedStatusFilter, PlanDeadlineFilter]
    search_fields = ["title", "association__name"]
    actions = ["agree_selected", "approve_selected", "return_selected"]
    inlines = [PlanItemInline]
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

    # The most urgent first. The due date is the period's start plus five days (MB-5.1), so sorting by the
    # start is sorting by the due date, on an indexed column; an annotation (with_due_date) cannot be
    # named in `ordering`, and without it the list would not mark its sorted column.
    ordering = ["period_start", "association__name"]

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

    @admin.display(description=_("due"), ordering="period_start")
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
        method="accept",
        label=_("Accept"),
        allowed=can_review_report,
        roles=frozenset({roles.DEPUTY_DIRECTOR}),
        done=ngettext_lazy("%(count)s report was accepted.", "%(count)s reports were accepted.", "count"),
    ),
    Step(
        name="return",
        method="return_for_revision",
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
        facts = report.shown_facts()
        sections = dict(Section.choices)
        education = dict(EducationLevel.choices)
        categories = dict(QualificationCategory.choices)
        return render_to_string(
            "admin/methodology/_report_figures.html",
            {
                "as_of": facts.get("as_of"),
                "sections": [
                    {**row, "label": sections.get(row["section"], row["section"])}
                    for row in facts.get("sections", [])
                ],
                "members": [
                    {
                        **row,
                        "education_label": education.get(row.get("education"), row.get("education")),
                        "category_label": categories.get(row.get("category"), row.get("category")),
                    }
                    for row in facts.get("members", [])
                ],
            },
        )

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


# Associations, their heads (MB-1.1) and members


def _qualification(appointment: HeadAppointment | None) -> str:
    """MB-1.1 against the head's record as it stands now; a head no longer qualified is flagged."""
    if appointment is None:
        return "—"
    problems = appointment.qualification_problems()
    if not problems:
        return str(_("qualified"))
    return format_html(
        '<span class="head-unqualified" style="color:{};font-weight:bold">{}</span>',
        FLAG_COLOUR,
        _("not qualified (MB-1.1): %(problems)s") % {"problems": "; ".join(problems)},
    )


class SchoolStaffChoices:
    """Inline rows choose among the staff of the person's schools (the main form's rule, for inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "staff":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        if not request.user.is_superuser:
            kwargs["queryset"] = Staff.objects.filter(school__in=readable_schools(request.user))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # The choices are read once for all the rows, not once per row; a posted value is still checked
        # against the queryset.
        field.choices = list(iter(field.choices))  # iter: no COUNT query for a length hint
        return field

    def get_queryset(self, request):
        # The row's own name ("staff — association") is shown above it: both are joined.
        return super().get_queryset(request).select_related("staff", "association")


class HeadAppointmentInline(SchoolStaffChoices, admin.TabularInline):
    model = HeadAppointment
    extra = 0
    fields = ["staff", "starts_on", "ends_on", "qualification"]
    readonly_fields = ["qualification"]

    @admin.display(description=_("qualification (MB-1.1)"))
    def qualification(self, appointment: HeadAppointment) -> str:
        if appointment is None or appointment.pk is None:
            return "—"
        return _qualification(appointment)


class MembershipInline(SchoolStaffChoices, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["staff", "starts_on", "ends_on"]


class HeadQualificationFilter(admin.SimpleListFilter):
    """MB-1.1: associations whose current head's record, as corrected since, no longer qualifies."""

    title = _("head")
    parameter_name = "head"

    def lookups(self, request, model_admin):
        return [("unqualified", _("Head no longer qualified")), ("none", _("No current head"))]

    def queryset(self, request, queryset):
        current = HeadAppointment.objects.current().filter(association__in=queryset.values("pk"))
        if self.value() == "unqualified":
            # Years of service are whole calendar months, computed in Python: one query for the heads.
            flagged = [
                appointment.association_id
                for appointment in current.select_related("staff")
                if appointment.qualification_problems()
            ]
            return queryset.filter(pk__in=flagged)
        if self.value() == "none":
            return queryset.exclude(pk__in=current.values("association_id"))
        return queryset


@admin.register(Association)
class AssociationAdmin(SchoolScopedAdmin):
    list_display = ["name", "school", "current_head", "head_qualification"]
    list_select_related = ["school"]
    list_filter = [HeadQualificationFilter]
    search_fields = ["name", "subject_area"]
    fields = ["school", "name", "subject_area", "current_head", "head_qualification"]
    readonly_fields = ["current_head", "head_qualification"]
    inlines = [HeadAppointmentInline, MembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "head_appointments",
                    queryset=HeadAppointment.objects.current().select_related("staff"),
                    to_attr="current_heads",
                )
            )
        )

    def _current_head(self, association: Association) -> HeadAppointment | None:
        if association.pk is None:
            return None
        heads = getattr(association, "current_heads", None)
        if heads is None:
            return association.head_on()
        return heads[0] if heads else None

    @admin.display(description=_("current head"))
    def current_head(self, association: Association) -> str:
        appointment = self._current_head(association)
        return appointment.staff.full_name if appointment else "—"

    @admin.display(description=_("head's qualification (MB-1.1)"))
    def head_qualification(self, association: Association) -> str:
        return _qualification(self._current_head(association))

    def save_formset(self, request, form, formset, change):
        """Heads and members go into the audit trail, deletions recorded before the row is gone."""
        audit.save_inline_rows(
            formset,
            by=request.user,
            school=form.instance.school,
            prefix=f"methodology.{formset.model._meta.model_name}",
            describe=lambda row: {"staff": row.staff_id, "starts_on": row.starts_on, "ends_on": row.ends_on},
        )
