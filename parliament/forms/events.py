"""Forms of events and the duty roster (SP-1.7, SP-2.3–2.6)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parliament.models import DutyAssignment, Event, Ministry, Term
from parliament.models.events import organiser_problems
from school_gov.collation import Kyrgyz
from school_gov.forms import DateInput, DateTimeInput, PeopleCheckboxes
from school_gov.models import MAX_GRADE, MIN_GRADE, School, Staff, Student


def _grade_field(field: forms.Field) -> None:
    field.validators += [MinValueValidator(MIN_GRADE), MaxValueValidator(MAX_GRADE)]
    field.widget.attrs.update({"min": MIN_GRADE, "max": MAX_GRADE})


def school_problems(school: School, cleaned: dict) -> dict[str, str]:
    """The term, ministry, teacher and students of an event must be the school's own.

    The site's form offers only the school's; the admin's superuser sees every school's, so it checks.
    """
    problems = {}
    term = cleaned.get("term")
    if term is not None and term.school_id != school.pk:
        problems["term"] = gettext("This parliament term belongs to another school.")
    ministry = cleaned.get("ministry")
    if ministry is not None and ministry.term.school_id != school.pk:
        problems["ministry"] = gettext("This ministry belongs to another school's parliament.")
    teacher = cleaned.get("responsible_teacher")
    if teacher is not None and teacher.school_id != school.pk:
        problems["responsible_teacher"] = gettext("This teacher works at another school.")
    for name in ("organisers", "participants"):
        stranger = next((s for s in cleaned.get(name) or [] if s.school_id != school.pk), None)
        if stranger is not None:
            problems[name] = gettext("%(name)s studies at another school.") % {"name": stranger.full_name}
    return problems


def clean_organisers(students) -> list[Student]:
    """SP-1.6, SP-1.7: refuse students of the participant band, naming each with their grade and band."""
    problems = organiser_problems(students)
    if problems:
        raise ValidationError(problems)
    return students


class _OfferedChoices(ModelChoiceIterator):
    """The choices shown: the `offered` queryset, while the field validates against its full queryset."""

    def __init__(self, field):
        super().__init__(field)
        self.queryset = field.offered


class OrganiserField(forms.ModelMultipleChoiceField):
    """Student organisers: only the organiser band and above are offered, but any student of the school
    is accepted by the field so that the form can refuse a younger one with the reason (SP-1.7) instead
    of "not one of the available choices"."""

    iterator = _OfferedChoices

    def __init__(self, *args, offered=None, **kwargs):
        self.offered = offered if offered is not None else Student.objects.none()
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Student) -> str:
        return f"{obj.full_name}, {obj.class_name}"


class EventForm(forms.ModelForm):
    """An event of the parliament (SP-2.3–2.6), as its organisers enter it on the site.

    The results field is offered once the event has started: results are written afterwards.
    """

    class Meta:
        model = Event
        fields = [
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
            "description",
            "results",
        ]
        field_classes = {"organisers": OrganiserField}
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "organisers": PeopleCheckboxes,
            "description": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "olympiad_stage": _("Only for an olympiad: school, district, oblast or republic stage."),
        }

    def __init__(self, *args, school: School, term: Term | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        if self.instance.pk is None:
            self.instance.term = term
        students = Student.objects.filter(school=school).select_related("school")
        organisers = self.fields["organisers"]
        organisers.offered = students.filter(grade__gte=school.organisers_from_grade).order_by(
            "-grade", "class_letter", Kyrgyz("surname"), Kyrgyz("name")
        )
        organisers.queryset = students
        organisers.widget.attrs["size"] = 8
        organisers.help_text = gettext(
            "Students from grade %(first)s up organise events; choose one or several."
        ) % {"first": school.organisers_from_grade}
        # An older event keeps the ministries of its own year's parliament.
        ministry_term = self.instance.term if self.instance.term_id else term
        self.fields["ministry"].queryset = Ministry.objects.filter(term=ministry_term)
        self.fields["responsible_teacher"].queryset = Staff.objects.filter(school=school).order_by(
            Kyrgyz("surname"), Kyrgyz("name")
        )
        for name in ("audience_from_grade", "audience_to_grade"):
            _grade_field(self.fields[name])
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        if not self.has_started():
            del self.fields["results"]

    def has_started(self) -> bool:
        return self.instance.pk is not None and self.instance.starts_at <= timezone.now()

    def clean_organisers(self):
        return clean_organisers(list(self.cleaned_data["organisers"]))


class DutyAssignmentForm(forms.ModelForm):
    """A class (or a group, by its letter) on duty in an area on a date (SP-2.6)."""

    class Meta:
        model = DutyAssignment
        fields = ["date", "area_kind", "area", "grade", "class_letter"]
        widgets = {"date": DateInput()}
        help_texts = {"class_letter": _("The class letter, e.g. А; or a group's name in two letters.")}

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        _grade_field(self.fields["grade"])

    def clean_class_letter(self) -> str:
        return self.cleaned_data["class_letter"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        keys = {name: cleaned.get(name) for name in ("date", "area_kind", "grade", "class_letter")}
        if all(value not in (None, "") for value in keys.values()):
            clash = DutyAssignment.objects.filter(
                school=self.instance.school, area=cleaned.get("area", ""), **keys
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError(gettext("This class is already on duty there on that date."))
        return cleaned
