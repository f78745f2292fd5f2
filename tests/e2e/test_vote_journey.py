"""Browser journey (SP-1.4): `student` (grade 7) asks "Can I vote?", votes once from a phone, and is
refused a second time, from the ballot page and from a ballot left open in another tab."""

import pytest
from django.db.models import Sum
from django.urls import reverse

from parliament.actions.elections import move_to_stage
from parliament.models import ElectionStage, Tally, Turnout
from tests.factories import CandidateFactory, ElectionFactory
from tests.steps import act, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_student_votes_once_and_is_refused_a_second_time(live_server, page, term, adviser, student):
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    first = CandidateFactory(election=election, student__surname="Асанова")
    second = CandidateFactory(election=election, student__surname="Бекова")
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    page.set_viewport_size({"width": 390, "height": 844})
    ballot = live_server.url + reverse("parliament:election_vote", args=[election.pk])

    sign_in(page, live_server, "student")
    page.goto(live_server.url + reverse("parliament:election_can_i_vote", args=[election.pk]))
    assert page.locator("#answer").get_attribute("data-may-vote") == "yes"

    # A second tab keeps the ballot open: the student will try it again after voting.
    stale = page.context.new_page()
    stale.goto(ballot)

    page.locator(f"a[href='{reverse('parliament:election_vote', args=[election.pk])}']").first.click()
    page.wait_for_url(ballot)
    page.locator(f"input[name=candidate][value='{first.pk}']").check()
    page.locator("#ballot button[type=submit]").click()
    page.wait_for_url(live_server.url + election.get_absolute_url())
    assert page.locator(".alert-success").count() == 1
    assert Turnout.objects.filter(election=election).count() == 1

    # The ballot page no longer offers a ballot.
    page.goto(ballot)
    assert page.locator("#refusal").is_visible()
    assert page.locator("input[name=candidate]").count() == 0

    # The ballot left open in the other tab is refused, and nothing more is counted.
    stale.locator(f"input[name=candidate][value='{second.pk}']").check()
    stale.locator("#ballot button[type=submit]").click()
    stale.wait_for_url(live_server.url + reverse("parliament:election_can_i_vote", args=[election.pk]))
    assert stale.locator(".alert-danger").count() == 1
    assert stale.locator("#answer").get_attribute("data-may-vote") == "no"

    assert Turnout.objects.filter(election=election).count() == 1
    assert Tally.objects.filter(election=election).aggregate(total=Sum("votes"))["total"] == 1
