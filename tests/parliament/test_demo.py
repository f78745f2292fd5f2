import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from parliament.models import (
    Appeal,
    Election,
    ElectionStage,
    Event,
    Meeting,
    Ministry,
    Office,
    Poll,
    Proposal,
    Tally,
    Term,
    Turnout,
)
from parliament.models.meetings import weeks_without_meeting
from school_gov.models import User


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0)


def test_the_demo_president_won_the_finished_election_and_holds_the_office(demo):
    president = User.objects.get(username="president").student
    election = Election.objects.get()
    assert election.stage == ElectionStage.RESULTS
    assert election.winner.student == president
    assert Office.objects.current().get(kind="president").student == president
    votes = Tally.objects.filter(election=election).aggregate(total=Sum("votes"))["total"]
    assert votes == Turnout.objects.filter(election=election).count()


def test_the_demo_has_ministries_with_ministers_of_the_office_holder_band(demo):
    ministries = Ministry.objects.select_related("minister", "minister__school")
    assert ministries.count() == 8
    for ministry in ministries:
        ministry.full_clean()


def test_the_demo_places_student_and_pupil(demo):
    student = User.objects.get(username="student").student
    pupil = User.objects.get(username="pupil").student
    assert Ministry.objects.filter(members=student).exists()
    assert Event.objects.filter(organisers=student).exists()
    assert Event.objects.filter(participants=pupil).exists()
    assert not Event.objects.filter(organisers=pupil).exists()


def test_the_demo_has_past_and_upcoming_events_an_open_poll_answers_and_a_closed_appeal(demo):
    now = timezone.now()
    assert Event.objects.filter(starts_at__lt=now).exists()
    assert Event.objects.filter(starts_at__gt=now).exists()
    assert any(poll.is_open() for poll in Poll.objects.all())
    assert Proposal.objects.exclude(answer="").exists()
    assert Appeal.objects.filter(status="closed").exists()


def test_the_demo_meetings_leave_exactly_one_school_week_out(demo):
    term = Term.objects.select_related("school_year").get()
    dates = [m.held_on for m in Meeting.objects.select_related("minutes")]
    missing = weeks_without_meeting(list(term.school_year.quarters.all()), dates, timezone.localdate())
    assert len(missing) == 1


def test_with_the_election_open_the_demo_student_can_vote_by_hand(db, settings, client):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--election-open", verbosity=0)
    election = Election.objects.get()
    assert election.stage == ElectionStage.VOTING
    assert election.voting_opens_at < timezone.now() < election.voting_closes_at
    assert not Office.objects.filter(kind="president").exists()
    votes = Tally.objects.filter(election=election).aggregate(total=Sum("votes"))["total"]
    assert votes == Turnout.objects.filter(election=election).count() > 0

    student = User.objects.get(username="student")
    client.force_login(student)
    page = client.get(reverse("parliament:election_vote", args=[election.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    candidate = election.candidates.order_by("pk").first()
    response = client.post(
        reverse("parliament:election_vote", args=[election.pk]), {"candidate": candidate.pk}
    )
    assert response.status_code == 302
    assert Turnout.objects.filter(election=election, student=student.student).exists()
    assert Tally.objects.filter(election=election).aggregate(total=Sum("votes"))["total"] == votes + 1
