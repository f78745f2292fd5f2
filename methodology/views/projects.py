"""Teachers' projects and the head's proposals to the administration (MB-4.3): the head proposes on
the association's behalf; the director or the deputy director decides on the proposal's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from methodology.actions import projects
from methodology.forms import DecisionForm, ProposalForm
from methodology.models import ProposalStatus
from methodology.permissions import (
    can_decide_proposal,
    can_propose,
    get_association_for_user,
    get_proposal_for_user,
)
from school_gov.models import AuditEvent
from school_gov.people import PersonRequest
from school_gov.refusals import Refused, told


def proposal_create(request: PersonRequest, pk: int) -> HttpResponse:
    association = get_association_for_user(request.person, pk)
    if not can_propose(request.person, association):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, association=association)
    if request.method == "POST" and form.is_valid():
        try:
            projects.submit_proposal(form.instance, by=request.person)
        except Refused as error:
            told(request, error)
        else:
            messages.success(request, _("The proposal went to the school's administration."))
            return redirect(form.instance)
    return render(
        request, "methodology/proposal/proposal_form.html", {"form": form, "association": association}
    )


def proposal_detail(request: PersonRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.person, pk)
    return render(
        request,
        "methodology/proposal/proposal_detail.html",
        {
            "proposal": proposal,
            "decision_form": DecisionForm() if can_decide_proposal(request.person, proposal) else None,
            "history": AuditEvent.objects.for_object(proposal).select_related("actor__staff")[:50],
        },
    )


@require_POST
def proposal_decide(request: PersonRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.person, pk)
    if not can_decide_proposal(request.person, proposal):
        if proposal.status != ProposalStatus.SUBMITTED:
            messages.error(request, _("This proposal has been decided already."))
            return redirect(proposal)
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "methodology/proposal/proposal_detail.html",
            {
                "proposal": proposal,
                "decision_form": form,
                "history": AuditEvent.objects.for_object(proposal).select_related("actor__staff")[:50],
            },
        )
    try:
        projects.decide_proposal(
            proposal,
            accept=form.cleaned_data["outcome"] == DecisionForm.ACCEPT,
            decision=form.cleaned_data["decision"],
            by=request.person,
        )
    except Refused as error:
        told(request, error)
    else:
        messages.success(request, _("The decision is recorded."))
    return redirect(proposal)
