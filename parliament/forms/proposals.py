"""Forms of proposals (SP-3.1)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parliament.models import Proposal, ProposalStatus


class ProposalForm(forms.ModelForm):
    """A student's proposal; a minister may send it on behalf of their ministry."""

    class Meta:
        model = Proposal
        fields = ["ministry", "body", "title", "text"]
        labels = {"ministry": _("On behalf of")}
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, school, author, ministries, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.instance.author = author
        if ministries.exists():
            self.fields["ministry"].queryset = ministries
            self.fields["ministry"].empty_label = _("myself")
            self.fields["ministry"].help_text = _("As minister you may send it from your ministry.")
        else:
            del self.fields["ministry"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ministry") is not None:
            # From the ministry, not from the minister: the audit trail keeps who sent it.
            self.instance.author = None
        return cleaned


class ProposalAnswerForm(forms.ModelForm):
    """The school body's written answer and the status everyone sees."""

    class Meta:
        model = Proposal
        fields = ["status", "answer"]
        labels = {"answer": _("The body's answer")}
        widgets = {"answer": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in ProposalStatus.choices if value != ProposalStatus.SUBMITTED
        ]
        if self.instance.status == ProposalStatus.SUBMITTED and not self.is_bound:
            self.initial["status"] = ProposalStatus.UNDER_REVIEW

    def clean(self):
        cleaned = super().clean()
        # The rule (a decision carries the answer) is Proposal.clean's.
        cleaned["answer"] = (cleaned.get("answer") or "").strip()
        return cleaned
