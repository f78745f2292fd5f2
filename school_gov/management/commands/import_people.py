from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from school_gov import roster
from school_gov.actions.people import describe_problems, import_people
from school_gov.models import School
from school_gov.people import person_of
from school_gov.refusals import Refused


def acting_person(username: str | None):
    """Who the command acts as: the account named, else the one active superuser there is."""
    users = get_user_model().objects.filter(is_active=True)
    if username:
        user = users.filter(username=username).first()
    else:
        superusers = list(users.filter(is_superuser=True)[:2])
        user = superusers[0] if len(superusers) == 1 else None
        if user is None:
            raise CommandError(_("Name the account the import is made by: --by USERNAME."))
    if user is None:
        raise CommandError(_("No active account is called %(name)s.") % {"name": username})
    return person_of(user)


class Command(BaseCommand):
    help = "Import a school's staff or students from a CSV or XLSX file (the admin's rules and messages)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--school", type=int, required=True)
        parser.add_argument("--kind", choices=roster.KINDS, required=True)
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; save nothing.")
        parser.add_argument("--by", help="The account the import is made by (default: the one superuser).")

    def handle(self, *args, file, school, kind, dry_run, by, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": file})
        school_row = School.objects.filter(pk=school).first()
        if school_row is None:
            raise CommandError(_("No school has the id %(id)s.") % {"id": school})
        data = path.read_bytes()
        if dry_run:
            try:
                comparison = roster.compare(roster.read_table(data, path.name), kind, school_row)
            except roster.TableError as error:
                raise CommandError(str(error)) from None
            if comparison.problems:
                raise CommandError(describe_problems(comparison.problems))
        else:
            try:
                comparison = import_people(
                    school_row, by=acting_person(by), kind=kind, data=data, filename=path.name
                )
            except Refused as error:
                raise CommandError(error.message) from None
        counts = comparison.counts()
        message = _("%(new)s added, %(changed)s changed, %(unchanged)s unchanged.") % counts
        if dry_run:
            message = _("Nothing was saved (a dry run): %(counts)s") % {"counts": message}
        self.stdout.write(message)
