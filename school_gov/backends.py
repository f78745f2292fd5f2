from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from school_gov.people import person_of
from school_gov.roles import ROLES


class RoleBackend(ModelBackend):
    """ModelBackend whose group permissions come from the roles a user holds today.

    Group membership is not stored per user: a person's current appointments and records decide their
    roles (school_gov.people.Person.roles), and each role's group carries its model permissions.
    """

    def _get_group_permissions(self, user_obj):
        groups = [ROLES[name].group for name in person_of(user_obj).roles]
        return Permission.objects.filter(group__name__in=groups)
