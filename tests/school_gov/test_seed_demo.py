"""manage.py seed_demo: the demo school it builds, that a seed repeats it, and when it refuses."""

from __future__ import annotations

import datetime
import io
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from school_gov import audit
from school_gov.models import (
    Appointment,
    AuditEvent,
    District,
    EducationLevel,
    Quarter,
    Role,
    School,
    SchoolYear,
    Staff,
    Student,
    User,
)
from tests.steps import act

DEMO_USERNAMES = {
    "admin",
    "director",
    "deputy",
    "head",
    "teacher",
    "methodologist",
    "president",
    "student",
    "pupil",
}


@pytest.fixture(autouse=True)
def _demo_settings(settings):
    settings.DEBUG = True
    # The command hashes "demo" once per run with the default (deliberately slow) hasher; these
    # tests run it often. check_password() works the same with any hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args: str, **options: object) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (District, School, SchoolYear, Quarter, Staff, Student, Appointment, User, AuditEvent)
    return {model.__name__: model._base_manager.count() for model in models}


def nothing_written() -> dict[str, int]:
    return dict.fromkeys(counts(), 0)


def people() -> list[tuple]:
    """Names and dates of everyone, in the order the command made them (pks differ after a reset)."""
    staff = Staff.objects.order_by("pk").values_list(
        "surname", "name", "patronymic", "subjects", "education_started_on"
    )
    students = Student.objects.order_by("pk").values_list(
        "surname", "name", "patronymic", "grade", "class_letter"
    )
    appointments = Appointment.objects.order_by("pk").values_list(
        "staff__surname", "role", "starts_on", "class_grade", "class_letter"
    )
    return [*staff, *students, *appointments]


def record_of(username: str) -> Staff | Student:
    user = User.objects.get(username=username)
    return Staff.objects.filter(user=user).first() or Student.objects.get(user=user)


@pytest.mark.django_db
def test_seed_builds_one_school_with_two_years_of_four_quarters():
    seed()

    today = timezone.localdate()
    school = School.objects.get()
    assert school.name == "Калыгул Жусупов атындагы орто мектеби"
    assert school.district.name == "Ат-Башы району"
    current, previous = school.years.order_by("-start_date")
    assert current.is_current and not previous.is_current
    assert current.start_date.month == 9 and current.start_date.day == 1
    assert current.start_date <= today < current.start_date.replace(year=current.start_date.year + 1)
    assert current.end_date == datetime.date(current.start_date.year + 1, 5, 25)
    assert previous.start_date == current.start_date.replace(year=current.start_date.year - 1)
    for year in (current, previous):
        quarters = list(year.quarters.order_by("number"))
        assert [q.number for q in quarters] == [1, 2, 3, 4]
        assert quarters[0].start_date == year.start_date
        assert quarters[-1].end_date == year.end_date
        assert all(a.end_date < b.start_date for a, b in pairwise(quarters))


@pytest.mark.django_db
def test_seed_builds_a_school_sized_staff_and_student_body():
    seed()

    assert 35 <= Staff.objects.count() <= 45
    assert 550 <= Student.objects.count() <= 650
    assert set(Student.objects.values_list("grade", flat=True)) == set(range(1, 12))
    assert set(Student.objects.values_list("class_letter", flat=True)) <= {"А", "Б", "В"}
    assert Staff.objects.filter(education_level=EducationLevel.HIGHER_PROFESSIONAL).count() > 20


@pytest.mark.django_db
def test_seed_appoints_one_director_one_deputy_and_a_class_teacher_for_every_class():
    seed()

    current = Appointment.objects.current()
    assert current.filter(role=Role.DIRECTOR).count() == 1
    assert current.filter(role=Role.DEPUTY_DIRECTOR).count() == 1
    assert current.filter(role=Role.SOCIAL_PEDAGOGUE).count() == 1
    assert current.filter(role=Role.DISTRICT_METHODOLOGIST).count() == 1
    led = set(current.filter(role=Role.CLASS_TEACHER).values_list("class_grade", "class_letter"))
    classes = set(Student.objects.values_list("grade", "class_letter"))
    assert led == classes
    assert current.filter(role=Role.CLASS_TEACHER).count() == len(classes)


@pytest.mark.django_db
def test_demo_accounts_are_linked_to_the_right_records():
    seed()

    today = timezone.localdate()
    assert set(User.objects.values_list("username", flat=True)) == DEMO_USERNAMES
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not Staff.objects.filter(user=admin).exists()
    assert not Student.objects.filter(user=admin).exists()
    current = Appointment.objects.current()
    assert current.get(role=Role.DIRECTOR).staff == record_of("director")
    assert current.get(role=Role.DEPUTY_DIRECTOR).staff == record_of("deputy")
    assert current.get(role=Role.DISTRICT_METHODOLOGIST).staff == record_of("methodologist")
    assert record_of("president").grade == 11
    assert record_of("student").grade == 7
    assert record_of("pupil").grade == 3
    head, teacher = record_of("head"), record_of("teacher")
    assert head.has_higher_professional_education
    assert head.service_on(today).at_least_years(5)
    assert teacher != head
    assert teacher.subjects == head.subjects


@pytest.mark.django_db
def test_every_demo_account_signs_in_with_password_demo_and_carries_its_name():
    seed()

    for user in User.objects.all():
        assert user.check_password("demo")
        if user.username != "admin":
            record = record_of(user.username)
            assert (user.first_name, user.last_name) == (record.name, record.surname)


@pytest.mark.django_db
def test_seed_prints_the_demo_sign_ins():
    output = seed()

    for username in DEMO_USERNAMES:
        assert username in output
    assert record_of("director").full_name in output
    assert output.count("demo") >= len(DEMO_USERNAMES)


@pytest.mark.django_db
def test_same_seed_builds_the_same_school():
    seed("--seed", "7")
    first = people()

    seed("--seed", "7", "--reset")

    assert people() == first


@pytest.mark.django_db
def test_different_seed_builds_different_names():
    seed("--seed", "1")
    first = people()

    seed("--seed", "2", "--reset")

    assert people() != first


@pytest.mark.django_db
def test_three_schools_share_the_district_and_only_the_first_has_demo_accounts():
    seed("--schools", "3")

    first = School.objects.get(name="Калыгул Жусупов атындагы орто мектеби")
    assert School.objects.count() == 3
    assert District.objects.count() == 1
    assert len(set(School.objects.values_list("name", flat=True))) == 3
    assert SchoolYear.objects.count() == 6
    assert Quarter.objects.count() == 24
    for school in School.objects.all():
        assert 35 <= school.staff.count() <= 45
        assert 550 <= school.students.count() <= 650
        directors = Appointment.objects.current().filter(staff__school=school, role=Role.DIRECTOR)
        assert directors.count() == 1
    linked_staff = Staff.objects.filter(user__isnull=False)
    linked_students = Student.objects.filter(user__isnull=False)
    assert set(linked_staff.values_list("school", flat=True)) == {first.pk}
    assert set(linked_students.values_list("school", flat=True)) == {first.pk}
    assert User.objects.count() == len(DEMO_USERNAMES)
    methodologists = Appointment.objects.filter(role=Role.DISTRICT_METHODOLOGIST)
    assert [a.staff.school for a in methodologists] == [first]


@pytest.mark.django_db
def test_second_run_without_reset_refuses_and_changes_nothing():
    seed()
    before = counts()
    names = people()

    with pytest.raises(CommandError, match="--reset"):
        seed("--seed", "2")

    assert counts() == before
    assert people() == names


@pytest.mark.django_db
def test_if_empty_leaves_an_existing_school_alone():
    seed()
    before = counts()

    seed("--if-empty", "--seed", "2")

    assert counts() == before


@pytest.mark.django_db
def test_reset_clears_the_audit_trail_that_protects_schools():
    seed()
    school = School.objects.get()
    audit.record(act(User.objects.get(username="director")), "school_gov.school.changed", school)

    seed("--reset")

    assert not AuditEvent._base_manager.filter(action="school_gov.school.changed").exists()
    assert not AuditEvent._base_manager.filter(school_id=school.pk).exists()
    assert School.objects.count() == 1
    assert School.objects.get().pk != school.pk


@pytest.mark.django_db
def test_an_existing_demo_username_refuses_and_writes_nothing():
    User.objects.create_user("admin", password="something else")

    with pytest.raises(CommandError, match="admin"):
        seed()

    assert counts() == {**nothing_written(), "User": 1}


@pytest.mark.django_db
def test_debug_off_refuses_without_force_and_writes_nothing(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        seed()

    assert counts() == nothing_written()


@pytest.mark.django_db
def test_debug_off_builds_with_force(settings):
    settings.DEBUG = False

    seed("--force")

    assert School.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ["--schools", "0"],
        ["--schools", "-3"],
        ["--schools", "201"],
        ["--seed", "abc"],
    ],
)
def test_bad_arguments_refuse_and_write_nothing(args):
    with pytest.raises(CommandError, match=args[0]):
        seed(*args)

    assert counts() == nothing_written()


@pytest.mark.django_db
def test_bad_keyword_options_refuse_and_write_nothing():
    # call_command's keyword options skip argparse's type checks; the command checks them itself.
    with pytest.raises(CommandError, match="--schools"):
        seed(schools=0)
    with pytest.raises(CommandError, match="--seed"):
        seed(seed="abc")

    assert counts() == nothing_written()
