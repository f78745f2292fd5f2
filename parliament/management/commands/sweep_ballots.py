from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from parliament import secrecy


class Command(BaseCommand):
    help = _(
        "Remove the old row versions of the vote and poll counters, the last trace linking a vote to a "
        "voter in the database (PostgreSQL). Schedule it, e.g. hourly, and after polls close."
    )

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                _("Only PostgreSQL keeps old row versions; nothing to sweep on %(vendor)s.")
                % {"vendor": connection.vendor}
            )
        secrecy.sweep()
        if options["verbosity"]:
            self.stdout.write(_("The vote and poll counters are rewritten without their old versions."))
