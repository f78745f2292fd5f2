import datetime

import pytest
from django.contrib.auth.models import Group

from school_gov import roles
from school_gov.models import Role
from school_gov.roles import ROLES, uses_admin
from tests.factories import AppointmentFactory, StaffFactory, UserFactory
from tests.steps import act


@pytest.mark.django_db
def test_the_migration_creates_one_group_per_role_with_its_permissions():
    for spec in ROLES.values():
        group = Group.objects.get(name=spec.group)
        granted = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list("content_type__app_label", "codename")
        }
        assert granted == set(roles.granted(spec.name)), spec.name


@pytest.mark.django_db
def test_district_methodologist_group_only_reads():
    group = Group.objects.get(name=ROLES[roles.DISTRICT_METHODOLOGIST].group)
    assert group.permissions.exists()
    assert not group.permissions.exclude(codename__startswith="view_").exists()


def test_roles_come_from_records_and_current_appointments(director, deputy, teacher, student):
    assert act(director).roles == {roles.TEACHER, roles.DIRECTOR}
    assert act(deputy).roles == {roles.TEACHER, roles.DEPUTY_DIRECTOR}
    assert act(teacher).roles == {roles.TEACHER}
    assert act(student).roles == {roles.STUDENT}


def test_an_ended_appointment_takes_its_rights_with_it(school):
    user = UserFactory(username="former")
    staff = StaffFactory(school=school, user=user)
    AppointmentFactory(
        staff=staff,
        role=Role.DIRECTOR,
        starts_on=datetime.date(2015, 9, 1),
        ends_on=datetime.date(2020, 8, 31),
    )
    assert roles.DIRECTOR not in act(user).roles
    assert not user.has_perm("school_gov.change_staff")
    assert not uses_admin(act(user))


def test_a_director_gets_the_groups_permissions_without_being_a_member(director):
    assert not director.groups.exists()
    assert director.has_perm("school_gov.change_staff")
    assert not director.has_perm("school_gov.delete_staff")


def test_teachers_and_students_do_not_use_the_admin(teacher, student):
    assert not uses_admin(act(teacher))
    assert not uses_admin(act(student))


def test_an_account_without_records_has_no_role(db):
    assert act(UserFactory(username="nobody")).roles == frozenset()


def test_sync_roles_command_restores_a_damaged_group(db):
    from django.core.management import call_command

    group = Group.objects.get(name=ROLES[roles.DIRECTOR].group)
    group.permissions.clear()
    call_command("sync_roles", verbosity=0)
    assert group.permissions.count() == len(roles.granted(roles.DIRECTOR))
