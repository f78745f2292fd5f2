"""Workflow steps shared by the plan and the report admins: the deputy director and the director act
on plans and reports here with list actions and buttons (MB-5.1, MB-5.3)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from methodology.models import PlanStatus
from school_gov.admin import ReadOnlyAdmin, actor_name
from school_gov.deadlines import describe
from school_gov.models import AuditEvent
from school_gov.refusals import Refused

# Workflow steps, shared by the plan and report admins


@dataclass(frozen=True)
class Step:
    """One workflow step as the admin offers it: a list action and a button on the record's page."""

    name: str  # the URL part and the action permission: "agree" → has_agree_permission
    take: Callable  # the action (methodology.actions.plans.agree …), called with `by=request.person`
    label: Promise  # the button
    allowed: Callable  # the predicate from methodology.permissions: is the button shown for this record?
    roles: frozenset[str]  # roles that may ever take the step: whether the list action is offered
    done: Promise  # ngettext_lazy message with %(count)s
    needs_comment: bool = False


def _deadline_badge(tone_and_text: tuple[str, str]) -> str:
    """The deadline in the tone school_gov.deadlines.describe gives it (Bootstrap's names: success,
    warning, danger, secondary), coloured by static/css/admin.css: no style attribute under the CSP."""
    tone, text = tone_and_text
    return format_html('<span class="deadline deadline-{}">{}</span>', tone, text)


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
            return queryset.awaiting(request.person)
        return queryset


class ReviewedStatusFilter(admin.SimpleListFilter):
    """The status, without "draft" for those who never see drafts here (see WorkflowAdmin.get_queryset)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            (value, label)
            for value, label in model_admin.status_labels.items()
            if value != PlanStatus.DRAFT or request.person.is_superuser
        ]

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class WorkflowAdmin(ReadOnlyAdmin):
    """Read-only records with workflow steps: list actions, buttons, the audit trail and its history."""

    school_field = "association__school"
    change_form_template = "admin/methodology/workflow_change_form.html"
    object_history_template = "admin/methodology/object_history.html"
    steps: tuple[Step, ...] = ()
    status_labels: dict[str, str] = {}
    deadline_done = "approved"

    # Nobody adds, edits or deletes plans and reports here (ReadOnlyAdmin): heads edit them on the site,
    # and they outlive mistakes (on_delete=PROTECT). Viewing is by model permission; the steps are
    # actions, each guarded by its own check.

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.person.is_superuser:
            return qs
        # A draft belongs to its association until the head submits it (can_view_plan, can_view_report).
        return qs.exclude(status=PlanStatus.DRAFT)

    def _step(self, name: str) -> Step:
        return next(step for step in self.steps if step.name == name)

    def _may_ever(self, request, name: str) -> bool:
        return request.person.holds(*self._step(name).roles)

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
            AuditEvent.objects.for_object(obj)
            .select_related("actor__staff", "actor__student")
            .order_by("created_at", "pk")
        )
        rows = [
            {
                "when": event.created_at,
                "who": actor_name(event.actor),
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
                never_cache(self._step_view(step)),
                name="{}_{}_{}".format(*info, step.name),
            )
            for step in self.steps
        ]
        # Before the admin's own patterns: its catch-all "<path:object_id>/" would swallow these.
        return step_urls + super().get_urls()

    def _step_view(self, step: Step):
        """A step's address answers like the site: 404 for another school's record (or none), 403 for a
        member of the school who does not work here; the admin's own people get the step's message."""

        def view(request, object_id):
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            try:
                # The admin's own rows: the person's schools, and no draft but to the superuser, so a
                # hidden draft is not found here either.
                obj = self.get_queryset(request).get(pk=unquote(object_id))
            except (ValueError, ValidationError, self.model.DoesNotExist):
                raise Http404 from None
            if not (self.admin_site.has_permission(request) and self.has_view_permission(request, obj)):
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
        """Take the step's action on each record; refusals name the record, successes are counted."""
        done = 0
        for obj in records:
            try:
                step.take(obj, by=request.person, **kwargs)
            except Refused as error:
                self.message_user(
                    request,
                    _("%(record)s: %(reason)s") % {"record": obj, "reason": error.message},
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
                if step.allowed(request.person, obj)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        """The history button shows the one audit trail (transitions happen outside the admin too)."""
        obj = self.get_object(request, unquote(object_id))
        extra = {"audit_trail": self.audit_trail(obj)} if obj is not None else {}
        return super().history_view(request, object_id, {**(extra_context or {}), **extra})
