"""The parliament's home leads a signed-in person to everything they may do there, in one tap (issue 15,
part 5): each link is a page they may open, and the pages a student could reach from no page before —
appeals, clubs, the duty roster — are among them. A visitor gets a way to sign in; the social
pedagogue's appeals open on the tab that has something in it."""

import re

import pytest
from django.urls import reverse

from tests.factories import AppealFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HOME = reverse("parliament:home")


def _links(page: str) -> list[str]:
    nav = re.search(r'<nav[^>]*id="parliament-links".*?</nav>', page, re.S)
    return re.findall(r'href="([^"]+)"', nav.group(0)) if nav else []


@pytest.mark.parametrize("who", ["student", "pupil", "president"])
def test_every_link_of_a_students_home_is_a_page_they_may_open(client, request, term, who):
    client.force_login(request.getfixturevalue(who))
    links = _links(client.get(HOME, **EN).text)
    for page in ("appeal_list", "club_list", "duty_list", "calendar", "poll_list", "proposal_list"):
        assert reverse(f"parliament:{page}") in links, page
    for link in links:
        assert client.get(link, **EN).status_code == 200, link


def test_the_social_pedagogue_finds_the_appeals_from_the_home(client, term, social_pedagogue):
    client.force_login(social_pedagogue)
    links = _links(client.get(HOME, **EN).text)
    assert reverse("parliament:appeal_list") in links
    for link in links:
        assert client.get(link, **EN).status_code == 200, link


def test_a_visitor_is_offered_to_sign_in(client, school, term):
    page = client.get(HOME, {"school": school.pk}, **EN).text
    assert _links(page) == []
    assert f'href="{reverse("login")}?next=' in page


def test_the_appeals_open_on_the_tab_that_has_something_in_it(client, school, term, social_pedagogue):
    client.force_login(social_pedagogue)
    AppealFactory(school=school, subject="Чечилген арыз", status="resolved", resolution="Чечилди")
    response = client.get(reverse("parliament:appeal_list"), **EN)
    assert response.context["status"] == "all"
    assert "Чечилген арыз" in response.text
    AppealFactory(school=school, subject="Жаңы арыз")
    response = client.get(reverse("parliament:appeal_list"), **EN)
    assert response.context["status"] == "open"
    assert [appeal.subject for appeal in response.context["appeals"]] == ["Жаңы арыз"]
