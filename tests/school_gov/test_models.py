import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from school_gov.models import Role, School, Staff, Tier, whole_months_between
from tests.factories import (
    AppointmentFactory,
    QuarterFactory,
    SchoolFactory,
    SchoolYearFactory,
    StaffFactory,
    StudentFactory,
    UserFactory,
)


class TestTiers:
    """SP-1.6, SP-1.7: grade tiers come from the school's bands."""

    @pytest.mark.parametrize(
        ("grade", "tier"),
        [
            (1, Tier.PARTICIPANT),
            (4, Tier.PARTICIPANT),
            (5, Tier.ORGANISER),
            (9, Tier.ORGANISER),
            (10, Tier.OFFICE_HOLDER),
            (12, Tier.OFFICE_HOLDER),
        ],
    )
    def test_default_bands(self, grade, tier):
        assert School(name="x").tier_of(grade) == tier

    @pytest.mark.parametrize(
        ("grade", "tier"),
        [(5, Tier.PARTICIPANT), (6, Tier.ORGANISER), (9, Tier.ORGANISER), (10, Tier.OFFICE_HOLDER)],
    )
    def test_twelve_year_reform_bands(self, grade, tier):
        school = School(name="x", organisers_from_grade=6, office_holders_from_grade=10)
        assert school.tier_of(grade) == tier

    def test_bands_out_of_order_are_refused_with_a_message(self):
        school = School(name="x", organisers_from_grade=8, office_holders_from_grade=7)
        with pytest.raises(ValidationError) as error:
            school.full_clean()
        assert "office_holders_from_grade" in error.value.message_dict

    def test_bands_out_of_order_are_refused_by_the_database(self, db):
        with pytest.raises(IntegrityError):
            SchoolFactory(organisers_from_grade=8, office_holders_from_grade=8)


class TestYearsInEducation:
    """MB-1.1 counts five full years in the education system on a given date."""

    def test_exactly_five_years_counts_as_five(self):
        staff = Staff(education_started_on=datetime.date(2020, 9, 1))
        service = staff.service_on(datetime.date(2025, 9, 1))
        assert service.years == 5
        assert service.at_least_years(5)

    def test_a_day_short_of_five_years_is_four(self):
        staff = Staff(education_started_on=datetime.date(2020, 9, 1))
        service = staff.service_on(datetime.date(2025, 8, 31))
        assert service.years == 4
        assert not service.at_least_years(5)

    def test_earlier_service_elsewhere_is_added(self):
        staff = Staff(
            education_started_on=datetime.date(2023, 9, 1),
            prior_service_years=2,
            prior_service_months=6,
        )
        assert staff.service_on(datetime.date(2026, 3, 1)).months == 30 + 30
        assert staff.service_on(datetime.date(2026, 3, 1)).at_least_years(5)
        assert not staff.service_on(datetime.date(2026, 2, 28)).at_least_years(5)

    def test_start_on_29_february_completes_its_year_on_1_march(self):
        assert whole_months_between(datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)) == (
            11,
            30,
        )
        assert whole_months_between(datetime.date(2024, 2, 29), datetime.date(2025, 3, 1)) == (
            12,
            0,
        )

    def test_a_date_before_the_start_counts_nothing(self):
        staff = Staff(education_started_on=datetime.date(2020, 9, 1))
        assert staff.service_on(datetime.date(2019, 1, 1)).months == 0


class TestSchoolCalendar:
    def test_a_year_that_ends_before_it_starts_is_refused(self, school):
        year = SchoolYearFactory.build(
            school=school, start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2026, 5, 25)
        )
        with pytest.raises(ValidationError) as error:
            year.full_clean()
        assert "end_date" in error.value.message_dict

    def test_only_one_current_year_per_school(self, school):
        SchoolYearFactory(school=school, start_date=datetime.date(2025, 9, 1), is_current=True)
        second = SchoolYearFactory.build(school=school, start_date=datetime.date(2026, 9, 1), is_current=True)
        with pytest.raises(ValidationError) as error:
            second.full_clean()
        assert "is_current" in error.value.message_dict
        with pytest.raises(IntegrityError):
            second.save()

    def test_overlapping_years_are_refused(self, school):
        SchoolYearFactory(school=school, start_date=datetime.date(2025, 9, 1))
        overlapping = SchoolYearFactory.build(
            school=school,
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 1),
            is_current=False,
        )
        with pytest.raises(ValidationError):
            overlapping.full_clean()

    def test_a_quarter_outside_its_year_is_refused(self, school):
        year = SchoolYearFactory(school=school)
        quarter = QuarterFactory.build(
            school_year=year,
            number=4,
            start_date=datetime.date(2027, 4, 1),
            end_date=datetime.date(2027, 6, 30),
        )
        with pytest.raises(ValidationError):
            quarter.full_clean()

    def test_quarter_on_a_date_finds_the_running_quarter_and_none_in_holidays(self, school):
        year = SchoolYearFactory(school=school)
        QuarterFactory(
            school_year=year,
            number=1,
            start_date=datetime.date(2026, 9, 1),
            end_date=datetime.date(2026, 10, 31),
        )
        assert year.quarter_on(datetime.date(2026, 10, 31)).number == 1
        assert year.quarter_on(datetime.date(2026, 11, 3)) is None


class TestAppointments:
    def test_two_directors_at_once_are_refused(self, school):
        AppointmentFactory(staff=StaffFactory(school=school), role=Role.DIRECTOR)
        second = AppointmentFactory.build(
            staff=StaffFactory(school=school),
            role=Role.DIRECTOR,
            starts_on=datetime.date(2026, 1, 1),
        )
        with pytest.raises(ValidationError):
            second.full_clean()

    def test_a_new_director_after_the_last_one_left_is_accepted(self, school):
        AppointmentFactory(
            staff=StaffFactory(school=school),
            role=Role.DIRECTOR,
            starts_on=datetime.date(2015, 9, 1),
            ends_on=datetime.date(2025, 8, 31),
        )
        AppointmentFactory.build(
            staff=StaffFactory(school=school),
            role=Role.DIRECTOR,
            starts_on=datetime.date(2025, 9, 1),
        ).full_clean()

    def test_the_same_appointment_twice_over_the_same_dates_is_refused(self, school):
        staff = StaffFactory(school=school)
        AppointmentFactory(staff=staff, role=Role.SOCIAL_PEDAGOGUE, starts_on=datetime.date(2025, 9, 1))
        again = AppointmentFactory.build(
            staff=staff, role=Role.SOCIAL_PEDAGOGUE, starts_on=datetime.date(2026, 1, 1)
        )
        with (
            translation.override("en"),
            pytest.raises(ValidationError, match="already holds this appointment"),
        ):
            again.full_clean()

    def test_one_class_teacher_per_class_at_a_time(self, school):
        AppointmentFactory(
            staff=StaffFactory(school=school, surname="Асанова"),
            role=Role.CLASS_TEACHER,
            class_grade=7,
            class_letter="Б",
            starts_on=datetime.date(2025, 9, 1),
        )
        rival = AppointmentFactory.build(
            staff=StaffFactory(school=school),
            role=Role.CLASS_TEACHER,
            class_grade=7,
            class_letter="Б",
            starts_on=datetime.date(2026, 1, 1),
        )
        with (
            translation.override("en"),
            pytest.raises(ValidationError, match="Асанова .* class teacher of 7-Б"),
        ):
            rival.full_clean()
        rival.class_letter = "В"
        rival.full_clean()  # another class is free

    def test_an_account_is_either_a_staff_members_or_a_students(self, school):
        user = UserFactory()
        StaffFactory(school=school, user=user)
        with translation.override("en"), pytest.raises(ValidationError, match="belongs to a staff member"):
            StudentFactory.build(school=school, user=user, grade=7).full_clean()
        other = UserFactory()
        StudentFactory(school=school, user=other, grade=7)
        with translation.override("en"), pytest.raises(ValidationError, match="belongs to a student"):
            StaffFactory.build(school=school, user=other).full_clean()

    def test_a_class_teacher_must_name_the_class(self, school):
        appointment = AppointmentFactory.build(staff=StaffFactory(school=school), role=Role.CLASS_TEACHER)
        with pytest.raises(ValidationError):
            appointment.full_clean()
        with pytest.raises(IntegrityError):
            appointment.save()

    def test_current_appointments_respect_their_dates(self, school):
        staff = StaffFactory(school=school)
        AppointmentFactory(
            staff=staff,
            role=Role.SOCIAL_PEDAGOGUE,
            starts_on=datetime.date(2024, 9, 1),
            ends_on=datetime.date(2025, 5, 31),
        )
        assert staff.appointments.current(datetime.date(2025, 5, 31)).count() == 1
        assert staff.appointments.current(datetime.date(2025, 6, 1)).count() == 0


class TestKyrgyzOrder:
    def test_names_sort_in_kyrgyz_alphabetical_order(self, school):
        # Kyrgyz order: ...н ң о ө п ... у ү ф ... я. Byte order would put ң ө ү after я.
        for surname in ["Яковлев", "Үсөнов", "Усенов", "Өмүров", "Омуров", "Ңаа", "Нуров"]:
            StaffFactory(school=school, surname=surname)
        surnames = list(Staff.objects.filter(school=school).values_list("surname", flat=True))
        assert surnames == ["Нуров", "Ңаа", "Омуров", "Өмүров", "Усенов", "Үсөнов", "Яковлев"]


def test_minutes_are_named_by_number_and_a_readable_date(db):
    from tests.factories import MinutesFactory

    minutes = MinutesFactory(number=3, held_on=datetime.date(2026, 11, 17))
    with translation.override("en"):
        assert str(minutes) == "Minutes № 3 of 17 November 2026"
