"""Forms shared by the apps: dates, and the minutes of a meeting (GLOSSARY "Minutes"), which both the
parliament's and the associations' meetings keep."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from school_gov.models import Minutes, MinutesItem


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def dated_rows_overlap(first: dict, second: dict) -> bool:
    """Two rows of a form of dated rows (offices, an association's heads), as submitted, share a day; a
    row without an end runs on; a row without a start is not compared."""
    if not (first.get("starts_on") and second.get("starts_on")):
        return False
    first_end, second_end = first.get("ends_on"), second.get("ends_on")
    return (first_end is None or first_end >= second["starts_on"]) and (
        second_end is None or second_end >= first["starts_on"]
    )


class PeopleCheckboxes(forms.CheckboxSelectMultiple):
    """Choosing people (responsible members, those present, recipients, organisers): a checkbox for each,
    which static/js/choose_people.js gives a box to find a name in when the list is long. Without
    JavaScript it is the plain list, which works the same."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"data-choose-people": "", **(attrs or {})}, choices=choices)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MinutesFormBase(forms.ModelForm):
    """The minutes' header: number, date, chair, secretary, present, agenda. A subclass says how minutes
    are numbered where it keeps them (`taken_numbers`, `next_number`) and which dates its body meets in."""

    class Meta:
        model = Minutes
        fields = ["number", "held_on", "chair", "secretary", "present", "agenda"]
        widgets = {
            "held_on": DateInput(),
            "present": forms.Textarea(attrs={"rows": 2}),
            "agenda": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        if not self.is_bound:
            self.initial.setdefault("number", self.next_number())
            self.initial.setdefault("held_on", timezone.localdate())

    def taken_numbers(self):
        raise NotImplementedError

    def next_number(self) -> int:
        return max(self.taken_numbers(), default=0) + 1

    def number_taken_message(self, number: int) -> str:
        return _("Minutes № %(number)s already exist; the next free number is %(next)s.") % {
            "number": number,
            "next": self.next_number(),
        }

    def clean_number(self) -> int:
        number = self.cleaned_data["number"]
        if number < 1:
            raise ValidationError(_("Minutes are numbered from 1."))
        if number in set(self.taken_numbers()):
            raise ValidationError(self.number_taken_message(number))
        return number

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError(
                _("Minutes are written for a meeting that has taken place; the date is ahead.")
            )
        return held_on


class MinutesItemForm(forms.ModelForm):
    class Meta:
        model = MinutesItem
        fields = ["heard", "spoke", "resolved"]
        widgets = {
            "heard": forms.Textarea(attrs={"rows": 2}),
            "spoke": forms.Textarea(attrs={"rows": 2}),
            "resolved": forms.Textarea(attrs={"rows": 2}),
        }


# One agenda item at least; more are added on the page ("Add an item", static/js/formset.js).
MinutesItemFormSet = inlineformset_factory(
    Minutes,
    MinutesItem,
    form=MinutesItemForm,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=50,
    validate_max=True,
    can_delete=False,
)


def _upload_help() -> str:
    from django.conf import settings

    from school_gov import files

    return gettext("%(kinds)s, up to %(limit)s MB.") % {
        "kinds": files.accepted_kinds(),
        "limit": settings.UPLOAD_MAX_MB,
    }


class UploadField(forms.FileField):
    """A file to upload (school_gov.files): the kinds accepted offered to the browser, the limit said,
    and the checks (type from the content, size, name) said on the field. The action checks again."""

    def __init__(self, **kwargs):
        from school_gov import files

        kwargs.setdefault("help_text", lazy(_upload_help, str)())
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = files.ACCEPT_ATTRIBUTE

    def validate(self, value):
        from school_gov import files

        super().validate(value)
        if value:
            files.check_upload(value)


class ErrorsOfHiddenFields:
    """A ModelForm mixin: a model's `clean()` may say what is wrong with a field this form does not show
    (the admin shows an election's frame read-only once voting has begun, and the school's grades may
    have changed since). Django then raises ValueError, a server error; here the message is the form's
    own, named by the field's label, and nothing is saved."""

    fields: dict[str, forms.Field]
    instance: models.Model

    def add_error(self, field: str | None, error: ValidationError | str | list | dict) -> None:
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            shown: dict[str, list[ValidationError]] = {}
            for name, errors in error.error_dict.items():
                if name == NON_FIELD_ERRORS or name in self.fields:
                    shown.setdefault(name, []).extend(errors)
                    continue
                label = capfirst(getattr(self.instance._meta.get_field(name), "verbose_name", name))
                shown.setdefault(NON_FIELD_ERRORS, []).extend(
                    ValidationError(f"{label}: {message}") for e in errors for message in e.messages
                )
            error = ValidationError(shown)
        super().add_error(field, error)  # type: ignore[misc]
