"""The count and the results (SP-1.4): the commission enters the paper ballots, class by class and
valid and invalid; the results are published by simple plurality; a tie is the commission's written
decision or a run-off; the winner becomes the term's president, by the rules of any office (SP-1.7)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from parliament.actions.elections import (
    PaperBallots,
    Refused,
    cast_vote,
    class_lines,
    move_to_stage,
    publish_results,
    record_count,
)
from parliament.models import CandidateStatus, Election, ElectionStage, Office, PaperCount
from parliament.models.elections import ClassCount
from school_gov.models import AuditEvent
from tests.factories import CandidateFactory, ElectionFactory, OfficeFactory, StudentFactory
from tests.steps import act

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


PAPER_CLASS = (9, "Б")


def counting_election(term, adviser, votes: list[int]):
    """An election at the count with one candidate per entry of `votes`, each given that many votes
    online, and a class 9-Б of six students who did not vote online (they may vote on paper)."""
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    StudentFactory.create_batch(6, school=term.school, grade=PAPER_CLASS[0], class_letter=PAPER_CLASS[1])
    candidates = [
        CandidateFactory(election=election, student__surname=f"Талапкер{i}") for i in range(len(votes))
    ]
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    for candidate, n in zip(candidates, votes, strict=True):
        for _ in range(n):
            voter = StudentFactory(school=term.school, grade=6)
            cast_vote(election=election, student=voter, candidate=candidate, method="account")
    Election.objects.filter(pk=election.pk).update(
        voting_opens_at=timezone.now() - datetime.timedelta(hours=6),
        voting_closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    election.refresh_from_db()
    move_to_stage(election=election, stage=ElectionStage.COUNTING, by=act(adviser))
    return election, candidates


@pytest.fixture
def counted(term, adviser):
    return counting_election(term, adviser, [3, 1])


def _count_url(election):
    return reverse("parliament:election_count", args=[election.pk])


def in_the_box(election, ballots: int, **paper) -> dict[tuple[int, str], PaperBallots]:
    """Every class of the count with no paper ballots, but 9-Б with `ballots` issued and in its box."""
    classes = {(line.grade, line.class_letter): PaperBallots() for line in class_lines(election)}
    classes[PAPER_CLASS] = PaperBallots(**{"issued": ballots, "returned": ballots, **paper})
    return classes


def _form_data(election, ballots: int, **fields) -> dict:
    data = {}
    for (grade, letter), paper in in_the_box(election, ballots).items():
        for kind in ("issued", "returned", "spoiled"):
            data[f"{kind}_{grade}_{letter}"] = getattr(paper, kind)
    return {**data, **fields}


# The count page


def test_the_commission_sees_the_tally_at_the_count(client, counted, adviser):
    election, (first, second) = counted
    client.force_login(adviser)
    response = client.get(_count_url(election), **EN)
    assert response.status_code == 200
    assert f'data-candidate="{first.pk}"' in response.text
    assert [(r.candidate, r.electronic) for r in response.context["results"]] == [(first, 3), (second, 1)]
    assert response.context["form"] is not None


def test_the_commission_enters_the_paper_ballots(client, counted, president):
    election, (first, second) = counted
    election.commission.add(president.student)
    client.force_login(president)
    data = _form_data(election, 6, **{f"paper_{first.pk}": 2, f"paper_{second.pk}": 3, "invalid": 1})
    response = client.post(_count_url(election), data)
    assert response.status_code == 302
    assert dict(PaperCount.objects.values_list("candidate", "ballots")) == {first.pk: 2, second.pk: 3}
    election.refresh_from_db()
    assert election.invalid_paper_ballots == 1
    assert election.counted_at is not None
    line = ClassCount.objects.get(election=election, grade=9, class_letter="Б")
    assert (line.eligible, line.voted_online, line.paper_issued, line.paper_returned) == (6, 0, 6, 6)
    event = AuditEvent.objects.get(action="parliament.election.counted")
    assert event.data["paper"] == {str(first.pk): 2, str(second.pk): 3}
    assert event.data["invalid"] == 1
    assert event.data["classes"]["9-Б"] == [6, 6, 0]


def test_a_negative_count_is_refused(client, counted, adviser):
    election, (first, second) = counted
    client.force_login(adviser)
    response = client.post(
        _count_url(election), {f"paper_{first.pk}": -1, f"paper_{second.pk}": 0, "invalid": 0}
    )
    assert response.status_code == 200
    assert not PaperCount.objects.exists()


def test_the_count_names_every_candidate_on_the_ballot(counted, adviser):
    election, (first, _second) = counted
    with pytest.raises(Refused, match="every candidate"):
        record_count(
            election=election,
            paper_counts={first.pk: 1},
            invalid=0,
            classes=in_the_box(election, 1),
            by=act(adviser),
        )


def test_the_director_sees_the_count_but_does_not_enter_it(client, counted, director):
    election, (first, second) = counted
    client.force_login(director)
    assert client.get(_count_url(election)).context["form"] is None
    data = _form_data(election, 6, **{f"paper_{first.pk}": 2, f"paper_{second.pk}": 4, "invalid": 0})
    assert client.post(_count_url(election), data).status_code == 403


def test_a_student_outside_the_commission_may_not_see_the_count(client, counted, student):
    client.force_login(student)
    assert client.get(_count_url(counted[0])).status_code == 403


def test_the_count_of_another_school_is_not_found(client, counted, outsider):
    client.force_login(outsider)
    assert client.get(_count_url(counted[0])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in_from_the_count(client, counted):
    response = client.get(_count_url(counted[0]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Publishing


def _enter(election, candidates, adviser, paper):
    record_count(
        election=election,
        paper_counts={c.pk: n for c, n in zip(candidates, paper, strict=True)},
        invalid=1,
        classes=in_the_box(election, sum(paper) + 1),
        by=act(adviser),
    )


def test_the_results_wait_for_the_count(counted, adviser):
    election, _candidates = counted
    with pytest.raises(Refused, match="after the count"):
        publish_results(election=election, by=act(adviser))


def test_the_winner_by_plurality_becomes_the_terms_president(client, counted, adviser, term):
    election, (first, second) = counted
    sitting = OfficeFactory(
        term=term, student=StudentFactory(school=term.school, grade=11), starts_on=term.school_year.start_date
    )
    _enter(election, [first, second], adviser, [0, 1])
    client.force_login(adviser)
    response = client.post(reverse("parliament:election_publish", args=[election.pk]))
    assert response.status_code == 302
    election.refresh_from_db()
    assert (election.stage, election.winner) == (ElectionStage.RESULTS, first)
    today = timezone.localdate()
    president = Office.objects.current(today).get(term=term, kind="president")
    assert (president.student, president.starts_on) == (first.student, today)
    sitting.refresh_from_db()
    assert sitting.ends_on == today - datetime.timedelta(days=1)
    event = AuditEvent.objects.get(action="parliament.election.results_published")
    assert event.data["totals"] == {str(first.pk): 3, str(second.pk): 2}
    assert event.data["winner"] == first.pk


def test_the_count_never_makes_a_president_outside_the_office_holder_band(term, adviser):
    """SP-1.7 over every path: an election set up before the band was enforced (candidates from grade 8)
    whose winner is in grade 9 publishes nothing, and nobody below grade 10 becomes president."""
    election, (first, second) = counting_election(term, adviser, [2, 1])
    Election.objects.filter(pk=election.pk).update(candidate_from_grade=8)
    first.student.grade = 9
    first.student.save(update_fields=["grade"])
    _enter(election, [first, second], adviser, [0, 0])
    with pytest.raises(Refused, match="is in grade 9; offices in the parliament are held from grade 10"):
        publish_results(election=election, by=act(adviser))
    election.refresh_from_db()
    assert (election.stage, election.winner) == (ElectionStage.COUNTING, None)
    assert not Office.objects.filter(kind="president").exists()
    assert not AuditEvent.objects.filter(action="parliament.election.results_published").exists()


def test_the_elected_president_passes_the_rules_of_any_office(counted, adviser, term):
    election, (first, second) = counted
    _enter(election, [first, second], adviser, [0, 0])
    publish_results(election=election, by=act(adviser))
    office = Office.objects.get(term=term, kind="president")
    assert office.student == first.student
    office.full_clean()


def test_paper_ballots_can_decide_the_winner(counted, adviser):
    election, (first, second) = counted
    _enter(election, [first, second], adviser, [0, 3])
    publish_results(election=election, by=act(adviser))
    election.refresh_from_db()
    assert election.winner == second


def test_a_tie_decided_by_the_commission_names_the_winner_with_its_decision(term, adviser):
    election, (first, second) = counting_election(term, adviser, [2, 2])
    _enter(election, [first, second], adviser, [0, 0])
    with pytest.raises(Refused, match="Write the commission's decision"):
        publish_results(election=election, by=act(adviser), winner=second)
    publish_results(election=election, by=act(adviser), winner=second, tie_decision="Протокол №3: чүчүкулак.")
    election.refresh_from_db()
    assert (election.winner, election.tie_decision) == (second, "Протокол №3: чүчүкулак.")
    assert Office.objects.current().get(kind="president").student == second.student


def test_a_tie_without_a_decision_calls_a_run_off_among_the_tied(term, adviser):
    election, (first, second, third) = counting_election(term, adviser, [2, 2, 1])
    election.commission.add(StudentFactory(school=term.school, grade=10))
    _enter(election, [first, second, third], adviser, [0, 0, 0])
    runoff = publish_results(election=election, by=act(adviser))
    election.refresh_from_db()
    assert election.stage == ElectionStage.RESULTS
    assert election.winner is None
    assert election.tie_decision
    assert (runoff.runoff_of, runoff.stage, runoff.term) == (election, ElectionStage.CAMPAIGN, term)
    assert set(runoff.candidates.values_list("student", "status")) == {
        (first.student_id, CandidateStatus.APPROVED),
        (second.student_id, CandidateStatus.APPROVED),
    }
    assert list(runoff.commission.all()) == list(election.commission.all())
    assert runoff.voting_opens_at > timezone.now()
    assert not Office.objects.filter(kind="president").exists()


def test_a_tie_on_the_page_needs_a_choice(client, term, adviser):
    election, (first, second) = counting_election(term, adviser, [1, 1])
    _enter(election, [first, second], adviser, [0, 0])
    client.force_login(adviser)
    url = reverse("parliament:election_publish", args=[election.pk])
    response = client.post(url, {}, follow=True, **EN)
    assert "choose the winner or a run-off" in response.text
    election.refresh_from_db()
    assert election.stage == ElectionStage.COUNTING
    client.post(url, {"on_tie": "winner", "winner": first.pk, "tie_decision": "Комиссиянын чечими."})
    election.refresh_from_db()
    assert election.winner == first


def test_publishing_before_the_count_answers_alike_whatever_the_votes(client, term, adviser, director):
    """Probing the publish address during the vote must not tell who leads: one answer for every
    candidate, with or without a tie choice, and nothing published."""
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    a, b, c = (CandidateFactory(election=election) for _ in range(3))
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    for candidate in (a, b):
        cast_vote(
            election=election,
            student=StudentFactory(school=term.school, grade=6),
            candidate=candidate,
            method="account",
        )
    client.force_login(director)
    url = reverse("parliament:election_publish", args=[election.pk])
    answers = set()
    for data in ({}, *({"on_tie": "winner", "winner": x.pk, "tie_decision": "Чечим."} for x in (a, b, c))):
        response = client.post(url, data, follow=True, **EN)
        answers.add(tuple(str(m) for m in response.context["messages"]))
    assert answers == {("The results are published after the count, once the paper ballots are entered.",)}
    election.refresh_from_db()
    assert (election.stage, election.winner) == (ElectionStage.VOTING, None)


def test_the_winner_on_a_tie_is_one_of_the_tied(term, adviser):
    election, (first, second, third) = counting_election(term, adviser, [2, 2, 1])
    _enter(election, [first, second, third], adviser, [0, 0, 0])
    with pytest.raises(Refused, match="among the tied"):
        publish_results(election=election, by=act(adviser), winner=third, tie_decision="Жок.")


@pytest.mark.parametrize("user", ["teacher", "student"])
def test_others_may_not_publish(client, counted, adviser, user, request):
    election, candidates = counted
    _enter(election, candidates, adviser, [0, 0])
    client.force_login(request.getfixturevalue(user))
    assert client.post(reverse("parliament:election_publish", args=[election.pk])).status_code == 403


def test_publishing_is_only_posted(client, counted, adviser):
    client.force_login(adviser)
    assert client.get(reverse("parliament:election_publish", args=[counted[0].pk])).status_code == 405


def test_the_tied_election_and_its_run_off_link_to_each_other(client, term, adviser, student):
    election, candidates = counting_election(term, adviser, [1, 1])
    _enter(election, candidates, adviser, [0, 0])
    runoff = publish_results(election=election, by=act(adviser))
    client.force_login(student)
    assert runoff.get_absolute_url() in client.get(election.get_absolute_url()).text
    page = client.get(runoff.get_absolute_url())
    assert 'id="runoff-of"' in page.text
    assert election.get_absolute_url() in page.text


@pytest.mark.parametrize("candidates", [2, 6])
def test_the_count_page_costs_the_same_queries_whatever_the_candidates(
    client, term, adviser, candidates, django_assert_max_num_queries
):
    election, _ = counting_election(term, adviser, [1] * candidates)
    client.force_login(adviser)
    # 9 queries for 2 candidates as for 6: the tally and the paper counts come with their candidates;
    # the classes' lines (eligible, voted online, codes) are one grouped query whatever the classes
    with django_assert_max_num_queries(10):
        response = client.get(_count_url(election))
    assert response.status_code == 200
    assert len(response.context["results"]) == candidates
