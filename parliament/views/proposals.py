"""Proposals (SP-3.1, SP-3.2): students and ministries propose to the school's bodies; students
support them; the body answers in writing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parliament.actions.proposals import answer_proposal, create_proposal, support_proposal
from parliament.forms.proposals import ProposalAnswerForm, ProposalForm
from parliament.models import Proposal, ProposalStatus, ProposalSupport
from parliament.permissions import require_voice, student_in_school
from parliament.permissions.proposals import (
    can_answer_proposal,
    can_create_proposal,
    get_proposal_for_user,
    is_proposal_student,
    ministries_led_by,
    proposal_support_refusal,
)
from school_gov.people import PersonRequest
from school_gov.permissions import own_school_or_404
from school_gov.refusals import Refused, told

# Proposals


PER_PAGE = 20


def proposal_list(request: PersonRequest) -> HttpResponse:
    """The school's proposals with their public status and support."""
    require_voice(request.person)
    proposals = (
        Proposal.objects.filter(school=request.person.school)
        .select_related("author", "ministry")
        .annotate(support_count=Count("supports"))
        .order_by("-created_at", "-pk")
    )
    status = request.GET.get("status", "")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    elif status:
        messages.warning(request, _("Unknown status filter; showing all proposals."))
        status = ""
    page = Paginator(proposals, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "parliament/proposal/proposal_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ProposalStatus.choices,
            "can_create": can_create_proposal(request.person, request.person.school),
        },
    )


def proposal_detail(request: PersonRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.person, pk)
    form = ProposalAnswerForm(instance=proposal) if can_answer_proposal(request.person, proposal) else None
    return _render_proposal(request, proposal, form)


def _render_proposal(request: PersonRequest, proposal: Proposal, answer_form) -> HttpResponse:
    student = student_in_school(request.person, proposal.school)
    return render(
        request,
        "parliament/proposal/proposal_detail.html",
        {
            "proposal": proposal,
            "support_count": proposal.supports.count(),
            "supported": student is not None
            and ProposalSupport.objects.filter(proposal=proposal, student=student).exists(),
            "can_support": student is not None and proposal_support_refusal(student, proposal) is None,
            "answer_form": answer_form,
        },
    )


def proposal_create(request: PersonRequest) -> HttpResponse:
    """SP-3.1: a student proposes to a school body; a minister may propose on behalf of their ministry."""
    school = own_school_or_404(request.person)
    if not can_create_proposal(request.person, school):
        raise PermissionDenied
    form = ProposalForm(
        request.POST or None,
        school=school,
        author=request.person.student,
        ministries=ministries_led_by(request.person, school),
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = create_proposal(form.instance, by=request.person)
        except Refused as error:  # the same proposal sent twice: the form says it was submitted once
            told(request, error, form)
        else:
            messages.success(request, _("Your proposal was submitted."))
            return redirect(proposal)
    return render(request, "parliament/proposal/proposal_form.html", {"form": form})


@require_POST
def proposal_support(request: PersonRequest, pk: int) -> HttpResponse:
    """SP-3.2: one support per student."""
    proposal = get_proposal_for_user(request.person, pk)
    if not is_proposal_student(request.person, proposal):
        raise PermissionDenied
    try:
        support_proposal(proposal, by=request.person)
    except Refused as refusal:
        told(request, refusal)
    else:
        messages.success(request, _("You support this proposal."))
    return redirect(proposal)


@require_POST
def proposal_answer(request: PersonRequest, pk: int) -> HttpResponse:
    """SP-3.1: the director, the deputy or the adviser writes the body's answer and sets the status."""
    proposal = get_proposal_for_user(request.person, pk)
    if not can_answer_proposal(request.person, proposal):
        raise PermissionDenied
    form = ProposalAnswerForm(request.POST, instance=Proposal.objects.get(pk=proposal.pk))
    if not form.is_valid():
        return _render_proposal(request, proposal, form)
    answer_proposal(
        proposal,
        by=request.person,
        status=form.cleaned_data["status"],
        answer=form.cleaned_data["answer"],
    )
    messages.success(request, _("The answer was saved."))
    return redirect(proposal)
