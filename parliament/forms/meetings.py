"""Forms of the parliament's meetings (SP-4.2): the minutes' header and who was present."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parliament.models import Meeting, Ministry, Office, Term
from school_gov.collation import Kyrgyz
from school_gov.forms import MinutesFormBase, PeopleCheckboxes
from school_gov.models import Student


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
        widgets = {"attendees": PeopleCheckboxes}
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
