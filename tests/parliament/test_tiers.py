"""Grade tiers (SP-1.6, SP-1.7): anyone takes part in an event, the organiser band and above organise
one, only the office-holder band holds an office; every refusal names the grade and the band."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from parliament.models import Event
from parliament.models.events import organiser_problems
from parliament.models.terms import require_office_holder
from school_gov.models import Tier
from tests.factories import (
    EventFactory,
    MinistryFactory,
    OfficeFactory,
    SchoolFactory,
    StudentFactory,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize(
    ("grade", "tier"),
    [
        (1, Tier.PARTICIPANT),
        (4, Tier.PARTICIPANT),
        (5, Tier.ORGANISER),
        (9, Tier.ORGANISER),
        (10, Tier.OFFICE_HOLDER),
        (11, Tier.OFFICE_HOLDER),
        (12, Tier.OFFICE_HOLDER),
    ],
)
def test_the_default_bands_are_1_to_4_5_to_9_and_10_up(db, grade, tier):
    assert SchoolFactory().tier_of(grade) == tier


@pytest.mark.parametrize(
    ("grade", "tier"),
    [(5, Tier.PARTICIPANT), (6, Tier.ORGANISER), (9, Tier.ORGANISER), (10, Tier.OFFICE_HOLDER)],
)
def test_a_school_of_the_12_year_reform_moves_its_bands(db, grade, tier):
    school = SchoolFactory(organisers_from_grade=6, office_holders_from_grade=10)
    assert school.tier_of(grade) == tier


def test_a_students_tier_follows_their_grade_and_their_schools_bands(db):
    school = SchoolFactory(organisers_from_grade=6, office_holders_from_grade=11)
    assert StudentFactory(school=school, grade=5).tier == Tier.PARTICIPANT
    assert StudentFactory(school=school, grade=10).tier == Tier.ORGANISER
    assert StudentFactory(school=school, grade=11).tier == Tier.OFFICE_HOLDER


# Taking part: anyone


def test_a_grade_3_pupil_may_take_part_in_an_event(client, pupil, school):
    event = EventFactory(school=school, audience_from_grade=1, audience_to_grade=11)
    client.force_login(pupil)
    client.post(reverse("parliament:event_join", args=[event.pk]))
    assert list(event.participants.all()) == [pupil.student]


# Organising: the organiser band and above


def test_organiser_problems_name_the_student_the_grade_and_the_band(db, pupil):
    problems = organiser_problems([pupil.student])
    assert problems == [
        f"{pupil.student.full_name} is in grade 3; students organise events from grade 5 "
        "and take part in them before that."
    ]


def test_students_of_the_organiser_and_office_holder_bands_may_organise(db, student, president):
    assert organiser_problems([student.student, president.student]) == []


def test_the_organiser_band_is_the_schools_setting(db):
    school = SchoolFactory(organisers_from_grade=6, office_holders_from_grade=10)
    fifth_grader = StudentFactory(school=school, grade=5)
    assert "from grade 6" in organiser_problems([fifth_grader])[0]
    assert "grade 5" in organiser_problems([fifth_grader])[0]


def test_a_grade_3_organiser_is_refused_on_the_site_and_nothing_is_saved(
    client, school, term, adviser, pupil
):
    client.force_login(adviser)
    start = timezone.localtime() + datetime.timedelta(days=5)
    response = client.post(
        reverse("parliament:event_create"),
        {
            "title": "Күз майрамы",
            "kind": "evening",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "organisers": [pupil.student.pk],
            "audience_from_grade": 1,
            "audience_to_grade": 11,
        },
        **EN,
    )
    assert response.status_code == 200
    assert "is in grade 3; students organise events from grade 5" in response.text
    # next to the field too, though no student of the organiser band is there to offer
    field = response.text.split('id="div_id_organisers"')[1].split('id="div_id_responsible_teacher"')[0]
    assert "is in grade 3; students organise events from grade 5" in field
    assert not Event.objects.exists()


def test_a_grade_3_pupil_may_not_open_the_new_event_page_and_is_told_why(client, school, term, pupil):
    client.force_login(pupil)
    response = client.get(reverse("parliament:event_create"), **EN)
    assert response.status_code == 403
    assert "is in grade 3; students organise events from grade 5" in response.text


# Offices: the office-holder band


def test_require_office_holder_names_the_student_the_grade_and_the_band(db, student):
    with pytest.raises(ValidationError) as refused:
        require_office_holder(student.student, "student")
    assert refused.value.message_dict == {
        "student": [
            f"{student.student.full_name} is in grade 7; offices in the parliament are held from grade 10."
        ]
    }


def test_a_grade_7_student_may_not_be_president(db, term, student):
    office = OfficeFactory.build(term=term, student=student.student, kind="president")
    with pytest.raises(ValidationError) as refused:
        office.full_clean()
    assert "is in grade 7; offices in the parliament are held from grade 10" in str(refused.value)


def test_a_grade_7_student_may_not_be_a_minister(db, term, student):
    ministry = MinistryFactory.build(term=term, minister=student.student)
    with pytest.raises(ValidationError) as refused:
        ministry.full_clean()
    assert "is in grade 7; offices in the parliament are held from grade 10" in str(refused.value)


def test_a_grade_11_student_may_be_president(db, term, president):
    OfficeFactory.build(term=term, student=president.student, kind="president").full_clean()


def test_the_office_holder_band_is_the_schools_setting(db):
    school = SchoolFactory(organisers_from_grade=6, office_holders_from_grade=11)
    tenth_grader = StudentFactory(school=school, grade=10)
    with pytest.raises(ValidationError, match="grade 10; offices in the parliament are held from grade 11"):
        require_office_holder(tenth_grader, "student")
