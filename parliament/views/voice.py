"""Student voice (SP-3.1, SP-3.2): opinion polls, and proposals to the school's bodies with their answers.

Poll answers are as secret as ballots: the view hands the choice to `answer_poll`, which counts it and
writes the student on the roll; neither the audit trail nor any message repeats what was chosen.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parliament.actions.voice import (
    answer_poll,
    answer_proposal,
    create_poll,
    create_proposal,
    support_proposal,
)
from parliament.forms.voice import PollAnswerForm, PollForm, ProposalAnswerForm, ProposalForm
from parliament.models import Poll, PollResponse, Proposal, ProposalStatus, ProposalSupport
from parliament.permissions import current_term, student_in_school
from parliament.permissions.voice import (
    can_answer_proposal,
    can_create_poll,
    can_create_proposal,
    can_see_poll_results,
    get_poll_for_user,
    get_proposal_for_user,
    is_poll_student,
    is_proposal_student,
    ministries_led_by,
    poll_answer_refusal,
    proposal_support_refusal,
    require_voice,
)
from school_gov.refusals import Refused, told

PER_PAGE = 20


# Polls


def poll_list(request: HttpRequest) -> HttpResponse:
    """The school's polls, newest first; a student sees which they have answered."""
    require_voice(request.person)
    now = timezone.now()
    student = request.person.student
    # The parliament is the school's own: district staff and the superuser are outsiders here too.
    polls = Poll.objects.filter(school=request.person.school).order_by("-opens_at", "-pk")
    if student is not None:
        polls = polls.annotate(
            answered=Exists(PollResponse.objects.filter(poll=OuterRef("pk"), student=student))
        )
    page = Paginator(polls, PER_PAGE).get_page(request.GET.get("page"))
    for poll in page.object_list:
        poll.window = _window(poll, now)
    return render(
        request,
        "parliament/poll/poll_list.html",
        {
            "page": page,
            "can_create": can_create_poll(request.person, request.person.school),
        },
    )


def _window(poll: Poll, now) -> str:
    if now >= poll.closes_at:
        return "closed"
    return "upcoming" if now < poll.opens_at else "open"


def _results(poll: Poll) -> tuple[list[tuple], int]:
    """Each option with its count and its share of all answers, in percent."""
    options = list(poll.options.all())
    total = sum(option.votes for option in options)
    return [(o, o.votes, round(100 * o.votes / total) if total else 0) for o in options], total


def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The question; the answer form while the poll is open to the student; results once it closes."""
    poll = get_poll_for_user(request.person, pk)
    now = timezone.now()
    student = student_in_school(request.person, poll.school)
    answered = student is not None and PollResponse.objects.filter(poll=poll, student=student).exists()
    refusal = poll_answer_refusal(student, poll, now) if student is not None and not answered else None
    results, total = _results(poll) if can_see_poll_results(request.person, poll, now) else (None, None)
    return render(
        request,
        "parliament/poll/poll_detail.html",
        {
            "poll": poll,
            "is_open": poll.is_open(now),
            "form": PollAnswerForm(poll=poll)
            if student is not None and not answered and not refusal
            else None,
            "refusal": refusal,
            "answered": answered,
            "respondents": poll.responses.count(),
            "results": results,
            "total": total,
        },
    )


@require_POST
def poll_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """SP-3.1: a student's one answer. Refusals say why and count nothing."""
    poll = get_poll_for_user(request.person, pk)
    if not is_poll_student(request.person, poll):
        raise PermissionDenied
    form = PollAnswerForm(request.POST, poll=poll)
    if not form.is_valid():
        for error in form.errors.get("option", []):
            messages.error(request, error)
        return redirect(poll)
    try:
        answer_poll(poll, by=request.person, option=form.cleaned_data["option"])
    except Refused as refusal:
        told(request, refusal)
    else:
        # Never name the chosen answer here: messages may be stored server-side.
        messages.success(
            request, _("Thank you: your answer was counted. Results are shown when the poll closes.")
        )
    return redirect(poll)


def poll_create(request: HttpRequest) -> HttpResponse:
    """SP-3.1: the adviser, an office-holder or a school leader asks the students a question."""
    school = request.person.school
    if not can_create_poll(request.person, school):
        raise PermissionDenied
    form = PollForm(request.POST or None, school=school, term=current_term(school))
    if request.method == "POST" and form.is_valid():
        poll = create_poll(form.instance, by=request.person, options=form.cleaned_data["options"])
        messages.success(request, _("The poll was created."))
        return redirect(poll)
    return render(request, "parliament/poll/poll_form.html", {"form": form})


# Proposals


def proposal_list(request: HttpRequest) -> HttpResponse:
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


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.person, pk)
    form = ProposalAnswerForm(instance=proposal) if can_answer_proposal(request.person, proposal) else None
    return _render_proposal(request, proposal, form)


def _render_proposal(request: HttpRequest, proposal: Proposal, answer_form) -> HttpResponse:
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


def proposal_create(request: HttpRequest) -> HttpResponse:
    """SP-3.1: a student proposes to a school body; a minister may propose on behalf of their ministry."""
    school = request.person.school
    if not can_create_proposal(request.person, school):
        raise PermissionDenied
    form = ProposalForm(
        request.POST or None,
        school=school,
        author=request.person.student,
        ministries=ministries_led_by(request.person, school),
    )
    if request.method == "POST" and form.is_valid():
        proposal = create_proposal(form.instance, by=request.person)
        messages.success(request, _("Your proposal was submitted."))
        return redirect(proposal)
    return render(request, "parliament/proposal/proposal_form.html", {"form": form})


@require_POST
def proposal_support(request: HttpRequest, pk: int) -> HttpResponse:
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
def proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
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


urlpatterns = [
    path("polls/", poll_list, name="poll_list"),
    path("polls/new/", poll_create, name="poll_create"),
    path("polls/<int:pk>/", poll_detail, name="poll_detail"),
    path("polls/<int:pk>/answer/", poll_answer, name="poll_answer"),
    path("proposals/", proposal_list, name="proposal_list"),
    path("proposals/new/", proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/support/", proposal_support, name="proposal_support"),
    path("proposals/<int:pk>/answer/", proposal_answer, name="proposal_answer"),
]
