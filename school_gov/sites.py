from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from school_gov.roles import uses_admin


class SchoolAdminSite(admin.AdminSite):
    """The admin, titled with the app's name, open to the people whose role works here."""

    site_header = _("School governance records")
    site_title = _("School governance records")
    index_title = _("Administration")

    def has_permission(self, request) -> bool:
        """The director, the deputy and the district work here by role, without an is_staff flag."""
        return uses_admin(request.person)
