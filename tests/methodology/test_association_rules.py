"""MB-1.1: the head has higher professional education and five full years in education."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from methodology.models import HeadAppointment, head_qualification_problems
from school_gov.models import EducationLevel
from tests.factories import (
    AssociationFactory,
    MembershipFactory,
    StaffFactory,
    WorkPlanFactory,
)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; the app's default language is Kyrgyz."""
    with translation.override("en"):
        yield


def _head(association, staff, on):
    return HeadAppointment(association=association, staff=staff, starts_on=on)


def test_a_head_with_exactly_five_years_is_appointed(school):
    association = AssociationFactory(school=school)
    staff = StaffFactory(school=school, education_started_on=datetime.date(2021, 9, 1))
    _head(association, staff, datetime.date(2026, 9, 1)).full_clean()


def test_a_head_a_day_short_of_five_years_is_refused_naming_the_years(school):
    association = AssociationFactory(school=school)
    staff = StaffFactory(school=school, education_started_on=datetime.date(2021, 9, 2))
    with pytest.raises(ValidationError) as error:
        _head(association, staff, datetime.date(2026, 9, 1)).full_clean()
    message = " ".join(error.value.message_dict["staff"])
    assert "MB-1.1" in message
    assert "4" in message


def test_a_head_without_higher_professional_education_is_refused_naming_it(school):
    association = AssociationFactory(school=school)
    staff = StaffFactory(
        school=school,
        education_level=EducationLevel.SECONDARY_PROFESSIONAL,
        education_started_on=datetime.date(2000, 9, 1),
    )
    problems = head_qualification_problems(staff, datetime.date(2026, 9, 1))
    assert len(problems) == 1
    with pytest.raises(ValidationError):
        _head(association, staff, datetime.date(2026, 9, 1)).full_clean()


def test_both_shortcomings_are_named(school):
    staff = StaffFactory(
        school=school,
        education_level=EducationLevel.INCOMPLETE_HIGHER,
        education_started_on=datetime.date(2024, 9, 1),
    )
    assert len(head_qualification_problems(staff, datetime.date(2026, 9, 1))) == 2


def test_a_head_whose_record_is_corrected_is_flagged(association, head):
    appointment = association.head_on()
    assert appointment.qualification_problems() == []
    head.staff.education_level = EducationLevel.SECONDARY_PROFESSIONAL
    head.staff.save()
    appointment.staff.refresh_from_db()
    assert appointment.qualification_problems() != []


def test_two_heads_at_once_are_refused(association, school):
    other = StaffFactory(school=school, education_started_on=datetime.date(2005, 9, 1))
    with pytest.raises(ValidationError):
        _head(association, other, datetime.date(2026, 9, 1)).full_clean()


def test_a_head_from_another_school_is_refused(association, other_school):
    stranger = StaffFactory(school=other_school)
    HeadAppointment.objects.filter(association=association).update(ends_on=datetime.date(2021, 1, 1))
    with pytest.raises(ValidationError) as error:
        _head(association, stranger, datetime.date(2026, 9, 1)).full_clean()
    assert "staff" in error.value.message_dict


def test_member_staff_includes_the_head_and_current_members(association, head, teacher, school):
    former = StaffFactory(school=school)
    MembershipFactory(
        association=association,
        staff=former,
        starts_on=datetime.date(2019, 9, 1),
        ends_on=datetime.date(2020, 5, 25),
    )
    assert set(association.member_staff()) == {head.staff, teacher.staff}


def test_one_plan_per_association_and_period(plan):
    with pytest.raises(IntegrityError):
        WorkPlanFactory(
            association=plan.association,
            school_year=plan.school_year,
            period_start=plan.period_start,
            period_end=plan.period_end,
        )
