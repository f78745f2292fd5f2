"""`manage.py restore DIR`: a folder written by `manage.py backup` back into the configured database, which
must be empty, and the default storage (school_gov.backup). Every checksum is verified before anything is
written, and every table's row count compared with the manifest after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from school_gov.backup import BackupError, command_logs, restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder (manage.py backup) into the configured database, which must be empty, and "
        "the storage of uploaded files; checksums are verified first, row counts compared after."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR", help="A folder written by `manage.py backup`.")

    def handle(self, *args: Any, directory: str, verbosity: int = 1, **options: Any) -> None:
        log, detail = command_logs(self.stdout.write, verbosity)
        try:
            report = restore(Path(directory), log=log, detail=detail)
        except BackupError as error:
            raise CommandError(str(error)) from None
        log(
            f"Stored files: {report.written} written, {report.already_present} already there with the "
            "same content."
        )
        for note in report.notes:
            self.stderr.write(note)
        if report.differences:
            for difference in report.differences:
                self.stderr.write(f"  {difference}")
            raise CommandError(
                f"The restored database differs from the backup in {len(report.differences)} table(s) "
                "(above)."
            )
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored the backup of {report.created_at}: all {len(report.tables)} tables have the "
                    f"row counts of the backup ({report.rows} rows)."
                )
            )
