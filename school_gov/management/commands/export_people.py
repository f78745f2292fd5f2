from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from school_gov import roster
from school_gov.models import School


class Command(BaseCommand):
    help = "Export a school's staff or students to a CSV or XLSX file, in the import template's columns."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The format follows the extension: .csv or .xlsx.")
        parser.add_argument("--school", type=int, required=True)
        parser.add_argument("--kind", choices=roster.KINDS, required=True)

    def handle(self, *args, file, school, kind, **options):
        path = Path(file)
        school_row = School.objects.filter(pk=school).first()
        if school_row is None:
            raise CommandError(_("No school has the id %(id)s.") % {"id": school})
        rows = roster.rows_for_export(kind, school_row)
        if path.suffix.lower() == ".xlsx":
            path.write_bytes(roster.write_xlsx(rows))
        elif path.suffix.lower() == ".csv":
            path.write_bytes(roster.write_csv(rows))
        else:
            raise CommandError(_("Name the file .csv or .xlsx."))
        self.stdout.write(_("%(count)s rows written to %(path)s.") % {"count": len(rows) - 1, "path": path})
