"""Admin: events and the duty roster, scoped to the school, with the site's tier rule on organisers."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from parliament.actions import events
from parliament.forms.events import clean_organisers, school_problems
from parliament.models import DutyAssignment, Event, Ministry, Term
from school_gov.admin import SchoolScopedAdmin
from school_gov.models import Staff, Student
from school_gov.permissions import readable_schools


class EventAdminForm(forms.ModelForm):
    """SP-1.7 in the admin too: a student of the participant band is refused as an organiser, with why."""

    class Meta:
        model = Event
        fields = [
            "school",
            "term",
            "title",
            "kind",
            "olympiad_stage",
            "starts_at",
            "ends_at",
            "place",
            "ministry",
            "organisers",
            "responsible_teacher",
            "audience_from_grade",
            "audience_to_grade",
            "participants",
            "description",
            "results",
        ]

    def clean_organisers(self):
        return clean_organisers(list(self.cleaned_data["organisers"].select_related("school")))

    def clean(self):
        cleaned = super().clean()
        school = cleaned.get("school")
        if school is not None:
            for name, problem in school_problems(school, cleaned).items():
                self.add_error(name if name in self.fields else None, problem)
        return cleaned


@admin.register(Event)
class EventAdmin(SchoolScopedAdmin):
    form = EventAdminForm
    list_display = ["title", "kind", "olympiad_stage", "starts_at", "place", "ministry", "school"]
    list_filter = ["kind", "olympiad_stage"]
    list_select_related = ["school", "ministry"]
    search_fields = ["title", "place", "description"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organisers", "participants"]
    fieldsets = [
        (None, {"fields": ["school", "term", "title", "kind", "olympiad_stage"]}),
        (_("When and where"), {"fields": ["starts_at", "ends_at", "place"]}),
        (
            _("Who"),
            {
                "fields": [
                    "ministry",
                    "organisers",
                    "responsible_teacher",
                    "audience_from_grade",
                    "audience_to_grade",
                    "participants",
                ]
            },
        ),
        (None, {"fields": ["description", "results"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.person.is_superuser:
            schools = readable_schools(request.person)
            if db_field.name == "term":
                kwargs["queryset"] = Term.objects.filter(school__in=schools).select_related("school_year")
            elif db_field.name == "ministry":
                kwargs["queryset"] = Ministry.objects.filter(term__school__in=schools)
            elif db_field.name == "responsible_teacher":
                kwargs["queryset"] = Staff.objects.filter(school__in=schools)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("organisers", "participants") and not request.person.is_superuser:
            kwargs["queryset"] = Student.objects.filter(school__in=readable_schools(request.person))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(DutyAssignment)
class DutyAssignmentAdmin(SchoolScopedAdmin):
    list_display = ["date", "class_name", "area_kind", "area", "done", "school"]
    list_filter = ["done", "area_kind"]
    list_select_related = ["school"]
    search_fields = ["area", "class_letter"]
    date_hierarchy = "date"
    fields = [
        "school",
        "date",
        "area_kind",
        "area",
        "grade",
        "class_letter",
        "done",
        "who_marked",
        "marked_at",
    ]
    readonly_fields = ["who_marked", "marked_at"]

    @admin.display(description=_("marked by"))
    def who_marked(self, obj: DutyAssignment) -> str:
        """The staff or student record that marked it ("—" before anyone has)."""
        return str(obj.marked_by) if obj.marked_by else "—"

    @admin.display(description=_("class"), ordering="grade")
    def class_name(self, obj: DutyAssignment) -> str:
        return f"{obj.grade}-{obj.class_letter}"

    def save_model(self, request, obj, form, change):
        """The other fields as any admin change; the mark through the roster's own write (mark_duty)."""
        marking, wanted = "done" in form.changed_data, obj.done
        if marking:
            obj.done = not wanted
            form.changed_data.remove("done")  # the mark's own audit line says it (mark_duty)
        if form.changed_data or not change:
            super().save_model(request, obj, form, change)
        if marking:
            events.mark_duty(obj, by=request.person, done=wanted)
            obj.refresh_from_db()
