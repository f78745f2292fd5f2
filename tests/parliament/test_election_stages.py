"""Stages (SP-1.4): registration → campaign → voting → count, forward one step at a time, moved by the
supervising teacher, the term's adviser or the school's leaders."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from parliament.actions.elections import Refused, move_to_stage
from parliament.models import CandidateStatus, ElectionStage, Tally
from school_gov.models import AuditEvent
from tests.factories import CandidateFactory, ElectionFactory, StaffFactory, UserFactory
from tests.steps import act

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def supervisor(school):
    """A supervising teacher who is not the term's adviser."""
    user = UserFactory(username="supervisor")
    StaffFactory(school=school, user=user)
    return user


@pytest.fixture
def election(term, supervisor):
    election = ElectionFactory(term=term, supervisor=supervisor.staff)
    CandidateFactory(election=election)
    CandidateFactory(election=election, status=CandidateStatus.REJECTED)
    return election


def _move(client, user, election, stage, **extra):
    client.force_login(user)
    return client.post(reverse("parliament:election_stage", args=[election.pk]), {"stage": stage}, **extra)


@pytest.mark.parametrize("mover", ["supervisor", "adviser", "director", "deputy"])
def test_those_who_run_the_election_start_the_campaign(client, election, mover, request):
    user = request.getfixturevalue(mover)
    response = _move(client, user, election, "campaign")
    assert response.status_code == 302
    election.refresh_from_db()
    assert election.stage == ElectionStage.CAMPAIGN
    event = AuditEvent.objects.get(action="parliament.election.stage_moved")
    assert (event.actor, event.data["from"], event.data["to"]) == (user, "registration", "campaign")


@pytest.mark.parametrize("user", ["teacher", "student"])
def test_others_may_not_move_the_stage(client, election, user, request):
    assert _move(client, request.getfixturevalue(user), election, "campaign").status_code == 403
    election.refresh_from_db()
    assert election.stage == ElectionStage.REGISTRATION


def test_a_commission_student_does_not_move_the_stage(client, election, president):
    election.commission.add(president.student)
    assert _move(client, president, election, "campaign").status_code == 403


def test_the_stage_of_another_school_is_not_found(client, election, outsider):
    assert _move(client, outsider, election, "campaign").status_code == 404


def test_a_stage_is_only_posted(client, election, adviser):
    client.force_login(adviser)
    assert client.get(reverse("parliament:election_stage", args=[election.pk])).status_code == 405


def test_stages_are_not_skipped_nor_moved_back(client, election, adviser):
    response = _move(client, adviser, election, "voting", follow=True, **EN)
    assert "one stage forward at a time" in response.text
    move_to_stage(election=election, stage=ElectionStage.CAMPAIGN, by=act(adviser))
    with pytest.raises(Refused, match="one stage forward"):
        move_to_stage(election=election, stage=ElectionStage.REGISTRATION, by=act(adviser))
    election.refresh_from_db()
    assert election.stage == ElectionStage.CAMPAIGN


def test_the_campaign_waits_for_every_candidate_to_be_checked(election, adviser):
    CandidateFactory(election=election, status=CandidateStatus.REGISTERED)
    with pytest.raises(Refused, match="not checked every registered candidate"):
        move_to_stage(election=election, stage=ElectionStage.CAMPAIGN, by=act(adviser))


def test_the_campaign_needs_an_admitted_candidate(term, adviser):
    election = ElectionFactory(term=term, supervisor=adviser.staff)
    with pytest.raises(Refused, match="No candidate is admitted"):
        move_to_stage(election=election, stage=ElectionStage.CAMPAIGN, by=act(adviser))


def test_voting_sets_up_one_counter_per_admitted_candidate(election, adviser):
    move_to_stage(election=election, stage=ElectionStage.CAMPAIGN, by=act(adviser))
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    admitted = election.candidates.get(status=CandidateStatus.APPROVED)
    assert list(Tally.objects.filter(election=election).values_list("candidate", "votes")) == [
        (admitted.pk, 0)
    ]


def test_voting_cannot_start_after_its_window_has_closed(election, adviser):
    move_to_stage(election=election, stage=ElectionStage.CAMPAIGN, by=act(adviser))
    election.voting_closes_at = timezone.now() - datetime.timedelta(hours=1)
    election.voting_opens_at = election.voting_closes_at - datetime.timedelta(hours=5)
    election.save()
    with pytest.raises(Refused, match="already closed"):
        move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))


def test_the_count_starts_only_after_the_voting_window_closes(election, adviser):
    move_to_stage(election=election, stage=ElectionStage.CAMPAIGN, by=act(adviser))
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    with pytest.raises(Refused, match="the count starts after it closes"):
        move_to_stage(election=election, stage=ElectionStage.COUNTING, by=act(adviser))
    election.voting_closes_at = timezone.now() - datetime.timedelta(seconds=1)
    election.voting_opens_at = election.voting_closes_at - datetime.timedelta(hours=5)
    election.save()
    move_to_stage(election=election, stage=ElectionStage.COUNTING, by=act(adviser))
    election.refresh_from_db()
    assert election.stage == ElectionStage.COUNTING
    assert AuditEvent.objects.filter(action="parliament.election.stage_moved").first().data["turnout"] == 0


def test_the_results_are_not_a_stage_to_move_to(election, adviser):
    for stage in (ElectionStage.CAMPAIGN, ElectionStage.VOTING):
        move_to_stage(election=election, stage=stage, by=act(adviser))
    election.voting_closes_at = timezone.now() - datetime.timedelta(seconds=1)
    election.voting_opens_at = election.voting_closes_at - datetime.timedelta(hours=5)
    election.save()
    move_to_stage(election=election, stage=ElectionStage.COUNTING, by=act(adviser))
    with pytest.raises(Refused):
        move_to_stage(election=election, stage=ElectionStage.RESULTS, by=act(adviser))
