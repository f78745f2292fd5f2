"""Casting votes (SP-1.4): one vote per eligible student in the voting window, from an account or with a
one-time code; every refusal says why and counts nothing."""

import datetime

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation

from parliament.actions.elections import (
    Refused,
    cast_vote,
    hash_code,
    move_to_stage,
    vote_with_code,
)
from parliament.models import CandidateStatus, ElectionStage, Tally, Turnout, VoteCode
from school_gov.models import AuditEvent, Role
from tests.factories import (
    AppointmentFactory,
    CandidateFactory,
    ElectionFactory,
    StudentFactory,
    UserFactory,
)
from tests.steps import act, operator

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def open_election(term, adviser, *, candidates=2, **fields):
    """An election of the term at the voting stage, its window open now, with admitted candidates."""
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN, **fields)
    for _ in range(candidates):
        CandidateFactory(election=election)
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    return election


@pytest.fixture
def election(term, adviser):
    return open_election(term, adviser)


def _votes(election) -> int:
    return Tally.objects.filter(election=election).aggregate(total=Sum("votes"))["total"]


def _first(election):
    return election.candidates.order_by("pk").first()


# The action


def test_a_student_votes_once_and_the_candidates_counter_goes_up(election, student):
    chosen = _first(election)
    cast_vote(election=election, student=student.student, candidate=chosen, method="account")
    turnout = Turnout.objects.get(election=election)
    assert (turnout.student, turnout.grade, turnout.method) == (student.student, 7, "account")
    assert Tally.objects.get(election=election, candidate=chosen).votes == 1
    assert _votes(election) == 1


def test_a_second_vote_is_refused_and_nothing_more_is_counted(election, student):
    first, second = election.candidates.order_by("pk")
    cast_vote(election=election, student=student.student, candidate=first, method="account")
    with pytest.raises(Refused, match="already voted"):
        cast_vote(election=election, student=student.student, candidate=second, method="account")
    assert Turnout.objects.filter(election=election).count() == 1
    assert _votes(election) == 1


def test_a_student_below_the_voter_grades_is_refused(election, pupil):
    with pytest.raises(Refused, match="Students vote from grade 5; you are in grade 3"):
        cast_vote(election=election, student=pupil.student, candidate=_first(election), method="account")
    assert not Turnout.objects.exists()
    assert _votes(election) == 0


def test_the_voter_grades_are_a_setting_of_the_election(term, adviser, student):
    election = open_election(term, adviser, voter_from_grade=8)
    with pytest.raises(Refused, match="from grade 8; you are in grade 7"):
        cast_vote(election=election, student=student.student, candidate=_first(election), method="account")


def test_a_vote_before_the_window_opens_is_refused(term, adviser, student):
    soon = timezone.now() + datetime.timedelta(days=2)
    election = open_election(
        term, adviser, voting_opens_at=soon, voting_closes_at=soon + datetime.timedelta(hours=6)
    )
    with pytest.raises(Refused, match="Voting has not opened yet: it opens on"):
        cast_vote(election=election, student=student.student, candidate=_first(election), method="account")
    assert _votes(election) == 0


def test_a_vote_after_the_window_closes_is_refused(election, student):
    election.voting_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    election.voting_opens_at = election.voting_closes_at - datetime.timedelta(hours=6)
    election.save()
    with pytest.raises(Refused, match="Voting has closed"):
        cast_vote(election=election, student=student.student, candidate=_first(election), method="account")
    assert not Turnout.objects.exists()


def test_a_vote_during_the_campaign_is_refused_even_inside_the_dates(term, adviser, student):
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    candidate = CandidateFactory(election=election)
    with pytest.raises(Refused, match="Voting has not opened yet"):
        cast_vote(election=election, student=student.student, candidate=candidate, method="account")
    assert not Turnout.objects.exists()


def test_a_vote_for_a_candidate_not_on_the_ballot_is_refused(election, student, term, adviser):
    other = open_election(term, adviser, candidates=1)
    with pytest.raises(Refused, match="not on the ballot"):
        cast_vote(election=election, student=student.student, candidate=_first(other), method="account")
    rejected = CandidateFactory(election=election, status=CandidateStatus.REJECTED)
    with pytest.raises(Refused, match="not on the ballot"):
        cast_vote(election=election, student=student.student, candidate=rejected, method="account")
    assert not Turnout.objects.exists()


def test_a_student_of_another_school_is_refused(election, other_school):
    stranger = StudentFactory(school=other_school, grade=9)
    with pytest.raises(Refused, match="Only students of the school"):
        cast_vote(election=election, student=stranger, candidate=_first(election), method="account")
    assert not Turnout.objects.exists()


def test_a_vote_writes_nothing_to_the_audit_trail(election, student):
    before = AuditEvent.objects.count()
    cast_vote(election=election, student=student.student, candidate=_first(election), method="account")
    assert AuditEvent.objects.count() == before


# One-time codes


def _code_for(election, student, code="ABCD2345"):
    VoteCode.objects.create(election=election, student=student, code_hash=hash_code(election, code))
    return code


def test_a_code_casts_one_vote_for_its_student(election, school):
    child = StudentFactory(school=school, grade=6)
    code = _code_for(election, child)
    vote_with_code(election=election, code=code, candidate=_first(election), by=operator(election))
    turnout = Turnout.objects.get(election=election)
    assert (turnout.student, turnout.method) == (child, "code")
    assert VoteCode.objects.get(student=child).used
    assert _votes(election) == 1


def test_a_code_may_be_typed_in_small_letters_with_a_dash_or_cyrillic_look_alikes(election, school):
    child = StudentFactory(school=school, grade=6)
    _code_for(election, child, code="ABCE2345")
    vote_with_code(
        election=election, code=" аbсе-2345 ", candidate=_first(election), by=operator(election)
    )  # Cyrillic а, с, е
    assert _votes(election) == 1


def test_a_reused_code_is_refused_and_nothing_counted(election, school):
    child = StudentFactory(school=school, grade=6)
    code = _code_for(election, child)
    vote_with_code(election=election, code=code, candidate=_first(election), by=operator(election))
    with pytest.raises(Refused, match="unknown or has already been used"):
        vote_with_code(election=election, code=code, candidate=_first(election), by=operator(election))
    assert _votes(election) == 1


def test_an_unknown_code_is_refused_and_nothing_counted(election, school):
    _code_for(election, StudentFactory(school=school, grade=6))
    with pytest.raises(Refused, match="unknown or has already been used"):
        vote_with_code(election=election, code="ZZZZ9999", candidate=_first(election), by=operator(election))
    assert not Turnout.objects.exists()
    assert _votes(election) == 0


def test_a_code_of_another_election_is_unknown_here(election, term, adviser, school):
    other = open_election(term, adviser, candidates=1)
    code = _code_for(other, StudentFactory(school=school, grade=6))
    with pytest.raises(Refused, match="unknown"):
        vote_with_code(election=election, code=code, candidate=_first(election), by=operator(election))


def test_a_code_outside_the_window_is_refused_with_the_window_and_stays_unused(election, school):
    child = StudentFactory(school=school, grade=6)
    code = _code_for(election, child)
    election.voting_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    election.voting_opens_at = election.voting_closes_at - datetime.timedelta(hours=6)
    election.save()
    with pytest.raises(Refused, match="Voting has closed"):
        vote_with_code(election=election, code=code, candidate=_first(election), by=operator(election))
    assert not VoteCode.objects.get(student=child).used


def test_a_refused_code_vote_leaves_the_code_unused(election, school):
    """The code's student voted meanwhile from a new account: the code is refused, and stays unused."""
    child = StudentFactory(school=school, grade=6)
    code = _code_for(election, child)
    cast_vote(election=election, student=child, candidate=_first(election), method="account")
    with pytest.raises(Refused, match="already voted"):
        vote_with_code(election=election, code=code, candidate=_first(election), by=operator(election))
    assert not VoteCode.objects.get(student=child).used
    assert _votes(election) == 1


# The ballot page


def test_a_student_sees_the_admitted_candidates_on_the_ballot(client, election, student):
    CandidateFactory(election=election, status=CandidateStatus.REJECTED, student__surname="Четтетилген")
    client.force_login(student)
    response = client.get(reverse("parliament:election_vote", args=[election.pk]), **EN)
    assert response.status_code == 200
    radios = response.text.count('name="candidate"')
    assert radios == 2
    assert "Четтетилген" not in response.text


def test_voting_from_the_ballot_counts_once_and_never_names_the_choice(client, election, student):
    chosen = _first(election)
    client.force_login(student)
    response = client.post(
        reverse("parliament:election_vote", args=[election.pk]), {"candidate": chosen.pk}, follow=True, **EN
    )
    assert response.redirect_chain[-1][0] == election.get_absolute_url()
    assert "Your vote was counted" in response.text
    assert chosen.student.full_name not in [str(m) for m in response.context["messages"]]
    assert Tally.objects.get(candidate=chosen).votes == 1


def test_the_ballot_refuses_a_second_vote_with_a_message(client, election, student):
    first, second = election.candidates.order_by("pk")
    client.force_login(student)
    url = reverse("parliament:election_vote", args=[election.pk])
    client.post(url, {"candidate": first.pk})
    response = client.post(url, {"candidate": second.pk}, follow=True, **EN)
    assert "You have already voted in this election." in response.text
    assert _votes(election) == 1
    page = client.get(url, **EN)
    assert 'name="candidate"' not in page.text
    assert "already voted" in page.text


def test_a_ballot_without_a_valid_choice_counts_nothing(client, election, student):
    client.force_login(student)
    url = reverse("parliament:election_vote", args=[election.pk])
    response = client.post(url, {"candidate": "999999"}, follow=True, **EN)
    assert "Choose one candidate" in response.text
    assert not Turnout.objects.exists()


def test_a_pupil_is_shown_why_there_is_no_ballot(client, election, pupil):
    client.force_login(pupil)
    response = client.get(reverse("parliament:election_vote", args=[election.pk]), **EN)
    assert response.status_code == 200
    assert "Students vote from grade 5; you are in grade 3." in response.text
    assert 'name="candidate"' not in response.text


def test_staff_have_no_ballot(client, election, teacher):
    client.force_login(teacher)
    assert client.get(reverse("parliament:election_vote", args=[election.pk])).status_code == 403


def test_the_ballot_of_another_school_is_not_found(client, election, outsider):
    client.force_login(outsider)
    assert client.get(reverse("parliament:election_vote", args=[election.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in_from_the_ballot(client, election):
    response = client.get(reverse("parliament:election_vote", args=[election.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# The shared device


@pytest.fixture
def class_teacher(teacher):
    """The commission and the class teachers open the shared device (issue 16: not any staff member)."""
    AppointmentFactory(staff=teacher.staff, role=Role.CLASS_TEACHER, class_grade=6, class_letter="А")
    return teacher


def test_a_class_teacher_opens_the_code_ballot_on_a_shared_device(client, election, class_teacher):
    client.force_login(class_teacher)
    response = client.get(reverse("parliament:election_code_vote", args=[election.pk]), **EN)
    assert response.status_code == 200
    assert 'name="code"' in response.text
    assert "no-store" in response["Cache-Control"]


def test_a_commission_member_opens_the_code_ballot(client, election, president):
    election.commission.add(president.student)
    client.force_login(president)
    assert client.get(reverse("parliament:election_code_vote", args=[election.pk])).status_code == 200


def test_a_student_outside_the_commission_may_not_open_the_code_ballot(client, election, student):
    client.force_login(student)
    assert client.get(reverse("parliament:election_code_vote", args=[election.pk])).status_code == 403


def test_the_code_ballot_of_another_school_is_not_found(client, election, outsider):
    client.force_login(outsider)
    assert client.get(reverse("parliament:election_code_vote", args=[election.pk])).status_code == 404


def test_a_code_vote_on_the_device_returns_to_an_empty_ballot_naming_nobody(
    client, election, class_teacher, school
):
    child = StudentFactory(school=school, grade=6, surname="Кодчу")
    code = _code_for(election, child)
    chosen = _first(election)
    client.force_login(class_teacher)
    url = reverse("parliament:election_code_vote", args=[election.pk])
    response = client.post(url, {"code": code, "candidate": chosen.pk}, follow=True, **EN)
    assert response.redirect_chain == [(url, 302)]
    assert "The vote was counted" in response.text
    assert "Кодчу" not in response.text
    assert chosen.student.full_name not in " ".join(str(m) for m in response.context["messages"])
    assert "checked" not in response.text
    assert Turnout.objects.get().student == child


def test_a_wrong_code_on_the_device_is_refused_with_a_message(client, election, class_teacher):
    client.force_login(class_teacher)
    url = reverse("parliament:election_code_vote", args=[election.pk])
    response = client.post(url, {"code": "NOPE2345", "candidate": _first(election).pk}, follow=True, **EN)
    assert "unknown or has already been used" in response.text
    assert _votes(election) == 0


def test_the_device_shows_no_ballot_outside_the_window(client, term, adviser, class_teacher):
    soon = timezone.now() + datetime.timedelta(days=1)
    election = open_election(
        term, adviser, voting_opens_at=soon, voting_closes_at=soon + datetime.timedelta(hours=3)
    )
    client.force_login(class_teacher)
    response = client.get(reverse("parliament:election_code_vote", args=[election.pk]), **EN)
    assert "Voting has not opened yet" in response.text
    assert 'name="code"' not in response.text


def test_an_unlinked_account_may_not_open_the_device(client, election):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("parliament:election_code_vote", args=[election.pk])).status_code == 404
