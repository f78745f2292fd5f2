from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class SchoolGovConfig(AppConfig):
    default = True
    name = "school_gov"
    verbose_name = _("School")

    def ready(self) -> None:
        from school_gov.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="ky_collation")

        from django.db.models.signals import post_delete

        from school_gov.files import forget_file

        post_delete.connect(forget_file, dispatch_uid="school_gov_forget_file")


class SchoolAdminConfig(admin_apps.AdminConfig):
    default = False
    """The default admin site, titled with the app's name and open to people by role."""

    default_site = "school_gov.sites.SchoolAdminSite"
