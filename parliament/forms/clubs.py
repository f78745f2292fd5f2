"""Forms of clubs (SP-4.2), on the site and in the admin."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parliament.models import Club
from school_gov.models import School, Staff, Student

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
