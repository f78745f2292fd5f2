from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from methodology.models import (
    Association,
    AssociationMeeting,
    Completion,
    HeadProposal,
    LessonObservation,
    PlanComment,
    PlanItem,
    ProjectStatus,
    WorkPlan,
    YearEndReport,
)
from school_gov.collation import Kyrgyz
from school_gov.fields import TEXT_MAX_LENGTH
from school_gov.forms import DateInput, MinutesFormBase, PeopleCheckboxes, UploadField
from school_gov.models import Quarter, SchoolYear, Staff


class PlanForm(forms.ModelForm):
    """A plan's header: the period (by kind) and the theme, aim and tasks (MB-3.2)."""

    class Meta:
        model = WorkPlan
        fields = [
            "title",
            "school_year",
            "period_kind",
            "quarter",
            "period_start",
            "period_end",
            "theme",
            "aim",
            "tasks",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "theme": forms.Textarea(attrs={"rows": 2}),
            "aim": forms.Textarea(attrs={"rows": 2}),
            "tasks": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "period_start": _("For a month, any day of it; for other dates, the first day."),
            "period_end": _("Only for other dates; a year, quarter or month sets its own end."),
            "theme": _("Needed to submit the plan (MB-3.2); a draft may be saved without it."),
            "aim": _("Needed to submit the plan (MB-3.2); a draft may be saved without it."),
        }

    # Fields the plan cannot be submitted without (WorkPlan.submission_problems), marked on the form.
    NEEDED_TO_SUBMIT = ("theme", "aim")

    def __init__(self, *args, association: Association, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.NEEDED_TO_SUBMIT:
            field = self.fields[name]
            field.label = format_lazy("{} *", field.label)
            field.widget.attrs["aria-describedby"] = f"id_{name}_helptext"
        self.instance.association = association
        years = SchoolYear.objects.filter(school=association.school)
        self.fields["school_year"].queryset = years
        self.fields["quarter"].queryset = Quarter.objects.filter(school_year__in=years).select_related(
            "school_year"
        )
        self.fields["period_start"].required = False
        self.fields["period_end"].required = False
        if not self.instance.pk and not self.is_bound:
            current = years.filter(is_current=True).first()
            if current is not None:
                self.initial.setdefault("school_year", current.pk)


class NewPlanForm(PlanForm):
    copy_from = forms.ModelChoiceField(
        label=_("Start from a copy of"),
        queryset=WorkPlan.objects.none(),
        required=False,
        empty_label=_("an empty plan"),
        help_text=_("The activities are copied with their dates moved into the new period."),
    )

    class Meta(PlanForm.Meta):
        fields = ["copy_from", *PlanForm.Meta.fields]

    def __init__(self, *args, association: Association, **kwargs):
        super().__init__(*args, association=association, **kwargs)
        self.fields["copy_from"].queryset = WorkPlan.objects.filter(association=association).select_related(
            "school_year", "quarter"
        )
        self.fields["copy_from"].label_from_instance = lambda plan: f"{plan.title} ({plan.period_label})"


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["section", "activity", "starts_on", "ends_on", "responsible", "expected_result"]
        widgets = {
            "activity": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 1}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "responsible": PeopleCheckboxes(),
        }


class BasePlanItemFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, members, **kwargs):
        self.members = members
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["responsible"].queryset = self.members
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["responsible"].queryset = self.members
        return form


PlanItemFormSet = inlineformset_factory(
    WorkPlan,
    PlanItem,
    form=PlanItemForm,
    formset=BasePlanItemFormSet,
    extra=1,
    can_delete=True,
    max_num=300,
    validate_max=True,
)


class CommentForm(forms.ModelForm):
    class Meta:
        model = PlanComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": _("Your comment")}


class CompletionForm(forms.Form):
    completion = forms.ChoiceField(label=_("Mark of completion"), choices=Completion.choices, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ReportForm(forms.ModelForm):
    class Meta:
        model = YearEndReport
        fields = [
            "aims_met",
            "students_results",
            "shared_experience",
            "problems",
            "conclusions",
            "next_year_tasks",
        ]
        widgets = {field: forms.Textarea(attrs={"rows": 4}) for field in fields}


class NewReportForm(forms.Form):
    school_year = forms.ModelChoiceField(label=_("School year"), queryset=SchoolYear.objects.none())

    def __init__(self, *args, association: Association, **kwargs):
        super().__init__(*args, **kwargs)
        reported = association.reports.values("school_year")
        self.fields["school_year"].queryset = SchoolYear.objects.filter(school=association.school).exclude(
            pk__in=reported
        )


def members_within_a_year(association: Association):
    """Who has been a member (or the head) of the association at some time in the last year: a record
    may be written after the fact about someone who has since left; the rules check the record's date."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=365)
    return Staff.objects.filter(
        Q(association_memberships__in=association.memberships.overlapping(since, today))
        | Q(head_appointments__in=association.head_appointments.overlapping(since, today))
    ).distinct()


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ObservationForm(forms.ModelForm):
    """A lesson observation (GLOSSARY, "A lesson observation"); the observer and the association are
    the view's, the teacher one of the association's members."""

    class Meta:
        model = LessonObservation
        fields = [
            "teacher",
            "observed_on",
            "class_grade",
            "class_letter",
            "subject",
            "on_roll",
            "present",
            "topic",
            "purpose",
            "lesson_aims",
            "lesson_starts_at",
            "lesson_ends_at",
            "arrived_at",
            "late_reason",
            "stages",
            "methods",
            "aim_reached",
            "conclusions",
            "recommendations",
            "feedback_on",
            "feedback_at",
        ]
        widgets = {
            "observed_on": DateInput(),
            "feedback_on": DateInput(),
            "lesson_starts_at": TimeInput(),
            "lesson_ends_at": TimeInput(),
            "arrived_at": TimeInput(),
            "feedback_at": TimeInput(),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "lesson_aims": forms.Textarea(attrs={"rows": 2}),
            "late_reason": forms.Textarea(attrs={"rows": 2}),
            "stages": forms.Textarea(attrs={"rows": 3}),
            "methods": forms.Textarea(attrs={"rows": 3}),
            "conclusions": forms.Textarea(attrs={"rows": 3}),
            "recommendations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, association: Association, observer, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.association = association
        self.instance.observer = observer
        # Everyone who has been a member in the last year: an observation may be recorded or corrected
        # after the teacher has left; the model checks membership on the lesson's own date.
        today = timezone.localdate()
        known = members_within_a_year(association).values("pk")
        members = Staff.objects.filter(Q(pk__in=known) | Q(pk=self.instance.teacher_id or 0))
        self.fields["teacher"].queryset = members.exclude(pk=observer.pk).order_by(
            Kyrgyz("surname"), Kyrgyz("name")
        )
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("feedback_on", today)
        self.fields["teacher"].label_from_instance = lambda staff: staff.full_name
        self.fields["teacher"].error_messages["invalid_choice"] = _(
            "Choose a teacher of the association other than yourself."
        )


class AssociationMinutesForm(MinutesFormBase):
    """The minutes of an association meeting, numbered through the school year, dated within it."""

    class Meta(MinutesFormBase.Meta):
        help_texts = {
            "present": _("Those present, by name. Left empty, it is filled with the members ticked below."),
        }

    def __init__(self, *args, association: Association, school_year, meeting=None, **kwargs):
        self.association = association
        self.school_year = school_year
        self.meeting = meeting  # the minutes edited, whose own number is not taken
        super().__init__(*args, school=association.school, **kwargs)

    def taken_numbers(self):
        taken = AssociationMeeting.objects.filter(association=self.association, school_year=self.school_year)
        if self.meeting is not None:
            taken = taken.exclude(pk=self.meeting.pk)
        return taken.values_list("minutes__number", flat=True)

    def clean_held_on(self):
        held_on = super().clean_held_on()
        year = self.school_year
        if not year.contains(held_on):
            raise ValidationError(
                _("The meeting must fall within the school year %(start)s – %(end)s.")
                % {"start": year.start_date, "end": year.end_date}
            )
        return held_on


class MeetingAttendanceForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Members present"),
        queryset=None,
        required=False,
        widget=PeopleCheckboxes,
    )

    def __init__(self, *args, association: Association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        field = self.fields["attendees"]
        field.queryset = members_within_a_year(association).order_by(Kyrgyz("surname"), Kyrgyz("name"))
        field.label_from_instance = lambda staff: staff.full_name

    def check_members_on(self, day: datetime.date) -> bool:
        """Those ticked were members on the meeting's date (not only today); False, with a message, if not."""
        members = set(self.association.member_staff(day).values_list("pk", flat=True))
        strangers = [staff.full_name for staff in self.cleaned_data["attendees"] if staff.pk not in members]
        if strangers:
            self.add_error(
                "attendees",
                _("Not members of the association on the meeting's date: %(names)s.")
                % {"names": ", ".join(strangers)},
            )
        return not strangers


class ProposalForm(forms.ModelForm):
    """The head's proposal (MB-4.3): what is proposed, about whom or which project, in full."""

    class Meta:
        model = HeadProposal
        fields = ["kind", "teacher", "project", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, association: Association, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.association = association
        teacher = self.fields["teacher"]
        teacher.queryset = association.member_staff().order_by(Kyrgyz("surname"), Kyrgyz("name"))
        teacher.label_from_instance = lambda staff: staff.full_name
        teacher.help_text = _("For a new project or an incentive: the teacher concerned.")
        project = self.fields["project"]
        project.queryset = association.projects.exclude(status=ProjectStatus.STOPPED).select_related(
            "teacher"
        )
        project.label_from_instance = lambda p: f"{p.title} ({p.teacher.full_name}, {p.get_status_display()})"
        project.help_text = _("To suspend, resume or stop a project: which one.")


class DecisionForm(forms.Form):
    ACCEPT, DECLINE = "accept", "decline"
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("Accept")), (DECLINE, _("Decline"))],
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("The administration's decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the proposal is declined."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == self.DECLINE and not (cleaned.get("decision") or "").strip():
            self.add_error("decision", _("Write why the proposal is declined."))
        return cleaned


class DocumentRequestForm(forms.ModelForm):
    """MB-4.5: which document, from whom, by when."""

    teachers = forms.ModelMultipleChoiceField(
        label=_("From the teachers"), queryset=Staff.objects.none(), widget=PeopleCheckboxes
    )

    class Meta:
        from methodology.models import DocumentRequest

        model = DocumentRequest
        fields = ["kind", "title", "due_on", "note"]
        widgets = {"due_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teachers"].queryset = candidates
        self.fields["teachers"].label_from_instance = lambda staff: staff.full_name
        if not self.is_bound and not self.initial.get("due_on"):
            self.initial["due_on"] = timezone.localdate() + datetime.timedelta(days=7)


class DocumentUploadForm(forms.Form):
    """The teacher's upload; the file's checks are school_gov.files', said on this field."""

    file = UploadField(label=_("File"))
    note = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Note to the reviewer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DocumentReviewForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"
    outcome = forms.ChoiceField(
        label=_("Review"),
        choices=[(ACCEPT, _("Accept")), (RETURN, _("Return for correction"))],
        widget=forms.RadioSelect,
    )
    correction = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("What is to be corrected"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the document is returned."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == self.RETURN and not (cleaned.get("correction") or "").strip():
            self.add_error("correction", _("Write what is to be corrected."))
        return cleaned


class CircularForm(forms.ModelForm):
    """MB-5.4, MB-5.5: a document passed down, to whom, with its text or file."""

    file = UploadField(label=_("File"), required=False)

    class Meta:
        from methodology.models import Circular

        model = Circular
        fields = ["kind", "title", "text", "audience", "associations"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "associations": forms.CheckboxSelectMultiple,
            "audience": forms.RadioSelect,
        }

    def __init__(self, *args, school, manager: bool, headed, **kwargs):
        from methodology.models import Audience

        super().__init__(*args, **kwargs)
        associations = Association.objects.filter(school=school)
        if not manager:
            associations = associations.filter(pk__in=[a.pk for a in headed])
            self.fields["audience"].choices = [(Audience.ASSOCIATIONS.value, Audience.ASSOCIATIONS.label)]
            self.initial.setdefault("audience", Audience.ASSOCIATIONS)
        self.fields["associations"].queryset = associations.order_by(Kyrgyz("name"))
        self.fields["associations"].required = False
        self.fields["associations"].help_text = _("Only for «the members of chosen associations».")


def planned_items(teacher: Staff, section: str):
    """The items of a section in the plans of the associations the teacher is a member of now."""
    from methodology.models import HeadAppointment, Membership

    associations = Association.objects.filter(
        Q(memberships__in=Membership.objects.current().filter(staff=teacher))
        | Q(head_appointments__in=HeadAppointment.objects.current().filter(staff=teacher))
    )
    return (
        PlanItem.objects.filter(plan__association__in=associations, section=section)
        .select_related("plan__association")
        .order_by("-plan__period_start", "position", "pk")
    )


class PlannedItemField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        activity = obj.activity if len(obj.activity) <= 80 else obj.activity[:79] + "…"
        return f"{obj.plan.title} — {activity}"


class CourseForm(forms.ModelForm):
    """A course the teacher took (MB-3.3), with its certificate."""

    certificate = UploadField(label=_("Certificate"), required=False)
    hours = forms.IntegerField(
        label=_("hours"),
        min_value=1,
        max_value=2000,
        error_messages={
            "min_value": _("A course lasts at least one hour."),
            "max_value": _("No course is longer than 2000 hours."),
        },
    )

    class Meta:
        from methodology.models import Course

        model = Course
        fields = ["topic", "provider", "hours", "started_on", "ended_on", "plan_item"]
        field_classes = {"plan_item": PlannedItemField}
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}

    def __init__(self, *args, teacher: Staff, **kwargs):
        from methodology.models import Section

        super().__init__(*args, **kwargs)
        self.instance.staff = teacher
        self.fields["plan_item"].queryset = planned_items(teacher, Section.PROFESSIONAL_DEVELOPMENT)


class SelfEducationForm(forms.Form):
    """The self-education topic of a school year and, at its end, the report (MB-4.7)."""

    school_year = forms.ModelChoiceField(label=_("School year"), queryset=SchoolYear.objects.none())
    topic = forms.CharField(label=_("Topic"), max_length=300)
    report = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done and learnt, written at the year's end."),
    )
    plan_item = PlannedItemField(label=_("Planned in"), required=False, queryset=PlanItem.objects.none())

    def __init__(self, *args, teacher: Staff, **kwargs):
        from methodology.models import Section

        super().__init__(*args, **kwargs)
        years = SchoolYear.objects.filter(school=teacher.school_id)
        self.fields["school_year"].queryset = years
        self.fields["plan_item"].queryset = planned_items(teacher, Section.SELF_EDUCATION)
        current = years.filter(is_current=True).first()
        if current is not None:
            self.fields["school_year"].initial = current.pk


class AttestationForm(forms.ModelForm):
    """The school's leaders put a teacher forward for a category (MB-4.2)."""

    class Meta:
        from methodology.models import Attestation

        model = Attestation
        fields = ["category", "held_on", "plan_item"]
        field_classes = {"plan_item": PlannedItemField}
        widgets = {"held_on": DateInput()}

    def __init__(self, *args, teacher: Staff, **kwargs):
        from methodology.models import Section

        super().__init__(*args, **kwargs)
        self.instance.staff = teacher
        self.fields["plan_item"].queryset = planned_items(teacher, Section.PROFESSIONAL_DEVELOPMENT)


class OpinionForm(forms.Form):
    head_opinion = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("The head's opinion"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "The teacher's work and results as the association's head sees them, for the commission."
        ),
    )


class AttestationDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=())
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    note = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("The commission's decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The wording of the decision, its number and date, as the commission's record has it."),
    )

    def __init__(self, *args, **kwargs):
        from methodology.models import AttestationDecision

        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = AttestationDecision.choices
        self.initial.setdefault("decided_on", timezone.localdate())
