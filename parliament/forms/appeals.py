"""Forms of confidential appeals (SP-3.3)."""

from __future__ import annotations

from django import forms

from parliament.models import Appeal

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
