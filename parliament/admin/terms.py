"""The parliament's frame in the admin (SP-1.3–1.5): terms with their offices, and ministries. The
director and the deputy keep them here; every change is written to the audit trail."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Prefetch
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parliament.actions import terms
from parliament.demo import MINISTRIES as COMMON_MINISTRIES
from parliament.models import Ministry, Office, Term
from school_gov.actions import records
from school_gov.admin import SchoolScopedAdmin
from school_gov.forms import dated_rows_overlap
from school_gov.models import Staff, Tier
from school_gov.permissions import readable_schools
from school_gov.sites import AutocompleteOfIds

# Terms and offices


class OfficeFormSet(BaseInlineFormSet):
    """Rules across the rows of one save, which `Office.clean` (one row against the database) cannot see:
    every holder studies at the term's school, and no two rows hold one office over the same dates."""

    def clean(self):
        super().clean()
        term = self.instance
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("student")
        ]
        for data in rows:
            if term.school_id and data["student"].school_id != term.school_id:
                raise forms.ValidationError(
                    gettext("%(name)s studies at another school.") % {"name": data["student"].full_name}
                )
        for index, first in enumerate(rows):
            for second in rows[index + 1 :]:
                if first.get("kind") == second.get("kind") and dated_rows_overlap(first, second):
                    raise forms.ValidationError(
                        gettext("Two rows hold the office of %(office)s over the same dates.")
                        % {"office": Office(kind=first["kind"]).get_kind_display()}
                    )


class OfficeInline(AutocompleteOfIds, admin.TabularInline):
    """SP-1.3, SP-1.4: the president and the other offices, as rows with dates."""

    model = Office
    formset = OfficeFormSet
    extra = 0
    fields = ["kind", "student", "starts_on", "ends_on"]
    autocomplete_fields = ["student"]


@admin.register(Term)
class TermAdmin(SchoolScopedAdmin):
    list_display = ["__str__", "school", "adviser", "president"]
    list_select_related = ["school", "school_year", "adviser"]
    list_filter = ["school_year__is_current"]
    fields = ["school", "school_year", "adviser"]
    inlines = [OfficeInline]
    actions = ["add_common_ministries"]

    def get_queryset(self, request):
        today = timezone.localdate()
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "offices",
                    queryset=Office.objects.current(today).filter(kind="president").select_related("student"),
                    to_attr="current_presidents",
                )
            )
        )

    @admin.display(description=_("president"))
    def president(self, term: Term) -> str:
        presidents = getattr(term, "current_presidents", None)
        if presidents is None:
            office = term.office_holder("president")
            return office.student.full_name if office else "—"
        return presidents[0].student.full_name if presidents else "—"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "adviser" and not request.person.is_superuser:
            kwargs["queryset"] = Staff.objects.filter(school__in=readable_schools(request.person))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        """Offices go into the audit trail one by one, a deletion before its row is gone."""
        records.save_rows(
            formset,
            by=request.person,
            school=form.instance.school,
            prefix="parliament.office",
            describe=lambda office: {
                "kind": office.kind,
                "student": office.student_id,
                "starts_on": office.starts_on,
                "ends_on": office.ends_on,
            },
        )

    def has_add_ministry_permission(self, request) -> bool:
        return request.user.has_perm("parliament.add_ministry")

    @admin.action(description=_("Add the common ministries"), permissions=["add_ministry"])
    def add_common_ministries(self, request, queryset):
        """The ministries most schools have (GLOSSARY, "Parliament practice"), without ministers yet;
        a term's own names are data the school then edits, so existing names are left alone."""
        added = sum(
            terms.add_ministries(term, by=request.person, ministries=COMMON_MINISTRIES) for term in queryset
        )
        messages.success(
            request,
            ngettext("%(count)s ministry was added.", "%(count)s ministries were added.", added)
            % {"count": added},
        )


# Ministries


class MinistryAdminForm(forms.ModelForm):
    """Members, like the minister (`Ministry.clean`), study at the term's school; primary grades take
    part in events rather than sit in ministries (SP-1.6)."""

    class Meta:
        model = Ministry
        fields = ["term", "name", "description", "minister", "members"]

    def clean(self):
        cleaned = super().clean()
        term, members = cleaned.get("term"), cleaned.get("members")
        if term is None or not members:
            return cleaned
        problems = []
        for student in members:
            if student.school_id != term.school_id:
                problems.append(gettext("%(name)s studies at another school.") % {"name": student.full_name})
            elif student.tier == Tier.PARTICIPANT:
                problems.append(
                    gettext(
                        "%(name)s is in grade %(grade)s; ministries take members from grade %(first)s "
                        "(SP-1.6, SP-1.7)."
                    )
                    % {
                        "name": student.full_name,
                        "grade": student.grade,
                        "first": student.school.organisers_from_grade,
                    }
                )
        if problems:
            self.add_error("members", problems)
        return cleaned


@admin.register(Ministry)
class MinistryAdmin(SchoolScopedAdmin):
    school_field = "term__school"
    form = MinistryAdminForm
    list_display = ["name", "term", "minister", "member_count"]
    list_select_related = ["term__school", "term__school_year", "minister"]
    list_filter = ["term__school_year__is_current"]
    search_fields = ["name", "minister__surname", "minister__name"]
    autocomplete_fields = ["minister", "members"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, ministry: Ministry) -> int:
        return ministry.member_total

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "term" and not request.person.is_superuser:
            kwargs["queryset"] = Term.objects.filter(
                school__in=readable_schools(request.person)
            ).select_related("school_year")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
