"""Browser journey (SP-1.4): a queue of students without accounts votes with printed codes on one
device the adviser opened. The next voter never sees the previous one's choice, even by going Back."""

import pytest
from django.urls import reverse

from parliament.actions.elections import issue_codes, move_to_stage
from parliament.models import ElectionStage, Turnout
from school_gov.codes import format_code
from tests.factories import CandidateFactory, ElectionFactory, StudentFactory
from tests.steps import act

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_shared_device_shows_each_voter_an_empty_ballot(live_server, page, school, term, adviser):
    election = ElectionFactory(term=term, supervisor=adviser.staff, stage=ElectionStage.CAMPAIGN)
    CandidateFactory(election=election, student__surname="Асанова")
    second = CandidateFactory(election=election, student__surname="Бекова")
    StudentFactory(school=school, grade=6, class_letter="В")
    StudentFactory(school=school, grade=6, class_letter="В")
    codes = [
        code for _student, code in issue_codes(election=election, grade=6, class_letter="В", by=act(adviser))
    ]
    move_to_stage(election=election, stage=ElectionStage.VOTING, by=act(adviser))
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(live_server.url + reverse("login"))
    page.locator("input[name=username]").fill("adviser")
    page.locator("input[name=password]").fill("demo-password")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + reverse("dashboard"))
    device = live_server.url + reverse("parliament:election_code_vote", args=[election.pk])
    page.goto(device)

    page.locator("input[name=code]").fill(format_code(codes[0]))
    page.locator(f"input[name=candidate][value='{second.pk}']").check()
    page.locator("#ballot button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1
    assert Turnout.objects.filter(election=election).count() == 1

    # The next voter finds an empty ballot, and going Back brings no choice back.
    assert page.locator("input[name=candidate]:checked").count() == 0
    page.go_back()
    page.wait_for_load_state()
    assert page.locator("input[name=candidate]:checked").count() == 0
    assert page.locator("input[name=code]").input_value() == ""
