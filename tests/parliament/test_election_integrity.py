"""The election's integrity (SP-1.4 with SP-1.7): candidates and the elected president are of the
school's office-holder band on every path; the paper ballots are capped and reconciled class by class;
the turnout roll's ids are random."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation

from parliament.actions.elections import (
    PaperBallots,
    Refused,
    cast_vote,
    check_candidate,
    issue_codes,
    move_to_stage,
    publish_results,
    record_count,
    register_candidate,
    vote_with_code,
)
from parliament.models import Candidate, CandidateStatus, Election, ElectionStage, Office, PaperCount, Turnout
from parliament.models.elections import ClassCount
from tests.factories import CandidateFactory, ElectionFactory, StudentFactory, UserFactory
from tests.parliament.test_election_count import counting_election, in_the_box
from tests.steps import act, operator

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# The office-holder band on every path


def test_the_candidate_grades_may_not_start_below_the_office_holder_band(term, adviser):
    election = ElectionFactory.build(term=term, supervisor=adviser.staff, candidate_from_grade=8)
    with pytest.raises(ValidationError) as error:
        election.full_clean()
    assert error.value.message_dict["candidate_from_grade"] == [
        "Offices in the parliament are held from grade 10 at this school, so candidates cannot stand "
        "from grade 8: the president is one of the office-holders."
    ]
    election.candidate_from_grade = 10
    election.full_clean()


def test_the_admin_refuses_candidate_grades_below_the_band_and_offers_the_band(
    client, director, term, adviser
):
    client.force_login(director)
    add = reverse("admin:parliament_election_add")
    assert client.get(add).context["adminform"].form.initial["candidate_from_grade"] == 10
    opens = timezone.localtime() + datetime.timedelta(days=14)
    data = {
        "term": term.pk,
        "title": "Президентти шайлоо",
        "candidate_from_grade": 8,
        "voter_from_grade": 5,
        "voting_opens_at_0": opens.strftime("%Y-%m-%d"),
        "voting_opens_at_1": "08:00:00",
        "voting_closes_at_0": opens.strftime("%Y-%m-%d"),
        "voting_closes_at_1": "15:00:00",
        "supervisor": adviser.staff.pk,
        "candidates-TOTAL_FORMS": 0,
        "candidates-INITIAL_FORMS": 0,
    }
    response = client.post(add, data, **EN)
    assert response.status_code == 200
    assert "candidates cannot stand from grade 8" in response.text
    assert not Election.objects.exists()


@pytest.fixture
def legacy_election(term, adviser):
    """An election set up before the band was enforced: candidates from grade 8 at a school whose
    seniors (10 and up) hold the offices."""
    election = ElectionFactory(term=term, supervisor=adviser.staff)
    Election.objects.filter(pk=election.pk).update(candidate_from_grade=8)
    election.refresh_from_db()
    return election


@pytest.fixture
def ninth_grader(school):
    """A grade-9 student with an account: of the election's grades (from 8), below the band (10)."""
    user = UserFactory(username="ninth")
    StudentFactory(school=school, user=user, grade=9, surname="Тогузунчу")
    return user


def test_a_grade_9_student_is_not_registered_when_seniors_hold_office(legacy_election, ninth_grader, adviser):
    for by in (ninth_grader, adviser):  # from the student's own account, or as a paper application
        with pytest.raises(Refused, match="is in grade 9; offices in the parliament are held from grade 10"):
            register_candidate(
                election=legacy_election, student=ninth_grader.student, statement="Мен даярмын.", by=act(by)
            )
    assert not Candidate.objects.exists()


def test_the_registration_page_tells_a_grade_9_student_why_not(client, legacy_election, ninth_grader):
    client.force_login(ninth_grader)
    url = reverse("parliament:candidate_register", args=[legacy_election.pk])
    page = client.get(url, **EN)
    assert "is in grade 9; offices in the parliament are held from grade 10." in page.text
    assert 'name="statement"' not in page.text
    client.post(url, {"statement": "Мен да!"}, **EN)
    assert not Candidate.objects.exists()
    assert "Stand as a candidate" not in client.get(legacy_election.get_absolute_url(), **EN).text


def test_the_commission_does_not_admit_a_candidate_the_band_has_left_behind(term, adviser, school):
    election = ElectionFactory(term=term, supervisor=adviser.staff)
    candidate = CandidateFactory(election=election, status=CandidateStatus.REGISTERED)
    school.office_holders_from_grade = 11
    school.save(update_fields=["office_holders_from_grade"])
    with pytest.raises(Refused, match="is in grade 10; offices in the parliament are held from grade 11"):
        check_candidate(candidate=candidate, admit=True, note="", by=act(adviser))
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REGISTERED


def test_a_grade_9_winner_is_never_made_president(term, adviser):
    election, (first, second) = counting_election(term, adviser, [3, 1])
    Election.objects.filter(pk=election.pk).update(candidate_from_grade=8)
    first.student.grade = 9
    first.student.save(update_fields=["grade"])
    record_count(
        election=election,
        paper_counts={first.pk: 0, second.pk: 0},
        invalid=0,
        classes=in_the_box(election, 0),
        by=act(adviser),
    )
    with pytest.raises(Refused, match="offices in the parliament are held from grade 10"):
        publish_results(election=election, by=act(adviser))
    assert not Office.objects.exists()
    election.refresh_from_db()
    assert election.winner is None


# Paper ballots: capped and reconciled


def _count(election, candidates, paper, invalid, classes, by):
    record_count(
        election=election,
        paper_counts={c.pk: n for c, n in zip(candidates, paper, strict=True)},
        invalid=invalid,
        classes=classes,
        by=act(by),
    )


def test_more_paper_ballots_than_students_without_an_online_vote_are_refused_with_the_numbers(term, adviser):
    """Today's gap: 5,000 paper ballots for a school of a few voters. Eligible here: four online voters,
    the two candidates (grade 10) and the six students of 9-Б."""
    election, (first, second) = counting_election(term, adviser, [3, 1])
    with pytest.raises(Refused) as refusal:
        _count(election, [first, second], [5000, 0], 0, in_the_box(election, 5000), adviser)
    assert refusal.value.message == (
        "5000 paper ballots are counted (5000 valid, 0 invalid), but only 8 of the school's 12 eligible "
        "students did not vote online (4 did)."
    )
    election.refresh_from_db()
    assert election.counted_at is None
    assert not PaperCount.objects.exists()
    assert not ClassCount.objects.exists()


def test_a_class_holds_no_more_paper_ballots_than_its_students_without_an_online_vote(term, adviser):
    election, (first, second) = counting_election(term, adviser, [3, 1])
    with pytest.raises(Refused) as refusal:
        _count(election, [first, second], [4, 3], 0, in_the_box(election, 7), adviser)
    assert refusal.value.message == (
        "Class 9-Б: 7 paper ballots issued and 0 spoiled, but only 6 of its 6 eligible students did not "
        "vote online (0 did)."
    )
    assert not ClassCount.objects.exists()


def test_the_ballots_counted_are_the_ballots_found_in_the_boxes(term, adviser):
    election, (first, second) = counting_election(term, adviser, [3, 1])
    with pytest.raises(Refused) as refusal:
        _count(election, [first, second], [2, 1], 1, in_the_box(election, 5), adviser)
    assert refusal.value.message == (
        "4 paper ballots are counted (3 valid, 1 invalid), but the classes' boxes held 5: the two must be "
        "the same."
    )
    with pytest.raises(Refused, match="every class that votes"):
        _count(election, [first, second], [0, 0], 0, {(9, "Б"): PaperBallots()}, adviser)


def _count_with_codes(term, adviser):
    """Voting in which 9-Б gets codes and one of its students votes with one; then the count."""
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    first, second = CandidateFactory(election=election), CandidateFactory(election=election)
    StudentFactory.create_batch(6, school=term.school, grade=9, class_letter="Б")
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    codes = issue_codes(election=election, grade=9, class_letter="Б", by=act(adviser))
    vote_with_code(election=election, code=codes[0][1], candidate=first, by=operator(election))
    cast_vote(
        election=election,
        student=StudentFactory(school=term.school, grade=6),
        candidate=second,
        method="account",
    )
    closed = timezone.now() - datetime.timedelta(minutes=1)
    Election.objects.filter(pk=election.pk).update(
        voting_opens_at=closed - datetime.timedelta(hours=6), voting_closes_at=closed
    )
    election.refresh_from_db()
    move_to_stage(election=election, stage=ElectionStage.COUNTING, by=act(adviser))
    # 9-Б: three ballots handed out, one spoiled and handed back, two in the box (both valid).
    _count(election, [first, second], [2, 0], 0, in_the_box(election, 3, returned=2, spoiled=1), adviser)
    return election, first, second


def test_the_count_keeps_each_class_line_from_the_records_beside_the_commissions_numbers(term, adviser):
    election, _first, _second = _count_with_codes(term, adviser)
    line = ClassCount.objects.get(election=election, grade=9, class_letter="Б")
    assert (line.eligible, line.voted_online, line.codes_issued, line.codes_used) == (6, 1, 6, 1)
    assert (line.paper_issued, line.paper_returned, line.paper_spoiled) == (3, 2, 1)
    assert line.voted == 3
    line = ClassCount.objects.get(election=election, grade=6, class_letter="А")
    assert (line.eligible, line.voted_online, line.codes_issued, line.paper_issued) == (1, 1, 0, 0)


def test_the_published_results_show_the_turnout_and_the_reconciliation(client, term, adviser, student):
    election, first, _second = _count_with_codes(term, adviser)
    publish_results(election=election, by=act(adviser))
    client.force_login(student)
    response = client.get(election.get_absolute_url(), **EN)
    assert 'id="reconciliation"' in response.text
    assert 'data-class="9-Б"' in response.text
    # Eligible: 9-Б (6), the grade-6 voter, the cast's grade-7 student, the two candidates (grade 10).
    # Voted: two online (a code, an account) and two paper ballots in the box.
    assert "4 of 10 eligible students voted (40%): 2 online, 2 on paper." in response.text
    totals = response.context["class_totals"]
    assert (totals["paper_issued"], totals["paper_returned"], totals["paper_spoiled"]) == (3, 2, 1)
    assert (totals["codes_issued"], totals["codes_used"]) == (6, 1)


def test_the_count_page_shows_each_class_with_its_paper_fields(client, term, adviser):
    election, _candidates = counting_election(term, adviser, [1, 1])
    client.force_login(adviser)
    response = client.get(reverse("parliament:election_count", args=[election.pk]), **EN)
    assert 'data-class="9-Б"' in response.text
    for kind in ("issued", "returned", "spoiled"):
        assert f'name="{kind}_9_Б"' in response.text


# The turnout roll


def test_the_turnout_roll_ids_are_random(term, adviser, school):
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    candidate = CandidateFactory(election=election)
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    for _ in range(3):
        cast_vote(
            election=election,
            student=StudentFactory(school=school, grade=6),
            candidate=candidate,
            method="account",
        )
    ids = list(Turnout.objects.values_list("pk", flat=True))
    assert len(ids) == 3
    assert all(isinstance(pk, uuid.UUID) and pk.version == 4 for pk in ids)
    assert Turnout._meta.pk.get_internal_type() == "UUIDField"


# The demo


def test_the_demo_election_keeps_its_own_bands_and_reconciles(db, demo_school):
    election = Election.objects.get(term__school=demo_school)
    election.full_clean()
    assert election.candidate_from_grade >= demo_school.office_holders_from_grade
    for candidate in election.candidates.select_related("student__school"):
        candidate.full_clean()
    Office.objects.get(term=election.term, kind="president").full_clean()
    lines = list(ClassCount.objects.filter(election=election))
    for line in lines:
        line.full_clean()
    paper = PaperCount.objects.filter(election=election).aggregate(n=Sum("ballots"))["n"]
    assert sum(line.paper_returned for line in lines) == paper + election.invalid_paper_ballots
    assert sum(line.voted_online for line in lines) == Turnout.objects.filter(election=election).count()
