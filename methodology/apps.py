from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the methodology's records grant each role in the admin (school_gov.roles collects them).
READ = (
    "methodology.view_association",
    "methodology.view_membership",
    "methodology.view_headappointment",
    "methodology.view_workplan",
    "methodology.view_planitem",
    "methodology.view_plancomment",
    "methodology.view_yearendreport",
    "methodology.view_lessonobservation",
)
# Keeping associations, their heads (MB-1.1) and members. Plans and reports are only viewed in the admin:
# the workflow buttons post to their own addresses, guarded by the actions' predicates.
KEEP_ASSOCIATIONS = (
    "methodology.add_association",
    "methodology.change_association",
    "methodology.add_membership",
    "methodology.change_membership",
    "methodology.delete_membership",
    "methodology.add_headappointment",
    "methodology.change_headappointment",
)


class MethodologyConfig(AppConfig):
    name = "methodology"
    verbose_name = _("Methodological associations")

    # Role name (school_gov.roles) → the model permissions of this app that the role grants.
    role_permissions = {
        "administrator": READ,
        "director": (*READ, *KEEP_ASSOCIATIONS),
        "deputy_director": (*READ, *KEEP_ASSOCIATIONS),
        "district_methodologist": READ,  # MB-5.2: reads the district's schools, never writes
    }

    def ready(self) -> None:
        from methodology.models.plans import reschedule
        from school_gov.deadlines import calendar_changed

        calendar_changed.connect(reschedule, dispatch_uid="methodology_reschedule_plans")
