"""Forms of polls (SP-3.1)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parliament.models import Poll, PollOption
from school_gov.fields import TEXT_MAX_LENGTH
from school_gov.forms import DateTimeInput
from school_gov.models import MAX_GRADE, MIN_GRADE

MAX_POLL_OPTIONS = 12


class PollForm(forms.ModelForm):
    """A new poll: the question, who is asked, when, and the answers to choose from (one a line)."""

    options = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Answers"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One answer a line; from two to twelve answers."),
    )

    class Meta:
        model = Poll
        fields = ["question", "audience_from_grade", "audience_to_grade", "opens_at", "closes_at"]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}
        help_texts = {"closes_at": _("Results are shown to everyone once the poll closes.")}

    def __init__(self, *args, school, term, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.instance.term = term
        for name in ("audience_from_grade", "audience_to_grade"):
            self.fields[name].validators += [_grade_in_range]
            self.fields[name].widget.attrs.update({"min": MIN_GRADE, "max": MAX_GRADE})
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def clean_options(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["options"].splitlines()]
        options = [line for line in lines if line]
        if len(options) < 2:
            raise forms.ValidationError(_("Give at least two answers, one a line."))
        if len(options) > MAX_POLL_OPTIONS:
            raise forms.ValidationError(_("A poll has at most %(max)s answers.") % {"max": MAX_POLL_OPTIONS})
        limit = PollOption._meta.get_field("text").max_length
        too_long = [option for option in options if len(option) > limit]
        if too_long:
            raise forms.ValidationError(
                _("An answer is at most %(max)s characters long: “%(answer)s…”")
                % {"max": limit, "answer": too_long[0][:40]}
            )
        if len({option.casefold() for option in options}) != len(options):
            raise forms.ValidationError(_("Each answer appears once."))
        return options

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("audience_from_grade"), cleaned.get("audience_to_grade")
        if first is not None and last is not None and last < first:
            self.add_error("audience_to_grade", _("The last grade cannot be below the first."))
        closes_at = cleaned.get("closes_at")
        if closes_at is not None and closes_at <= timezone.now():
            self.add_error("closes_at", _("A new poll must close in the future."))
        return cleaned


class PollAnswerForm(forms.Form):
    """The student's one answer: an option of this poll, and of no other."""

    option = forms.ModelChoiceField(
        label=_("Your answer"),
        queryset=PollOption.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose an answer."),
            "invalid_choice": _("This answer is not one of this poll's options; nothing was counted."),
        },
    )

    def __init__(self, *args, poll: Poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = poll.options.all()


def _grade_in_range(value: int) -> None:
    if not MIN_GRADE <= value <= MAX_GRADE:
        raise forms.ValidationError(
            _("Grades run from %(first)s to %(last)s.") % {"first": MIN_GRADE, "last": MAX_GRADE}
        )
