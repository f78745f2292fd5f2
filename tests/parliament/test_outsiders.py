"""The parliament is the school's own. District staff and the superuser read other schools' records
elsewhere (staff directory, methodology, the admin), but every parliament page of a school not their own
answers 404, as if it did not exist: no student's name leaves the school except on the public pages."""

import pytest
from django.urls import reverse

from school_gov.models import Role
from tests.factories import (
    AppealFactory,
    AppointmentFactory,
    CandidateFactory,
    ClubFactory,
    DutyAssignmentFactory,
    ElectionFactory,
    EventFactory,
    MeetingFactory,
    PollFactory,
    ProposalFactory,
    SchoolFactory,
    StaffFactory,
    UserFactory,
)


@pytest.fixture
def district_methodologist(school):
    """A district methodologist based at another school of the same district."""
    neighbour = SchoolFactory(district=school.district, name="Коңшу мектеп")
    user = UserFactory(username="district")
    AppointmentFactory(staff=StaffFactory(school=neighbour, user=user), role=Role.DISTRICT_METHODOLOGIST)
    return user


@pytest.fixture
def pages(school, term):
    """(pages looked at, addresses only posted to) of one school's parliament."""
    election = ElectionFactory(term=term, supervisor=term.adviser)
    event = EventFactory(school=school, term=term)
    looked_at = [
        reverse("parliament:event_detail", args=[event.pk]),
        reverse("parliament:event_edit", args=[event.pk]),
        reverse("parliament:election_detail", args=[election.pk]),
        reverse("parliament:poll_detail", args=[PollFactory(school=school, term=term).pk]),
        reverse("parliament:proposal_detail", args=[ProposalFactory(school=school).pk]),
        reverse("parliament:meeting_detail", args=[MeetingFactory(term=term).pk]),
        reverse("parliament:club_detail", args=[ClubFactory(school=school).pk]),
        reverse("parliament:appeal_detail", args=[AppealFactory(school=school).pk]),
    ]
    posted_to = [
        reverse("parliament:event_join", args=[event.pk]),
        reverse("parliament:duty_mark", args=[DutyAssignmentFactory(school=school).pk]),
        reverse("parliament:candidate_check", args=[CandidateFactory(election=election).pk]),
    ]
    return looked_at, posted_to


@pytest.mark.parametrize("who", ["district_methodologist", "superuser"])
def test_every_parliament_record_of_another_school_is_not_found(request, client, pages, who):
    looked_at, posted_to = pages
    client.force_login(request.getfixturevalue(who))
    assert {url: client.get(url).status_code for url in looked_at} == dict.fromkeys(looked_at, 404)
    assert {url: client.post(url).status_code for url in posted_to} == dict.fromkeys(posted_to, 404)


@pytest.mark.parametrize("who", ["district_methodologist", "superuser"])
@pytest.mark.parametrize("name", ["parliament:poll_list", "parliament:proposal_list"])
def test_the_lists_show_no_record_of_another_school(request, client, school, term, who, name):
    PollFactory(school=school, term=term, question="Кайсы ийрим керек?")
    ProposalFactory(school=school, title="Китепканага жаңы китептер")
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name))
    if response.status_code == 200:
        assert "Кайсы ийрим керек?" not in response.text
        assert "Китепканага жаңы китептер" not in response.text
    else:
        assert response.status_code in (403, 404)
