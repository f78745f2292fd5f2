"""Polls (SP-3.1): the adviser, office-holders and the school's leaders ask; students answer once,
as secretly as a ballot; results are shown when the poll closes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parliament.actions.polls import answer_poll, create_poll
from parliament.forms.polls import PollAnswerForm, PollForm
from parliament.models import Poll, PollResponse
from parliament.permissions import current_term, require_voice, student_in_school
from parliament.permissions.polls import (
    can_create_poll,
    can_see_poll_results,
    get_poll_for_user,
    is_poll_student,
    poll_answer_refusal,
)
from school_gov.people import PersonRequest
from school_gov.permissions import own_school_or_404
from school_gov.refusals import Refused, told

PER_PAGE = 20


# Polls


def poll_list(request: PersonRequest) -> HttpResponse:
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


def poll_detail(request: PersonRequest, pk: int) -> HttpResponse:
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
def poll_answer(request: PersonRequest, pk: int) -> HttpResponse:
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


def poll_create(request: PersonRequest) -> HttpResponse:
    """SP-3.1: the adviser, an office-holder or a school leader asks the students a question."""
    school = own_school_or_404(request.person)
    if not can_create_poll(request.person, school):
        raise PermissionDenied
    form = PollForm(request.POST or None, school=school, term=current_term(school))
    if request.method == "POST" and form.is_valid():
        poll = create_poll(form.instance, by=request.person, options=form.cleaned_data["options"])
        messages.success(request, _("The poll was created."))
        return redirect(poll)
    return render(request, "parliament/poll/poll_form.html", {"form": form})
