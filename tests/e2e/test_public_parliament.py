"""Browser journeys of the parliament's public face (SP-1.3–1.5) and student voice (SP-3.1, SP-3.2).

An anonymous visitor on a phone sees the parliament with no student names beyond office-holders' (first
name and surname initial); a student signs in, answers a poll once and supports a proposal.
"""

import pytest
from django.urls import reverse

from parliament.models import PollResponse, Proposal, ProposalSupport
from tests.factories import (
    EventFactory,
    MinistryFactory,
    OfficeFactory,
    PollFactory,
    PollOptionFactory,
    ProposalFactory,
    StudentFactory,
)
from tests.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def parliament(term):
    school = term.school
    president = StudentFactory(school=school, grade=11, name="Айпери", surname="Токтогулова")
    OfficeFactory(term=term, kind="president", student=president)
    minister = StudentFactory(school=school, grade=10, name="Улан", surname="Жумабеков")
    ministry = MinistryFactory(term=term, name="Маданият министрлиги", minister=minister)
    member = StudentFactory(school=school, grade=8, name="Тилек", surname="Мамытов")
    ministry.members.add(member)
    organiser = StudentFactory(school=school, grade=9, name="Бермет", surname="Сыдыкова")
    event = EventFactory(school=school, term=term, ministry=ministry, title="Жаңы жылдык кече")
    event.organisers.add(organiser)
    author = StudentFactory(school=school, grade=9, name="Гүлзат", surname="Орозова")
    ProposalFactory(school=school, author=author, title="Китепканага жаңы китептер")
    return {"ministry": ministry, "hidden": [member, organiser, author]}


def test_an_anonymous_visitor_sees_no_student_names_beyond_office_holders(live_server, page, parliament):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("parliament:home"))
    pages = {"home": page.locator("body").inner_text() + page.content()}
    assert "Айпери Т." in pages["home"]
    assert "Улан Ж." in pages["home"]
    assert "Жаңы жылдык кече" in pages["home"]

    ministry = parliament["ministry"]
    page.locator(f"a[href='{reverse('parliament:ministry_detail', args=[ministry.pk])}']").click()
    page.wait_for_url(live_server.url + reverse("parliament:ministry_detail", args=[ministry.pk]))
    pages["ministry"] = page.locator("body").inner_text() + page.content()
    assert "Улан Ж." in pages["ministry"]

    for text in pages.values():
        assert "Токтогулова" not in text
        assert "Жумабеков" not in text
        for student in parliament["hidden"]:
            assert student.surname not in text
            assert student.full_name not in text
            assert student.name not in text


def test_a_student_answers_a_poll_once_and_supports_a_proposal(
    live_server, page, parliament, student, adviser
):
    poll = PollFactory(school=student.student.school, question="Кайсы ийрим керек?", created_by=adviser.staff)
    PollOptionFactory(poll=poll, text="Шахмат", position=1)
    theatre = PollOptionFactory(poll=poll, text="Театр", position=2)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "student")

    page.goto(live_server.url + reverse("parliament:home"))
    page.locator(f"a[href='{reverse('parliament:poll_detail', args=[poll.pk])}']").first.click()
    page.locator(f"input[name=option][value='{theatre.pk}']").check()
    page.locator("#answer button[type=submit]").click()
    page.wait_for_url(live_server.url + poll.get_absolute_url())
    assert PollResponse.objects.filter(poll=poll, student=student.student).exists()
    theatre.refresh_from_db()
    assert theatre.votes == 1
    assert page.locator("input[name=option]").count() == 0
    assert page.locator("#results").count() == 0  # hidden until the poll closes

    page.goto(live_server.url + reverse("parliament:proposal_list"))
    proposal = Proposal.objects.get()
    page.locator(f"a[href='{proposal.get_absolute_url()}']").click()
    page.locator(
        f"form[action='{reverse('parliament:proposal_support', args=[proposal.pk])}'] button"
    ).click()
    page.wait_for_url(live_server.url + proposal.get_absolute_url())
    assert ProposalSupport.objects.filter(proposal=proposal, student=student.student).exists()
    assert (
        page.locator(f"form[action='{reverse('parliament:proposal_support', args=[proposal.pk])}']").count()
        == 0
    )
