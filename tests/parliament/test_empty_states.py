"""An empty list tells the student what will appear there and when (issue 15, part 5), instead of a bare
"nothing yet": before the school's first poll, proposal, minutes, appeal or club."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EMPTY = [
    ("parliament:poll_list", "When the parliament or the school asks your grade a question, it appears here"),
    ("parliament:proposal_list", "Any student may propose something to the parliament"),
    ("parliament:meeting_list", "each meeting appears here once its minutes are written"),
    ("parliament:appeal_list", "An appeal you file appears here, with its answer"),
    ("parliament:club_list", "it appears here and you may ask to join"),
]


@pytest.mark.parametrize(("name", "sentence"), EMPTY, ids=[e[0] for e in EMPTY])
def test_an_empty_list_says_what_will_appear_there(client, term, student, name, sentence):
    client.force_login(student)
    response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert sentence in response.content.decode()
