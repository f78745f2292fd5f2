from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the parliament's records grant each role in the admin (school_gov.roles collects them).
READ = (
    "parliament.view_term",
    "parliament.view_office",
    "parliament.view_ministry",
    "parliament.view_election",
    "parliament.view_candidate",
    "parliament.view_event",
    "parliament.view_dutyassignment",
    "parliament.view_meeting",
    "parliament.view_poll",
    "parliament.view_proposal",
    "parliament.view_club",
)
# The school's leaders set up the parliament's frame: its term and adviser, offices after an election,
# ministries, the election's dates and grades, events, the duty roster and clubs.
KEEP = (
    "parliament.add_term",
    "parliament.change_term",
    "parliament.add_office",
    "parliament.change_office",
    "parliament.add_ministry",
    "parliament.change_ministry",
    "parliament.add_election",
    "parliament.change_election",
    "parliament.add_event",
    "parliament.change_event",
    "parliament.add_dutyassignment",
    "parliament.change_dutyassignment",
    "parliament.add_club",
    "parliament.change_club",
)


class ParliamentConfig(AppConfig):
    name = "parliament"
    verbose_name = _("School parliament")

    # Role name (school_gov.roles) → the model permissions of this app that the role grants.
    role_permissions = {
        "director": (*READ, *KEEP),
        "deputy_director": (*READ, *KEEP),
    }

    def ready(self) -> None:
        from school_gov import audit

        # SP-3.3: who filed or opened an appeal is seen only on the appeal, by its handlers.
        audit.keep_confidential("parliament.appeal.")
