"""Issue 16, found by an attacker's walk: the shared code-voting page opened for any staff member, the
district methodologist included. SP-1.4: only the election commission (its students and the supervising
teacher) and the school's class teachers open it; another school's people are not found (404), the
school's other members are not allowed (403), on the page and in the action."""

import datetime

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation

from parliament.actions.elections import hash_code, move_to_stage, vote_with_code
from parliament.models import ElectionStage, Tally, Turnout, VoteCode
from school_gov import guesses
from school_gov.models import Role, WrongGuess
from school_gov.refusals import Refused
from tests.factories import (
    AppointmentFactory,
    CandidateFactory,
    ElectionFactory,
    SchoolFactory,
    StaffFactory,
    StudentFactory,
    UserFactory,
)
from tests.steps import act

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def supervisor(school):
    """The commission's teacher: someone other than the adviser, so the adviser is no commission member."""
    user = UserFactory(username="supervisor")
    StaffFactory(school=school, user=user)
    return user


@pytest.fixture
def election(term, adviser, supervisor, president):
    election = ElectionFactory(term=term, supervisor=supervisor.staff, stage=ElectionStage.CAMPAIGN)
    CandidateFactory(election=election)
    CandidateFactory(election=election)
    election.commission.add(president.student)
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    return election


@pytest.fixture
def class_teacher(school):
    user = UserFactory(username="class_teacher")
    staff = StaffFactory(school=school, user=user)
    AppointmentFactory(staff=staff, role=Role.CLASS_TEACHER, class_grade=6, class_letter="А")
    return user


@pytest.fixture
def district_methodologist(school):
    """A methodologist of the school's district, working at another school of it."""
    user = UserFactory(username="district_methodologist")
    staff = StaffFactory(school=SchoolFactory(district=school.district), user=user)
    AppointmentFactory(staff=staff, role=Role.DISTRICT_METHODOLOGIST)
    return user


@pytest.fixture
def class_teacher_elsewhere(other_school):
    user = UserFactory(username="class_teacher_elsewhere")
    staff = StaffFactory(school=other_school, user=user)
    AppointmentFactory(staff=staff, role=Role.CLASS_TEACHER, class_grade=6, class_letter="А")
    return user


def _url(election) -> str:
    return reverse("parliament:election_code_vote", args=[election.pk])


def _code_for(election, school, code="ABCD2345") -> str:
    child = StudentFactory(school=school, grade=6)
    VoteCode.objects.create(election=election, student=child, code_hash=hash_code(election, code))
    return code


def _votes(election) -> int:
    return Tally.objects.filter(election=election).aggregate(total=Sum("votes"))["total"] or 0


def _first(election):
    return election.candidates.order_by("pk").first()


# Who opens the device

MAY_OPEN = ["class_teacher", "supervisor", "president"]  # the president is on the commission here
NOT_ALLOWED = ["teacher", "adviser", "deputy", "director", "social_pedagogue", "methodologist", "student"]
NOT_FOUND = ["outsider", "district_methodologist", "class_teacher_elsewhere"]


@pytest.mark.parametrize("who", MAY_OPEN)
def test_the_commission_and_a_class_teacher_open_the_device_and_a_code_votes(
    client, request, election, school, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_url(election), **EN)
    assert response.status_code == 200
    assert 'name="code"' in response.text
    code = _code_for(election, school)
    response = client.post(_url(election), {"code": code, "candidate": _first(election).pk}, **EN)
    assert response.status_code == 302
    assert _votes(election) == 1


@pytest.mark.parametrize("who", NOT_ALLOWED)
def test_the_schools_other_members_may_not_open_the_device_nor_vote_on_it(
    client, request, election, school, who
):
    """`methodologist` is a district methodologist working at this school: of the school, no operator."""
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(election)).status_code == 403
    code = _code_for(election, school)
    assert client.post(_url(election), {"code": code, "candidate": _first(election).pk}).status_code == 403
    assert _votes(election) == 0
    assert not Turnout.objects.exists()
    assert not VoteCode.objects.get().used


@pytest.mark.parametrize("who", NOT_FOUND)
def test_people_of_other_schools_do_not_find_the_device(client, request, election, school, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(election)).status_code == 404
    code = _code_for(election, school)
    assert client.post(_url(election), {"code": code, "candidate": _first(election).pk}).status_code == 404
    assert _votes(election) == 0


def test_an_anonymous_visitor_is_sent_to_sign_in(client, election):
    response = client.get(_url(election))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# The action asks again


@pytest.mark.parametrize("who", ["teacher", "methodologist", "district_methodologist", "outsider"])
def test_the_action_refuses_whoever_may_not_operate_the_device_and_counts_nothing(
    request, election, school, who
):
    code = _code_for(election, school)
    with pytest.raises(Refused) as refused:
        vote_with_code(
            election=election, code=code, candidate=_first(election), by=act(request.getfixturevalue(who))
        )
    assert refused.value.reason == Refused.NOT_ALLOWED
    assert "opened by the election commission and the school's class teachers" in refused.value.message
    assert _votes(election) == 0
    assert not VoteCode.objects.get().used


def test_the_action_takes_a_class_teachers_device(election, school, class_teacher):
    code = _code_for(election, school)
    vote_with_code(election=election, code=code, candidate=_first(election), by=act(class_teacher))
    assert _votes(election) == 1


# The election's page offers the device to those who may open it


def test_the_election_page_offers_the_device_to_a_class_teacher_only(
    client, election, class_teacher, teacher
):
    detail = reverse("parliament:election_detail", args=[election.pk])
    client.force_login(class_teacher)
    assert _url(election) in client.get(detail).text
    client.force_login(teacher)
    assert _url(election) not in client.get(detail).text


# Guessing codes (issue 16): ten unknown codes in a quarter of an hour from the device's address, or by
# its operator, and the device takes no code until the oldest of them is a quarter of an hour old.

DEVICE = "192.0.2.10"


def _type(client, election, code, *, at=DEVICE):
    return client.post(
        _url(election), {"code": code, "candidate": _first(election).pk}, REMOTE_ADDR=at, follow=True, **EN
    )


def test_ten_unknown_codes_stop_the_device_and_a_good_code_waits(client, election, school, class_teacher):
    client.force_login(class_teacher)
    good = _code_for(election, school)
    for n in range(10):
        page = _type(client, election, f"WRONG{n:03d}")
        assert "This code is unknown or has already been used" in page.text
    page = _type(client, election, good)
    assert "Too many unknown codes were typed on this device; nothing was counted." in page.text
    assert _votes(election) == 0 and not VoteCode.objects.get().used
    # A quarter of an hour after the tenth of them, the code counts.
    WrongGuess.objects.update(at=timezone.now() - datetime.timedelta(minutes=15, seconds=1))
    page = _type(client, election, good)
    assert "The vote was counted" in page.text
    assert _votes(election) == 1


def test_nine_unknown_codes_leave_the_device_working(client, election, school, class_teacher):
    client.force_login(class_teacher)
    for n in range(9):
        _type(client, election, f"WRONG{n:03d}")
    assert "The vote was counted" in _type(client, election, _code_for(election, school)).text


def test_the_operator_is_counted_on_another_device_and_the_address_for_another_operator(
    client, election, school, class_teacher, supervisor
):
    client.force_login(class_teacher)
    for n in range(10):
        _type(client, election, f"WRONG{n:03d}")
    good = _code_for(election, school)
    # The same account on another device: stopped.
    assert "Too many unknown codes" in _type(client, election, good, at="192.0.2.20").text
    # Another operator on the same device: stopped.
    client.force_login(supervisor)
    assert "Too many unknown codes" in _type(client, election, good).text
    # Another operator on another device: the code counts.
    assert "The vote was counted" in _type(client, election, good, at="192.0.2.30").text


def test_wrong_codes_of_one_election_do_not_stop_another(client, election, class_teacher):
    client.force_login(class_teacher)
    for n in range(10):
        _type(client, election, f"WRONG{n:03d}")
    assert WrongGuess.objects.filter(scope=str(election.pk)).count() == 10
    operator = act(class_teacher)
    assert guesses.blocked_until(guesses.VOTE_CODE, str(election.pk), operator) is not None
    assert guesses.blocked_until(guesses.VOTE_CODE, str(election.pk + 1), operator) is None


def test_a_real_code_sent_again_is_refused_but_is_no_guess(client, election, school, class_teacher):
    """A double tap sends a used code again: refused with the same words, and not counted as a guess."""
    client.force_login(class_teacher)
    code = _code_for(election, school)
    assert "The vote was counted" in _type(client, election, code).text
    for _ in range(12):
        assert "unknown or has already been used" in _type(client, election, code).text
    assert not WrongGuess.objects.exists()
    assert _votes(election) == 1
