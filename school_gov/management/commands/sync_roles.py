from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from school_gov.roles import ROLES, sync_groups


class Command(BaseCommand):
    help = "Create or update the role groups and their permissions from school_gov/roles.py."

    def handle(self, *args, **options) -> None:
        sync_groups()
        self.stdout.write(_("%(count)d role groups are up to date.") % {"count": len(ROLES)})
