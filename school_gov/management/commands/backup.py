"""`manage.py backup DIR`: the database, every stored file and a manifest with their checksums, into a new
or empty folder (school_gov.backup). `manage.py restore DIR` puts it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from school_gov.backup import MANIFEST, BackupError, backup, command_logs, human_size


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump, or SQLite's backup API) and every stored file into DIR, a new or "
        "empty folder, with a manifest of row counts and checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR", help="A folder that does not exist yet, or is empty.")

    def handle(self, *args: Any, directory: str, verbosity: int = 1, **options: Any) -> None:
        log, detail = command_logs(self.stdout.write, verbosity)
        try:
            report = backup(Path(directory), log=log, detail=detail)
        except BackupError as error:
            raise CommandError(str(error)) from None
        for name in report.skipped:
            self.stderr.write(f"Not copied (removed from the storage during the backup): {name}")
        log(
            f"Database ({report.vendor}): {report.database_file}, {human_size(report.database_size)}; "
            f"{len(report.tables)} tables, {report.rows} rows."
        )
        log(f"Stored files: {len(report.files)} in media/, {human_size(report.media_size)}.")
        log(f"Manifest: {MANIFEST}.")
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Backup written to {report.directory.resolve()}."))
