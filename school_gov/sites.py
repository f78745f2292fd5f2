from urllib.parse import urlsplit

from django.conf import settings
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


# The site's own address (SITE_URL): links in e-mails, calendar feeds and PDFs are built from it, never
# from the request's Host header, whose port (or whole name, behind a careless proxy) a visitor chooses
# (issue 16).


def site_url(path: str = "/") -> str:
    """The absolute address of `path` (an absolute path, "/parliament/…") at the configured site; any
    other value (already absolute, or empty) is returned as it is."""
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


def site_host() -> str:
    """The configured site's host (and port, when SITE_URL names one): the domain part of iCal UIDs."""
    return urlsplit(settings.SITE_URL).netloc
