"""The admin, where the director, the deputy director and the district work.

Staff users see only their school's rows (the district methodologist: the district's, read-only).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import FieldDoesNotExist
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from school_gov import audit, mail
from school_gov.actions import calendar, records, years
from school_gov.admin_roster import AccountsAdminMixin, PeopleImportMixin
from school_gov.deadlines import local_today
from school_gov.forms import ErrorsOfHiddenFields
from school_gov.models import (
    Appointment,
    AuditEvent,
    District,
    Email,
    Holiday,
    Quarter,
    School,
    SchoolYear,
    Staff,
    Student,
    User,
)
from school_gov.permissions import readable_schools, reads_many_schools, scope
from school_gov.refusals import Refused
from school_gov.sites import AutocompleteOfIds
from school_gov.years import next_year


class SchoolScopedAdmin(AutocompleteOfIds, admin.ModelAdmin):
    """Rows of the schools the signed-in person may read; new rows default to their own school."""

    school_field = "school"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if issubclass(form, ErrorsOfHiddenFields):
            return form
        return type(form.__name__, (ErrorsOfHiddenFields, form), {})

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.person.is_superuser:
            return qs
        return qs.filter(**{f"{self.school_field}__in": readable_schools(request.person)})

    def get_list_display(self, request):
        """A viewer across several schools (the district, the superuser) gets each row's school."""
        shown = list(super().get_list_display(request))
        if self._names_schools(request) and self.school_field not in shown:
            shown.append(self.school_field)  # a related field's path (Django 5.1)
        return shown

    def get_list_filter(self, request):
        """…and a filter by school, listing only the schools the rows are of."""
        filters = list(super().get_list_filter(request))
        if self._names_schools(request):
            filters.insert(0, (self.school_field, admin.RelatedOnlyFieldListFilter))
        return filters

    def _names_schools(self, request) -> bool:
        return self.school_field != "pk" and reads_many_schools(request.person)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.person.is_superuser:
            schools = readable_schools(request.person)
            if db_field.name == "school":
                kwargs["queryset"] = schools
                kwargs["initial"] = request.person.school
            elif db_field.name == "staff":
                kwargs["queryset"] = Staff.objects.filter(school__in=schools)
            elif db_field.name == "school_year":
                kwargs["queryset"] = SchoolYear.objects.filter(school__in=schools)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Every change through the one write of a kept record (school_gov.actions.records)."""
        records.save_record(
            obj, by=request.person, school=self._school_of(obj), fields=list(form.changed_data)
        )

    def delete_model(self, request, obj):
        records.delete_record(obj, by=request.person, school=self._school_of(obj))

    def save_formset(self, request, form, formset, change):
        """Inline rows (quarters, candidates, club members…) go through the same write, one audit line a
        row; an admin whose rows carry more to record overrides this with its own `describe`."""
        opts = formset.model._meta
        records.save_rows(
            formset,
            by=request.person,
            school=self._school_of(form.instance),
            prefix=f"{opts.app_label}.{opts.model_name}",
            describe=lambda row: {},
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def _school_of(self, obj):
        for part in self.school_field.split("__"):
            obj = getattr(obj, part, None)
        return obj


class ReadOnlyMixin:
    """Rows kept elsewhere (on the site, or by the app itself): the admin only reads them."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, SchoolScopedAdmin):
    """A school's rows the app keeps itself, read in the admin within the reader's schools."""


class SuperuserReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The application's own bookkeeping (the outbox, the reminder sweeps): the superuser's alone, read."""

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(School)
class SchoolAdmin(SchoolScopedAdmin):
    school_field = "pk"
    list_display = [
        "name",
        "district",
        "organisers_from_grade",
        "office_holders_from_grade",
        "deadlines_on_working_days",
    ]
    search_fields = ["name"]
    actions = ["add_national_holidays"]

    def save_model(self, request, obj, form, change):
        calendar.save_school(obj, by=request.person, fields=list(form.changed_data))

    @admin.action(
        description=_("Add the public holidays of the Kyrgyz Republic (this year and the next)"),
        permissions=["add_holiday"],
    )
    def add_national_holidays(self, request, queryset):
        """The national calendar's holidays the school has not got yet, to correct in the holidays' list
        (the lunar holidays' dates are decreed each year)."""
        year = local_today().year
        for school in queryset:
            try:
                added = calendar.add_national_holidays(school, [year, year + 1], by=request.person)
            except Refused as error:
                self.message_user(request, error.message, messages.ERROR)
                return
            self.message_user(
                request,
                ngettext(
                    "%(school)s: %(count)s public holiday added; check the dates of Orozo ait and "
                    "Kurman ait.",
                    "%(school)s: %(count)s public holidays added; check the dates of Orozo ait and "
                    "Kurman ait.",
                    added,
                )
                % {"school": school, "count": added},
                messages.SUCCESS,
            )

    def has_add_holiday_permission(self, request) -> bool:
        return request.user.has_perm("school_gov.add_holiday")

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        if request.person.is_superuser:
            return qs
        return qs.filter(pk__in=readable_schools(request.person))

    def _school_of(self, obj):
        return obj


@admin.register(Holiday)
class HolidayAdmin(SchoolScopedAdmin):
    """The school's public holidays: they count only where the school moves deadlines to working days."""

    list_display = ["date", "name"]  # with the school's column for a viewer across schools
    list_select_related = ["school"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        calendar.save_holiday(obj, by=request.person, fields=list(form.changed_data))

    def delete_model(self, request, obj):
        calendar.delete_holiday(obj, by=request.person)


class QuarterInline(admin.TabularInline):
    model = Quarter
    extra = 0
    max_num = 4
    fields = ["number", "start_date", "end_date"]


@admin.register(SchoolYear)
class SchoolYearAdmin(SchoolScopedAdmin):
    list_display = ["__str__", "school", "start_date", "end_date", "is_current", "rolled_over_at"]
    list_filter = ["is_current"]
    list_select_related = ["school"]
    inlines = [QuarterInline]
    actions = ["start_next_year"]

    @admin.action(description=_("Start the next school year"), permissions=["change"])
    def start_next_year(self, request, queryset):
        """A preview of the move (dates, quarters, grades, leavers, class teachers), then, confirmed,
        the move itself (school_gov.actions.years.start_next_year)."""
        if queryset.count() != 1:
            self.message_user(request, _("Choose one school year, the current one."), messages.ERROR)
            return None
        year = queryset.select_related("school").get()
        if request.POST.get("apply"):
            try:
                new_year = years.start_next_year(year, by=request.person)
            except Refused as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                # The counts as the move made them: its audit line.
                events = AuditEvent.objects.for_object(year).filter(
                    action="school_gov.schoolyear.rolled_over"
                )
                counts = events.values_list("data", flat=True).first() or {}
                self.message_user(
                    request,
                    _(
                        "The school year %(year)s has started: %(moved)s students moved up a grade, "
                        "%(left)s left the school, %(ended)s class teachers' appointments ended."
                    )
                    % {
                        "year": new_year,
                        "moved": counts.get("moved_up", 0),
                        "left": counts.get("left", 0),
                        "ended": counts.get("appointments_ended", 0),
                    },
                    messages.SUCCESS,
                )
            return None
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            "admin/school_gov/schoolyear_start_next.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Start the next school year"),
                "opts": self.opts,
                "year": year,
                "proposal": next_year(year),
                "action": "start_next_year",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "media": self.media,
            },
        )


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    fields = ["role", "starts_on", "ends_on", "class_grade", "class_letter"]


@admin.register(Staff)
class StaffAdmin(AccountsAdminMixin, PeopleImportMixin, SchoolScopedAdmin):
    roster_kind = "staff"
    change_list_template = "admin/school_gov/people_change_list.html"
    list_display = [
        "full_name",
        "subjects",
        "education_level",
        "qualification_category",
        "education_started_on",
        "school",
    ]
    list_filter = ["education_level", "qualification_category"]
    list_select_related = ["school"]
    search_fields = ["surname", "name", "patronymic", "subjects"]
    autocomplete_fields = ["user"]
    inlines = [AppointmentInline]

    def save_formset(self, request, form, formset, change):
        """Appointments go into the audit trail one by one, a deletion before its row is gone."""
        records.save_rows(
            formset,
            by=request.person,
            school=form.instance.school,
            prefix="school_gov.appointment",
            describe=lambda row: {"role": row.role, "starts_on": row.starts_on, "ends_on": row.ends_on},
        )


class FormerStudentFilter(admin.SimpleListFilter):
    """Students now (the default), or those who left when a school year ended."""

    title = _("on the rolls")
    parameter_name = "former"

    def lookups(self, request, model_admin):
        return [("yes", _("Former students"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(left_on__isnull=False)
        return queryset.filter(left_on__isnull=True)


@admin.register(Student)
class StudentAdmin(AccountsAdminMixin, PeopleImportMixin, SchoolScopedAdmin):
    roster_kind = "students"
    change_list_template = "admin/school_gov/people_change_list.html"
    list_display = ["full_name", "grade", "class_letter", "school"]
    list_filter = [FormerStudentFilter, "grade", "class_letter"]

    def get_queryset(self, request):
        # Former students too (the filter shows them on request): their records stay the school's.
        return scope(Student.everyone.select_related("school"), request.person)

    list_select_related = ["school"]
    search_fields = ["surname", "name", "patronymic"]
    autocomplete_fields = ["user"]


@admin.register(Appointment)
class AppointmentAdmin(SchoolScopedAdmin):
    school_field = "staff__school"
    list_display = ["staff", "role", "starts_on", "ends_on"]
    list_filter = ["role"]
    list_select_related = ["staff", "staff__school"]
    search_fields = ["staff__surname", "staff__name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Preferences"), {"fields": ("language",)}),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.person.is_superuser:
            return qs
        schools = readable_schools(request.person)
        return qs.filter(staff__school__in=schools) | qs.filter(student__school__in=schools)


def actor_name(user) -> str:
    """Who did it, by their name on the school's records (the staff or student record of the account),
    the username only for an account with neither (the superuser); "—" for nobody."""
    if user is None:
        return "—"
    for record in ("staff", "student"):
        if (person := getattr(user, record, None)) is not None:
            return str(person.full_name)
    return str(user.get_username())


class AuditActionFilter(admin.SimpleListFilter):
    """The actions of the trail by their verb in the reader's language, as the list's column shows them
    (Django's plain field filter would list the dotted code names: "methodology.plan.agreed")."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = model_admin.get_queryset(request).order_by("action").values_list("action", flat=True)
        return [(action, AuditEvent(action=action).action_described) for action in actions.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail, read-only for everyone, the superuser included."""

    list_display = ["created_at", "who", "what", "object_repr", "school"]
    list_filter = [AuditActionFilter]
    list_select_related = ["actor__staff", "actor__student", "school"]
    search_fields = ["action", "object_repr"]
    date_hierarchy = "created_at"

    fields = [
        "created_at",
        "who",
        "school",
        "what",
        "content_type",
        "object_id",
        "object_repr",
        "details",
        "seq",
        "digest",
    ]
    readonly_fields = fields

    @admin.display(description=_("who"), ordering="actor")
    def who(self, event: AuditEvent) -> str:
        return actor_name(event.actor)

    @admin.display(description=_("action"), ordering="action")
    def what(self, event: AuditEvent) -> str:
        """The verb in the reader's language, with the dotted name for the record's kind."""
        return event.action_described

    @admin.display(description=_("details"))
    def details(self, event: AuditEvent) -> str:
        """The event's details as lines a reader understands: a status in the reader's language (from the
        record's own choices), the known keys named, any other key as it was written."""
        model = event.content_type.model_class() if event.content_type_id else None
        try:
            choices = dict(model._meta.get_field("status").flatchoices) if model else {}
        except FieldDoesNotExist:
            choices = {}
        names = {"from_status": _("status before"), "to_status": _("status after"), "comment": _("comment"),
                 "number": _("number")}  # fmt: skip
        return (
            format_html_join(
                mark_safe("<br>"),
                "{}: {}",
                (
                    (names.get(key, key), choices.get(value, value) if key.endswith("status") else value)
                    for key, value in event.data.items()
                ),
            )
            or "—"
        )

    def get_queryset(self, request):
        # Confidential records (appeals) keep their events, and so who filed and opened them, to
        # themselves: even the superuser reads them only on the record's own page, if at all.
        return audit.without_confidential(super().get_queryset(request))


@admin.register(Email)
class EmailAdmin(SuperuserReadOnlyAdmin):
    """The outbox (superusers): what waits, what was sent, what failed and why; "send again" queues a
    failed message anew."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    readonly_fields = [
        "to",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    exclude = ["body", "html", "headers"]
    actions = ["send_again"]

    @admin.action(description=_("Send again now"))
    def send_again(self, request, queryset) -> None:
        count = mail.send_again(list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(n)s message queued again.", "%(n)s messages queued again.", count) % {"n": count},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("send_again", None)
        return actions
