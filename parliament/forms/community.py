"""Forms of the meetings' minutes (SP-4.2), confidential appeals (SP-3.3) and clubs (SP-4.2)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parliament.models import Appeal, Club, Meeting, Ministry, Office, Term
from school_gov.collation import Kyrgyz
from school_gov.forms import MinutesFormBase
from school_gov.models import School, Staff, Student


def parliament_members(term: Term) -> QuerySet[Student]:
    """The term's members today: office-holders, ministers and ministry members."""
    offices = Office.objects.current(timezone.localdate()).filter(term=term)
    ministries = Ministry.objects.filter(term=term)
    return Student.objects.filter(school_id=term.school_id).filter(
        Q(pk__in=offices.values("student"))
        | Q(pk__in=ministries.values("minister"))
        | Q(pk__in=Ministry.members.through.objects.filter(ministry__term=term).values("student"))
    )


# Meetings (SP-4.2)


class MinutesForm(MinutesFormBase):
    """The minutes of a parliament meeting, numbered through the term, dated in its school year."""

    class Meta(MinutesFormBase.Meta):
        help_texts = {
            "present": _(
                "Those present, by name: members, guests, teachers. Left empty, it is filled with the "
                "members ticked below."
            ),
        }

    def __init__(self, *args, term: Term, **kwargs):
        self.term = term
        super().__init__(*args, school=term.school, **kwargs)

    def taken_numbers(self):
        return Meeting.objects.filter(term=self.term).values_list("minutes__number", flat=True)

    def number_taken_message(self, number: int) -> str:
        return _(
            "Minutes № %(number)s of this parliament already exist; the next free number is %(next)s."
        ) % {
            "number": number,
            "next": self.next_number(),
        }

    def clean_held_on(self):
        held_on = super().clean_held_on()
        year = self.term.school_year
        if not year.contains(held_on):
            raise ValidationError(
                _("The meeting must fall within the parliament's school year %(start)s – %(end)s.")
                % {"start": year.start_date, "end": year.end_date}
            )
        return held_on


class MeetingForm(forms.ModelForm):
    """Open or closed, and which of the parliament's members were present."""

    class Meta:
        model = Meeting
        fields = ["is_closed", "attendees"]
        widgets = {"attendees": forms.CheckboxSelectMultiple}
        labels = {"attendees": _("Members present")}
        help_texts = {
            "is_closed": _(
                "The minutes of a closed meeting are read only by the parliament's members and the adviser."
            ),
        }

    def __init__(self, *args, term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.term = term
        members = parliament_members(term).order_by(Kyrgyz("surname"), Kyrgyz("name"))
        if not members.exists():
            # No offices or ministries yet: those present are written by name in the minutes.
            del self.fields["attendees"]
            return
        self.fields["attendees"].queryset = members
        self.fields["attendees"].label_from_instance = lambda s: f"{s.full_name} ({s.class_name})"


# Confidential appeals (SP-3.3)


class AppealForm(forms.ModelForm):
    class Meta:
        model = Appeal
        fields = ["subject", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class AppealUpdateForm(forms.ModelForm):
    """A handler's decision: the status and the written resolution."""

    class Meta:
        model = Appeal
        fields = ["status", "resolution"]
        widgets = {"resolution": forms.Textarea(attrs={"rows": 4})}


# Clubs (SP-4.2)


def club_leader_problems(school: School | None, leader_staff, leader_student) -> dict[str, str]:
    """A club's leaders work or study at the club's school (the model does not check it)."""
    problems = {}
    if school is not None and leader_staff is not None and leader_staff.school_id != school.pk:
        problems["leader_staff"] = _("This teacher works at another school.")
    if school is not None and leader_student is not None and leader_student.school_id != school.pk:
        problems["leader_student"] = _("This student studies at another school.")
    return problems


class ClubForm(forms.ModelForm):
    """A new club of the school: its leader is a teacher or a student of the same school."""

    class Meta:
        model = Club
        fields = ["name", "kind", "description", "leader_staff", "leader_student"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, school: School, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.fields["leader_staff"].queryset = Staff.objects.filter(school=school)
        self.fields["leader_student"].queryset = Student.objects.filter(school=school)
        self.fields["leader_student"].label_from_instance = lambda s: f"{s.full_name} ({s.class_name})"

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name and Club.objects.filter(school=self.instance.school, name__iexact=name).exists():
            self.add_error("name", _("The school already has a club of this name."))
        return cleaned


class ClubAdminForm(forms.ModelForm):
    """The admin's club form: any school the person may read, with the leaders checked against it."""

    class Meta:
        model = Club
        fields = ["school", "name", "kind", "description", "leader_staff", "leader_student"]

    def clean(self):
        cleaned = super().clean()
        problems = club_leader_problems(
            cleaned.get("school"), cleaned.get("leader_staff"), cleaned.get("leader_student")
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned
