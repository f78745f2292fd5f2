"""Associations in the admin: heads qualified under MB-1.1, members, the head's qualification."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from methodology.models import (
    Association,
    HeadAppointment,
    Membership,
)
from school_gov.actions import records
from school_gov.admin import SchoolScopedAdmin
from school_gov.forms import dated_rows_overlap
from school_gov.models import Staff
from school_gov.permissions import readable_schools

# Associations, their heads (MB-1.1) and members


def _qualification(appointment: HeadAppointment | None) -> str:
    """MB-1.1 against the head's record as it stands now; a head no longer qualified is flagged."""
    if appointment is None:
        return "—"
    problems = appointment.qualification_problems()
    if not problems:
        return str(_("qualified"))
    return format_html(  # red and bold by static/css/admin.css
        '<span class="head-unqualified">{}</span>',
        _("not qualified (MB-1.1): %(problems)s") % {"problems": "; ".join(problems)},
    )


class SchoolStaffChoices:
    """Inline rows choose among the staff of the person's schools (the main form's rule, for inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "staff":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        if not request.person.is_superuser:
            kwargs["queryset"] = Staff.objects.filter(school__in=readable_schools(request.person))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # The choices are read once for all the rows, not once per row; a posted value is still checked
        # against the queryset.
        field.choices = list(iter(field.choices))  # iter: no COUNT query for a length hint
        return field

    def get_queryset(self, request):
        # The row's own name ("staff — association") is shown above it: both are joined.
        return super().get_queryset(request).select_related("staff", "association")


class HeadAppointmentFormSet(BaseInlineFormSet):
    """The association's heads in one save: ending the current head's appointment and starting the next
    one's is one change. The rows are compared with each other as submitted (their overlap refused with
    the same message), and with the database only for the rows not in the form."""

    def full_clean(self):
        together = frozenset(form.instance.pk for form in self.forms if form.instance.pk)
        for form in self.forms:
            form.instance.changed_together = together
        super().full_clean()

    def clean(self):
        super().clean()
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("starts_on")
        ]
        for index, row in enumerate(rows):
            for other in rows[index + 1 :]:
                if dated_rows_overlap(row, other):
                    later = max(row, other, key=lambda r: r["starts_on"])
                    earlier = other if later is row else row
                    raise ValidationError(
                        gettext(
                            "%(name)s heads this association over these dates; end that appointment first."
                        )
                        % {"name": earlier["staff"].full_name}
                    )


class HeadAppointmentInline(SchoolStaffChoices, admin.TabularInline):
    model = HeadAppointment
    formset = HeadAppointmentFormSet
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
        records.save_rows(
            formset,
            by=request.person,
            school=form.instance.school,
            prefix=f"methodology.{formset.model._meta.model_name}",
            describe=lambda row: {"staff": row.staff_id, "starts_on": row.starts_on, "ends_on": row.ends_on},
        )
