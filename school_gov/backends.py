from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from school_gov.people import person_of
from school_gov.roles import ROLES


class RoleBackend(ModelBackend):
    """ModelBackend whose group permissions come from the roles a user holds today, and which signs in
    by username or by e-mail address.

    Group membership is not stored per user: a person's current appointments and records decide their
    roles (school_gov.people.Person.roles), and each role's group carries its model permissions.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        """An address with "@" signs in the one account that has it (none when two accounts share it)."""
        if username and "@" in username:
            matches = list(
                get_user_model()
                .objects.filter(email__iexact=username.strip())
                .values_list("username", flat=True)[:2]
            )
            if len(matches) == 1:
                username = matches[0]
        return super().authenticate(request, username=username, password=password, **kwargs)

    def _get_group_permissions(self, user_obj):
        groups = [ROLES[name].group for name in person_of(user_obj).roles]
        return Permission.objects.filter(group__name__in=groups)
