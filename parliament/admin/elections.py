"""The presidential election in the admin (SP-1.4): the director and the deputy set it up here.

The title, the grades (the candidates' not below the school's office-holder band, SP-1.7), the voting
window, the supervising teacher and the commission are kept here, and only until the voting starts;
stages, candidates' checks, the count and the results are steps on the site, each with its audit event.
Candidates are shown read-only.

The ballot's tables (`Tally`, `Turnout`, `VoteCode`) are deliberately NOT registered: nothing in the
admin may set the roll beside the counters. The votes per candidate appear here only once the results
are published, as the site shows them.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parliament.actions.elections import results_of
from parliament.models import Candidate, Election, ElectionStage, Term
from school_gov.admin import SchoolScopedAdmin
from school_gov.models import Staff, Student
from school_gov.permissions import readable_schools

# Until the voting starts the frame may change; after it, changing who may vote would change the vote.
SETTABLE_STAGES = (ElectionStage.REGISTRATION, ElectionStage.CAMPAIGN)
FRAME_FIELDS = [
    "term",
    "title",
    "candidate_from_grade",
    "voter_from_grade",
    "voting_opens_at",
    "voting_closes_at",
    "supervisor",
    "commission",
]
RESULT_FIELDS = ["stage", "runoff_of", "winner", "tie_decision", "invalid_paper_ballots", "counted_at"]


class ElectionAdminForm(forms.ModelForm):
    class Meta:
        model = Election
        fields = FRAME_FIELDS

    def clean(self):
        data = super().clean()
        term = data.get("term") or (self.instance.term if self.instance.term_id else None)
        if term is None:
            return data
        supervisor = data.get("supervisor")
        if supervisor is not None and supervisor.school_id != term.school_id:
            self.add_error("supervisor", gettext("The supervising teacher works at another school."))
        strangers = [s.full_name for s in data.get("commission") or [] if s.school_id != term.school_id]
        if strangers:
            self.add_error(
                "commission",
                gettext("These students study at another school: %(names)s.")
                % {"names": ", ".join(strangers)},
            )
        if self.instance.pk and data.get("commission"):
            standing = self.instance.candidates.filter(student__in=data["commission"]).select_related(
                "student"
            )
            if standing:
                self.add_error(
                    "commission",
                    gettext("Candidates may not sit on the commission that checks them: %(names)s.")
                    % {"names": ", ".join(c.student.full_name for c in standing.select_related("student"))},
                )
        return data


class CandidateInline(admin.TabularInline):
    """The candidates as registered and checked on the site, read-only."""

    model = Candidate
    extra = 0
    fields = ["student", "status", "statement", "check_note"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("student")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Election)
class ElectionAdmin(SchoolScopedAdmin):
    school_field = "term__school"
    form = ElectionAdminForm
    list_display = ["title", "term", "stage", "voting_opens_at", "voting_closes_at", "winner"]
    list_filter = ["stage"]
    list_select_related = ["term__school", "term__school_year", "winner__student"]
    search_fields = ["title"]
    autocomplete_fields = ["supervisor", "commission"]
    inlines = [CandidateInline]

    def get_changeform_initial_data(self, request):
        # SP-1.7: the candidates come from the office-holder band (Election.clean), so start there.
        initial = super().get_changeform_initial_data(request)
        school = request.person.school
        if school is not None:
            initial.setdefault("candidate_from_grade", school.office_holders_from_grade)
        return initial

    def get_fields(self, request, obj=None):
        if obj is None:
            return FRAME_FIELDS
        return [*FRAME_FIELDS, *RESULT_FIELDS, "results"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.stage in SETTABLE_STAGES:
            return [*RESULT_FIELDS, "results"]
        return [*FRAME_FIELDS, *RESULT_FIELDS, "results"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.person.is_superuser:
            schools = readable_schools(request.person)
            if db_field.name == "term":
                kwargs["queryset"] = Term.objects.filter(school__in=schools).select_related("school_year")
            elif db_field.name == "supervisor":
                kwargs["queryset"] = Staff.objects.filter(school__in=schools)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "commission" and not request.person.is_superuser:
            kwargs["queryset"] = Student.objects.filter(school__in=readable_schools(request.person))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None) -> bool:
        # An election, once set up, is a record (PROTECT everywhere): it is never deleted.
        return False

    @admin.display(description=_("votes per candidate"))
    def results(self, obj: Election) -> str:
        if not obj.results_visible:
            return gettext("Hidden until the results are published.")
        return format_html_join(
            "",
            "<div>{}: {} ({} + {})</div>",
            ((r.candidate.student.full_name, r.total, r.electronic, r.paper) for r in results_of(obj)),
        )
