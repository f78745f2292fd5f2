"""Parliament pages: the presidential election (SP-1.4).

Students read the election, ask whether they may vote, stand as candidates and vote; the commission
checks candidates, prints one-time codes per class and enters the count; the supervisor, the adviser or
the school's leaders move the stages and publish the results. Results stay hidden until the count.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parliament.actions import elections as actions
from parliament.forms.elections import (
    BallotForm,
    CandidateCheckForm,
    CandidateForm,
    CodeBallotForm,
    CountForm,
    PublishForm,
    StageForm,
)
from parliament.models import CandidateStatus, Election, ElectionStage, Turnout
from parliament.models.elections import ClassCount
from parliament.permissions.elections import (
    can_check_candidates,
    can_issue_codes,
    can_move_stage,
    can_operate_code_device,
    can_publish_results,
    can_record_count,
    candidate_refusal,
    get_candidate_for_user,
    get_election_for_user,
    is_commission,
    registrant_of,
    runs_election,
    vote_refusal,
    voter_of,
    window_refusal,
)
from school_gov.codes import format_code
from school_gov.collation import Kyrgyz, kyrgyz_key
from school_gov.models import Student
from school_gov.people import PersonRequest
from school_gov.refusals import Refused, told


def _refused(request: PersonRequest, error: Refused) -> None:
    told(request, error)


def _stages(election: Election) -> list[tuple[str, str, str]]:
    """Each stage with its label and whether it is "done", "current" or "next"."""
    current = actions.STAGE_ORDER.index(election.stage)
    return [
        (stage.value, stage.label, "done" if i < current else "current" if i == current else "next")
        for i, stage in enumerate(actions.STAGE_ORDER)
    ]


def election_detail(request: PersonRequest, pk: int) -> HttpResponse:
    """The election's stage, dates and candidates; the results once counted."""
    election = get_election_for_user(request.person, pk)
    user = request.person
    commission = is_commission(user, election)
    insider = commission or runs_election(user, election)
    candidates = list(
        election.candidates.select_related("student").order_by(Kyrgyz("student__surname"), "pk")
    )
    student = voter_of(user, election)
    own = next((c for c in candidates if student and c.student_id == student.pk), None)
    shown = [c for c in candidates if insider or c.status == CandidateStatus.APPROVED]
    context = {
        "election": election,
        "stages": _stages(election),
        "candidates": shown,
        "own_candidacy": own,
        "insider": insider,
        "can_check": can_check_candidates(user, election),
        "can_move": can_move_stage(user, election),
        "next_stage": actions.next_stage(election.stage),
        "voting_closed": timezone.now() >= election.voting_closes_at,
        "can_count": insider and election.stage == ElectionStage.COUNTING,
        "can_operate_codes": election.stage == ElectionStage.VOTING
        and can_operate_code_device(user, election),
        "student": student,
        "vote_refusal": vote_refusal(election, student) if student else None,
        "may_register": student is not None and own is None and candidate_refusal(election, student) is None,
    }
    if can_issue_codes(user, election):
        context["classes"] = (
            Student.objects.filter(school_id=election.term.school_id, grade__gte=election.voter_from_grade)
            .values_list("grade", "class_letter")
            .distinct()
            .order_by("grade", "class_letter")
        )
    if election.results_visible:
        context.update(_results_context(election, candidates))
    return render(request, "parliament/election/election_detail.html", context)


def _results_context(election: Election, candidates) -> dict:
    results = actions.results_of(election, candidates)
    by_grade = actions.turnout_by_grade(election)
    voters = sum(voted for _grade, voted, _eligible in by_grade)
    eligible = sum(n for _grade, _voted, n in by_grade)
    valid = sum(r.total for r in results)
    classes = list(ClassCount.objects.filter(election=election))
    class_eligible = sum(c.eligible for c in classes)
    class_voted = sum(c.voted for c in classes)
    return {
        # The count's class-by-class reconciliation, as the commission recorded it (none before it).
        "class_counts": classes,
        "class_totals": {
            "eligible": class_eligible,
            "voted_online": sum(c.voted_online for c in classes),
            "codes_issued": sum(c.codes_issued for c in classes),
            "codes_used": sum(c.codes_used for c in classes),
            "paper_issued": sum(c.paper_issued for c in classes),
            "paper_returned": sum(c.paper_returned for c in classes),
            "paper_spoiled": sum(c.paper_spoiled for c in classes),
            "voted": class_voted,
            "percent": round(100 * class_voted / class_eligible) if class_eligible else 0,
        },
        "results": [(r, round(100 * r.total / valid) if valid else 0) for r in results],
        "valid_votes": valid,
        "turnout": by_grade,
        "voters": voters,
        "eligible": eligible,
        "valid_paper": sum(r.paper for r in results),
        "runoff": Election.objects.filter(runoff_of=election).first(),
    }


def election_can_i_vote(request: PersonRequest, pk: int) -> HttpResponse:
    """ "Can I vote?": tells a student before the day whether they may vote, and why not."""
    election = get_election_for_user(request.person, pk)
    student = voter_of(request.person, election)
    if student is None:
        raise PermissionDenied
    voted = Turnout.objects.filter(election=election, student=student).exists()
    return render(
        request,
        "parliament/election/election_can_i_vote.html",
        {
            "election": election,
            "student": student,
            "old_enough": student.grade >= election.voter_from_grade,
            "voted": voted,
            "window": window_refusal(election),
            "refusal": vote_refusal(election, student, voted=voted),
        },
    )


def election_vote(request: PersonRequest, pk: int) -> HttpResponse:
    """The ballot of a student voting from their own account."""
    election = get_election_for_user(request.person, pk)
    student = voter_of(request.person, election)
    if student is None:
        raise PermissionDenied
    form = BallotForm(request.POST or None, election=election)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Choose one candidate; nothing was counted."))
            return redirect("parliament:election_vote", pk=election.pk)
        try:
            actions.vote(election=election, candidate=form.cleaned_data["candidate"], by=request.person)
        except Refused as error:
            _refused(request, error)
            return redirect("parliament:election_can_i_vote", pk=election.pk)
        # Never name the choice: messages may be kept in the session, in the database.
        messages.success(request, _("Your vote was counted. Thank you for voting!"))
        return redirect(election)
    refusal = vote_refusal(election, student)
    return render(
        request,
        "parliament/election/election_vote.html",
        {"election": election, "refusal": refusal, "form": None if refusal else form},
    )


def election_code_vote(request: PersonRequest, pk: int) -> HttpResponse:
    """The ballot on a shared device, for students without an account: a one-time code and the choice.

    A member of the commission or a class teacher of the school opens the page on the device (see
    `can_operate_code_device`). Every answer redirects back to an empty ballot, so the next voter never
    sees the previous one's choice, and no message names the student or the candidate."""
    election = get_election_for_user(request.person, pk)
    if not can_operate_code_device(request.person, election):
        raise PermissionDenied
    if request.method == "POST":
        form = CodeBallotForm(request.POST, election=election)
        if not form.is_valid():
            messages.error(request, _("Type your code and choose one candidate; nothing was counted."))
        else:
            try:
                actions.vote_with_code(
                    election=election,
                    code=form.cleaned_data["code"],
                    candidate=form.cleaned_data["candidate"],
                    by=request.person,
                )
            except Refused as error:
                _refused(request, error)
            else:
                messages.success(request, _("The vote was counted. Thank you! Next voter, please."))
        return redirect("parliament:election_code_vote", pk=election.pk)
    refusal = window_refusal(election)
    response = render(
        request,
        "parliament/election/election_code_vote.html",
        {
            "election": election,
            "refusal": refusal,
            "form": None if refusal else CodeBallotForm(election=election),
        },
    )
    add_never_cache_headers(response)
    return response


def candidate_register(request: PersonRequest, pk: int) -> HttpResponse:
    """A student of the candidate grades stands for president with a statement (SP-1.4)."""
    election = get_election_for_user(request.person, pk)
    student = registrant_of(request.person, election)
    if student is None:
        raise PermissionDenied
    own = election.candidates.filter(student=student).first()
    refusal = candidate_refusal(election, student)
    form = CandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.register_candidate(
                election=election,
                student=student,
                statement=form.cleaned_data["statement"],
                by=request.person,
            )
        except Refused as error:
            _refused(request, error)
        else:
            messages.success(
                request, _("You are registered as a candidate. The election commission will check it.")
            )
            return redirect(election)
    return render(
        request,
        "parliament/election/candidate_register.html",
        {
            "election": election,
            "own": own,
            "refusal": refusal,
            "form": form if own is None and refusal is None else None,
        },
    )


@require_POST
def candidate_check(request: PersonRequest, pk: int) -> HttpResponse:
    """The commission admits a candidate or refuses them with a reason."""
    candidate = get_candidate_for_user(request.person, pk)
    election = candidate.election
    if not is_commission(request.person, election):
        raise PermissionDenied
    form = CandidateCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the candidate is admitted."))
    else:
        admit = form.cleaned_data["decision"] == "admit"
        try:
            actions.check_candidate(
                candidate=candidate, admit=admit, note=form.cleaned_data["note"], by=request.person
            )
        except Refused as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("%(name)s is admitted.") % {"name": candidate.student.full_name}
                if admit
                else _("%(name)s is not admitted.") % {"name": candidate.student.full_name},
            )
    return redirect(reverse("parliament:election_detail", args=[election.pk]) + f"#candidate-{candidate.pk}")


@require_POST
def election_stage(request: PersonRequest, pk: int) -> HttpResponse:
    """The next stage: the campaign, the voting, the count."""
    election = get_election_for_user(request.person, pk)
    if not runs_election(request.person, election):
        raise PermissionDenied
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the stage to move to."))
        return redirect(election)
    try:
        actions.move_to_stage(election=election, stage=form.cleaned_data["stage"], by=request.person)
    except Refused as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("The election is now at the stage: %(stage)s.") % {"stage": election.get_stage_display()},
        )
    return redirect(election)


def election_codes(request: PersonRequest, pk: int, grade: int, letter: str) -> HttpResponse:
    """A class roll for the commission; POST prints one-time codes for those without an account.

    The codes exist in plain text only in this POST's response (never stored, never cached): a printed
    sheet for the class, cut into slips. A lost slip is replaced one student at a time
    (`election_code_reissue`), which voids the old code."""
    election = get_election_for_user(request.person, pk)
    if not is_commission(request.person, election):
        raise PermissionDenied
    if request.method == "POST":
        try:
            issued = actions.issue_codes(
                election=election, grade=grade, class_letter=letter, by=request.person
            )
        except Refused as error:
            _refused(request, error)
            return redirect("parliament:election_codes", pk=election.pk, grade=grade, letter=letter)
        if not issued:
            messages.info(request, _("Every student of this class who needs a code has one already."))
            return redirect("parliament:election_codes", pk=election.pk, grade=grade, letter=letter)
        response = render(
            request,
            "parliament/election/election_codes_print.html",
            {
                "election": election,
                "class_name": f"{grade}-{letter}",
                "slips": [(student, format_code(code)) for student, code in issued],
            },
        )
        add_never_cache_headers(response)
        return response
    roll = actions.code_roll(election, grade, letter)
    return render(
        request,
        "parliament/election/election_codes.html",
        {
            "election": election,
            "grade": grade,
            "letter": letter,
            "roll": roll,
            "needing": sum(1 for _student, state in roll if state == "needs_code"),
            "can_issue": can_issue_codes(request.person, election),
        },
    )


@require_POST
def election_code_reissue(request: PersonRequest, pk: int, student_pk: int) -> HttpResponse:
    """A new slip for one student whose slip was lost or never printed; the old code stops working."""
    election = get_election_for_user(request.person, pk)
    if not is_commission(request.person, election):
        raise PermissionDenied
    student = get_object_or_404(Student, pk=student_pk, school_id=election.term.school_id)
    back = redirect(
        "parliament:election_codes", pk=election.pk, grade=student.grade, letter=student.class_letter
    )
    try:
        code = actions.reissue_code(election=election, student=student, by=request.person)
    except Refused as error:
        _refused(request, error)
        return back
    response = render(
        request,
        "parliament/election/election_codes_print.html",
        {
            "election": election,
            "class_name": student.class_name,
            "slips": [(student, format_code(code))],
        },
    )
    add_never_cache_headers(response)
    return response


def election_count(request: PersonRequest, pk: int) -> HttpResponse:
    """The count: the electronic tally, the paper ballots entered by the commission, then publishing.

    Only the commission and those who run the election open it, and only at the counting stage: before
    it the tally is hidden from everyone (SP-1.4)."""
    election = get_election_for_user(request.person, pk)
    user = request.person
    if not (is_commission(user, election) or runs_election(user, election)):
        raise PermissionDenied
    if election.stage != ElectionStage.COUNTING:
        messages.info(request, _("The count opens when the voting has ended."))
        return redirect(election)
    results = actions.results_of(election)
    candidates = sorted((r.candidate for r in results), key=lambda c: (kyrgyz_key(c.student.surname), c.pk))
    lines = actions.class_lines(election)
    entered = {}
    if election.counted_at:
        entered = {(c.grade, c.class_letter): c for c in ClassCount.objects.filter(election=election)}
    form = None
    if can_record_count(user, election):
        initial = {r.candidate.pk: r.paper for r in results} if election.counted_at else None
        form = CountForm(
            request.POST or None,
            candidates=candidates,
            classes=lines,
            initial_counts=initial,
            initial_classes=entered,
            initial={"invalid": election.invalid_paper_ballots},
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.record_count(
                    election=election,
                    paper_counts=form.paper_counts(),
                    invalid=form.cleaned_data["invalid"],
                    classes=form.class_papers(),
                    by=user,
                )
            except Refused as error:
                _refused(request, error)
            else:
                messages.success(request, _("The count was saved."))
            return redirect("parliament:election_count", pk=election.pk)
        messages.error(request, _("The count was not saved: correct the marked fields."))
    tied = [r.candidate for r in actions.leaders(results)]
    return render(
        request,
        "parliament/election/election_count.html",
        {
            "election": election,
            "results": results,
            # For those who read the count: the classes as the commission entered them, or as the
            # records stand before it has.
            "reconciliation": sorted(entered.values(), key=lambda c: (c.grade, c.class_letter)) or lines,
            "form": form,
            "tied": tied if len(tied) > 1 else [],
            "publish_form": PublishForm(tied=tied) if can_publish_results(user, election) else None,
        },
    )


@require_POST
def election_publish(request: PersonRequest, pk: int) -> HttpResponse:
    """The results are published: the winner becomes president, or a run-off is called on a tie."""
    election = get_election_for_user(request.person, pk)
    if not runs_election(request.person, election):
        raise PermissionDenied
    if not can_publish_results(request.person, election):
        # Refused before the tally is read: an answer that varied with the votes would leak them.
        messages.error(
            request, _("The results are published after the count, once the paper ballots are entered.")
        )
        return redirect(election)
    tied = [r.candidate for r in actions.leaders(actions.results_of(election))]
    form = PublishForm(request.POST, tied=tied)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("parliament:election_count", pk=election.pk)
    winner = (
        form.cleaned_data.get("winner") if form.cleaned_data.get("on_tie") == PublishForm.TIE_WINNER else None
    )
    try:
        runoff = actions.publish_results(
            election=election,
            by=request.person,
            tie_decision=form.cleaned_data.get("tie_decision", ""),
            winner=winner,
        )
    except Refused as error:
        _refused(request, error)
        return redirect("parliament:election_count", pk=election.pk)
    if runoff is not None:
        messages.success(
            request, _("The results are published; a run-off is called among the tied candidates.")
        )
    else:
        messages.success(request, _("The results are published."))
    return redirect(election)
