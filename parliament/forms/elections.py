"""Forms of the presidential election (SP-1.4): the statement, the check, the ballot, the count."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parliament.actions.elections import PaperBallots
from parliament.models import Candidate, CandidateStatus, Election
from parliament.models.elections import ClassCount
from school_gov.collation import Kyrgyz
from school_gov.fields import TEXT_MAX_LENGTH


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["statement"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 6})}
        labels = {"statement": _("Your statement")}
        help_texts = {
            "statement": _("What you will do as president: the commission reads it, then all voters.")
        }


class CandidateCheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("admit", _("admit")), ("reject", _("do not admit"))]
    )
    note = forms.CharField(
        label=_("Commission's note"),
        required=False,
        max_length=2000,
        help_text=_("Required when the candidate is not admitted."),
    )


class StageForm(forms.Form):
    stage = forms.CharField(max_length=16)


def _ballot_field(election: Election) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label=_("Your choice"),
        queryset=election.candidates.filter(status=CandidateStatus.APPROVED)
        .select_related("student")
        .order_by(Kyrgyz("student__surname"), Kyrgyz("student__name"), "pk"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose one candidate."), "invalid_choice": _("Choose one candidate.")},
    )
    field.label_from_instance = lambda candidate: candidate.student.full_name
    return field


class BallotForm(forms.Form):
    """The ballot: one of the admitted candidates."""

    def __init__(self, *args, election: Election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"] = _ballot_field(election)


class CodeBallotForm(forms.Form):
    """The ballot on a shared device: the one-time code, then the choice."""

    code = forms.CharField(
        label=_("Your code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg text-uppercase",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "ABCD-EFGH",
            }
        ),
    )

    def __init__(self, *args, election: Election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"] = _ballot_field(election)


class CountForm(forms.Form):
    """The count: per class the paper ballots issued, found in the box and spoiled; for the school the
    valid paper ballots per candidate and the invalid ones."""

    invalid = forms.IntegerField(label=_("Invalid paper ballots"), min_value=0, initial=0)

    PAPER = (
        ("issued", _("Paper ballots issued in %(class)s")),
        ("returned", _("Paper ballots in the box of %(class)s")),
        ("spoiled", _("Paper ballots spoiled in %(class)s")),
    )

    def __init__(
        self,
        *args,
        candidates,
        classes: list[ClassCount],
        initial_counts: dict[int, int] | None = None,
        initial_classes: dict[tuple[int, str], ClassCount] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        initial_counts = initial_counts or {}
        initial_classes = initial_classes or {}
        self.candidates = list(candidates)
        self.classes = list(classes)
        for candidate in self.candidates:
            self.fields[f"paper_{candidate.pk}"] = forms.IntegerField(
                label=_("Valid paper ballots for %(name)s") % {"name": candidate.student.full_name},
                min_value=0,
                initial=initial_counts.get(candidate.pk, 0),
            )
        for line in self.classes:
            entered = initial_classes.get((line.grade, line.class_letter))
            for kind, label in self.PAPER:
                self.fields[self._name(kind, line)] = forms.IntegerField(
                    label=label % {"class": line.class_name},
                    min_value=0,
                    initial=getattr(entered, f"paper_{kind}", 0),
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "min": 0}),
                )
        self.order_fields([*(f"paper_{c.pk}" for c in self.candidates), "invalid"])

    @staticmethod
    def _name(kind: str, line: ClassCount) -> str:
        return f"{kind}_{line.grade}_{line.class_letter}"

    def candidate_fields(self) -> list[forms.BoundField]:
        return [self[f"paper_{c.pk}"] for c in self.candidates] + [self["invalid"]]

    def class_rows(self) -> list[tuple[ClassCount, list[forms.BoundField]]]:
        """Each class's line from the records with its three paper fields, for the table."""
        return [
            (line, [self[self._name(kind, line)] for kind, _label in self.PAPER]) for line in self.classes
        ]

    def paper_counts(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"paper_{c.pk}"] for c in self.candidates}

    def class_papers(self) -> dict[tuple[int, str], PaperBallots]:
        return {
            (line.grade, line.class_letter): PaperBallots(
                **{kind: self.cleaned_data[self._name(kind, line)] for kind, _label in self.PAPER}
            )
            for line in self.classes
        }


class PublishForm(forms.Form):
    """Publishing the results; on a tie the commission's decision or a run-off."""

    TIE_WINNER = "winner"
    TIE_RUNOFF = "runoff"

    on_tie = forms.ChoiceField(
        label=_("On the tie"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (TIE_WINNER, _("the commission chose the winner")),
            (TIE_RUNOFF, _("hold a run-off among the tied candidates")),
        ],
    )
    winner = forms.ModelChoiceField(label=_("Winner"), queryset=Candidate.objects.none(), required=False)
    tie_decision = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Commission's decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The decision as written in the commission's minutes."),
    )

    def __init__(self, *args, tied: list[Candidate], **kwargs):
        super().__init__(*args, **kwargs)
        self.tie = len(tied) > 1
        self.fields["winner"].queryset = Candidate.objects.filter(pk__in=[c.pk for c in tied]).select_related(
            "student"
        )
        self.fields["winner"].label_from_instance = lambda candidate: candidate.student.full_name
        if not self.tie:
            for name in ("on_tie", "winner", "tie_decision"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if self.tie:
            if not data.get("on_tie"):
                self.add_error("on_tie", _("The candidates tie: choose the winner or a run-off."))
            elif data["on_tie"] == self.TIE_WINNER and not data.get("winner"):
                self.add_error("winner", _("Choose the winner named in the commission's decision."))
        return data
