"""`manage.py backup DIR` and `manage.py restore DIR`: the database and the uploaded files in one folder,
with a manifest that proves the copy whole.

What a backup folder holds:

- `database.dump` (PostgreSQL: `pg_dump`'s custom format) or `database.sqlite3` (SQLite: a copy made
  through sqlite3's online backup API);
- `media/<name>`: every file of the default storage (the file system under MEDIA_ROOT or the S3 bucket),
  read through the Storage API alone, under its stored name;
- `manifest.json`: the format's version, when (UTC), the database vendor, the latest migration applied per
  app, the row count of every table, and the size and SHA-256 of the database file and of every file.

The row counts and the dump are one moment: on PostgreSQL the counts are read in a REPEATABLE READ
transaction whose snapshot `pg_dump --snapshot` dumps; on SQLite they are read from the copy itself. The
files are copied before the database and once more after it (those that appeared meanwhile), so every row
of the dump finds its file: a file is stored before its row commits and removed only after its row is gone.

A restore refuses, before it changes anything, a folder whose manifest is missing or whose files do not
match it (naming the file), a database of another vendor, a database that has any table, and a stored file
of the same name with other content. It then loads the database (`pg_restore` in one transaction, or the
backup API), writes the files back through `default_storage.save` under their own names, and compares
every table's row count with the manifest.

Every file the backup writes is readable by its owner only: a backup holds everything the app keeps (the
turnout roll and the tally counters of an election under way among it).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

FORMAT = "school-gov-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
PG_DUMP_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"
CHUNK = 1024 * 1024
# Backups are as confidential as the database: folders and files for their owner alone.
DIRECTORY_MODE = 0o700
FILE_MODE = 0o600
# Connection options of Django's PostgreSQL backend that libpq's tools read from the environment.
PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}

Log = Callable[[str], None]


class BackupError(Exception):
    """A backup or a restore refused, or failed, with the reason for the administrator."""


@dataclass(frozen=True)
class StoredFile:
    name: str
    size: int
    sha256: str


@dataclass
class BackupReport:
    directory: Path
    vendor: str
    database_file: str
    database_size: int
    tables: dict[str, int]
    files: list[StoredFile]
    skipped: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @property
    def media_size(self) -> int:
        return sum(stored.size for stored in self.files)


@dataclass
class RestoreReport:
    created_at: str
    vendor: str
    tables: dict[str, int]
    differences: list[str]
    written: int
    already_present: int
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _quiet(message: str) -> None:
    return None


# Sizes, checksums, files


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TB"  # pragma: no cover — the loop returns at GB


def _digest_of_stream(stream: Any) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def file_digest(path: Path) -> tuple[int, str]:
    """The size and SHA-256 of a local file."""
    with path.open("rb") as stream:
        return _digest_of_stream(stream)


def _private_file(path: Path) -> Any:
    """A new file, for its owner only, opened for writing (refuses to overwrite one)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    return os.fdopen(descriptor, "wb")


def _checked_name(name: str) -> PurePosixPath:
    """A stored name as a relative path that stays inside the media folder, or BackupError."""
    if not name or "\\" in name or "\x00" in name:
        raise BackupError(f"The stored name {name!r} cannot be kept in a backup folder.")
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")):
        raise BackupError(f"The stored name {name!r} is not a plain relative path.")
    return path


def _local(directory: Path, name: str) -> Path:
    return directory / MEDIA / Path(*_checked_name(name).parts)


# The default storage's files


def walk_storage(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage, through `listdir` alone (the file system or a bucket)."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder}/" if folder else ""
    # A bucket's zero-byte "folder" markers come back as "" or "." (django-storages): no file of their own.
    for name in sorted(names):
        if name not in ("", "."):
            yield prefix + name
    for child in sorted(folders):
        if child not in ("", "."):
            yield from walk_storage(storage, prefix + child)


def _copy_media(
    storage: Storage, directory: Path, done: dict[str, StoredFile], skipped: list[str], log: Log
) -> None:
    """Copy every stored file not copied yet to DIR/media/<name>, hashing it on the way."""
    for name in walk_storage(storage):
        if name in done:
            continue
        target = _local(directory, name)
        target.parent.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
        try:
            source = storage.open(name, "rb")
        except FileNotFoundError:
            # Removed between the listing and now: its row was deleted before (files go after their rows).
            skipped.append(name)
            continue
        digest, size = hashlib.sha256(), 0
        with source, _private_file(target) as out:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        done[name] = StoredFile(name=name, size=size, sha256=digest.hexdigest())
        log(f"  media/{name} ({human_size(size)})")


# Counting rows and reading the migrations: one helper for every DB-API cursor


def _quoted(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def _count_rows(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quoted(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _migrations(cursor: Any, tables: list[str]) -> dict[str, dict[str, Any]]:
    """Per app, the latest migration applied (by when it was applied) and how many are."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY applied, id")
    state: dict[str, dict[str, Any]] = {}
    for app, name in cursor.fetchall():
        entry = state.setdefault(app, {"latest": name, "applied": 0})
        entry["latest"] = name
        entry["applied"] += 1
    return dict(sorted(state.items()))


def _tables_to_count(existing: list[str]) -> list[str]:
    """Every table of the database: the table of every installed model that is migrated (the auto-created
    many-to-many tables among them), and the others (django_migrations)."""
    return sorted(set(existing))


# PostgreSQL


def _pg_connection(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """The arguments and the environment that point libpq's tools at the configured database. The password
    goes only in the environment (PGPASSWORD), never on a command line that `ps` shows."""
    arguments = ["--no-password"]
    if settings_dict.get("HOST"):
        arguments += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        arguments += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        arguments += ["--username", str(settings_dict["USER"])]
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in PG_OPTION_ENV.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value is not None and value != "":
            environment[variable] = str(value)
    name = settings_dict.get("NAME")
    if name:
        # A connection string, so that a database name holding "=" is not read as one.
        escaped = str(name).replace("\\", "\\\\").replace("'", "\\'")
        arguments.append(f"--dbname=dbname='{escaped}'")
    return arguments, environment


def _run(
    command: list[str], environment: dict[str, str], **kwargs: Any
) -> subprocess.CompletedProcess[bytes]:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} was not found on the PATH: install the PostgreSQL client tools (the server's major "
            "version or newer)."
        )
    return subprocess.run(command, env=environment, check=False, **kwargs)


def _tool_version(tool: str, environment: dict[str, str]) -> str:
    done = _run([tool, "--version"], environment, capture_output=True)
    return done.stdout.decode(errors="replace").strip()


def _pg_backup(connection: BaseDatabaseWrapper, directory: Path, log: Log) -> dict[str, Any]:
    arguments, environment = _pg_connection(connection.settings_dict)
    target = directory / PG_DUMP_FILE
    # A connection of its own holds the snapshot (the default one may be inside a caller's transaction):
    # the counts and the dump read the same committed state.
    snapshot_connection = connection.copy()
    try:
        with snapshot_connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = _tables_to_count(snapshot_connection.introspection.table_names(cursor))
            counts = _count_rows(cursor, tables)
            migrations = _migrations(cursor, tables)
            log(f"Dumping the database with pg_dump into {PG_DUMP_FILE} …")
            with _private_file(target) as out:
                done = _run(
                    ["pg_dump", "--format=custom", f"--snapshot={snapshot}", *arguments],
                    environment,
                    stdout=out,
                    stderr=subprocess.PIPE,
                )
            cursor.execute("ROLLBACK")
    finally:
        snapshot_connection.close()
    if done.returncode != 0:
        raise BackupError(
            f"pg_dump failed (exit status {done.returncode}): {done.stderr.decode(errors='replace').strip()}"
        )
    size, sha256 = file_digest(target)
    return {
        "vendor": "postgresql",
        "file": PG_DUMP_FILE,
        "format": "pg_dump custom",
        "tool": _tool_version("pg_dump", environment),
        "size": size,
        "sha256": sha256,
        "tables": counts,
        "migrations": migrations,
    }


def _pg_restore(connection: BaseDatabaseWrapper, directory: Path, log: Log) -> None:
    arguments, environment = _pg_connection(connection.settings_dict)
    log(f"Restoring {PG_DUMP_FILE} with pg_restore (one transaction) …")
    # No owner and no privileges: the restoring role owns everything, and no grant names a role this server
    # may not have (the school re-applies its own grants, README); one transaction: all or nothing.
    done = _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *arguments,
            str(directory / PG_DUMP_FILE),
        ],
        environment,
        capture_output=True,
    )
    if done.returncode != 0:
        raise BackupError(
            f"pg_restore failed (exit status {done.returncode}) and changed nothing: "
            f"{done.stderr.decode(errors='replace').strip()}"
        )


# SQLite


def _sqlite_path(connection: BaseDatabaseWrapper) -> Path:
    name = connection.settings_dict["NAME"]
    if not name or connection.creation.is_in_memory_db(name):  # type: ignore[attr-defined]
        raise BackupError("The configured SQLite database is in memory: there is no file to back up.")
    return Path(name)


def _sqlite_open(path: Path, *, read_only: bool) -> sqlite3.Connection:
    from school_gov.collation import register_sqlite_functions

    if read_only:
        raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    else:
        raw = sqlite3.connect(path)
    register_sqlite_functions(raw)  # the tables' Kyrgyz collation
    return raw


def _sqlite_tables(raw: sqlite3.Connection) -> list[str]:
    rows = raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    return sorted(row[0] for row in rows)


def _sqlite_objects(path: Path) -> int:
    """How many tables, indexes, views and triggers the file holds (0 for a file not there yet)."""
    if not path.exists():
        return 0
    raw = _sqlite_open(path, read_only=True)
    try:
        return int(raw.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0])
    finally:
        raw.close()


def _sqlite_backup(connection: BaseDatabaseWrapper, directory: Path, log: Log) -> dict[str, Any]:
    source_path = _sqlite_path(connection)
    if not source_path.exists():
        raise BackupError(f"The SQLite database {source_path} does not exist.")
    target = directory / SQLITE_FILE
    with _private_file(target):
        pass
    log(f"Copying the database with SQLite's backup API into {SQLITE_FILE} …")
    source = _sqlite_open(source_path, read_only=True)
    copy = _sqlite_open(target, read_only=False)
    try:
        source.backup(copy)
        # Counted in the copy: exactly what the backup holds.
        cursor = copy.cursor()
        tables = _tables_to_count(_sqlite_tables(copy))
        counts = _count_rows(cursor, tables)
        migrations = _migrations(cursor, tables)
    finally:
        copy.close()
        source.close()
    size, sha256 = file_digest(target)
    return {
        "vendor": "sqlite",
        "file": SQLITE_FILE,
        "format": "sqlite3 database",
        "tool": f"SQLite {sqlite3.sqlite_version}",
        "size": size,
        "sha256": sha256,
        "tables": counts,
        "migrations": migrations,
    }


def _sqlite_restore(connection: BaseDatabaseWrapper, directory: Path, log: Log) -> None:
    target_path = _sqlite_path(connection)
    connection.close()
    log(f"Copying {SQLITE_FILE} into {target_path} with SQLite's backup API …")
    source = _sqlite_open(directory / SQLITE_FILE, read_only=True)
    target = _sqlite_open(target_path, read_only=False)
    try:
        # Checked again on the connection that writes: nothing else has created a table meanwhile.
        if int(target.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]):
            raise BackupError(f"The SQLite database {target_path} is not empty: nothing was restored.")
        source.backup(target)
    finally:
        target.close()
        source.close()


# Backup


def _refuse_unless_empty_directory(directory: Path) -> None:
    if directory.exists() and not directory.is_dir():
        raise BackupError(f"{directory} exists and is not a folder.")
    if directory.is_dir() and any(directory.iterdir()):
        raise BackupError(
            f"{directory} is not empty: a backup goes into a new or empty folder, never over another one."
        )


def backup(
    directory: Path, *, alias: str = DEFAULT_DB_ALIAS, log: Log = _quiet, detail: Log = _quiet
) -> BackupReport:
    """Write the database, every stored file and the manifest into `directory` (new or empty). `log` is
    told each step, `detail` each file."""
    directory = Path(directory)
    _refuse_unless_empty_directory(directory)
    connection = connections[alias]
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups are made of PostgreSQL and SQLite databases, not {connection.vendor}.")
    directory.mkdir(mode=DIRECTORY_MODE, parents=True, exist_ok=True)
    try:
        return _backup_into(directory, connection, log, detail)
    except (BackupError, DatabaseError) as error:
        reason = f"The database could not be read: {error}" if isinstance(error, DatabaseError) else error
        raise BackupError(
            f"{reason} {directory} holds an incomplete backup (no {MANIFEST}): delete it before trying again."
        ) from None


def _backup_into(directory: Path, connection: BaseDatabaseWrapper, log: Log, detail: Log) -> BackupReport:
    (directory / MEDIA).mkdir(mode=DIRECTORY_MODE)

    storage = default_storage
    done: dict[str, StoredFile] = {}
    skipped: list[str] = []
    log("Copying the stored files into media/ …")
    _copy_media(storage, directory, done, skipped, detail)
    if connection.vendor == "postgresql":
        database = _pg_backup(connection, directory, log)
    else:
        database = _sqlite_backup(connection, directory, log)
    # The files stored while the database was copied (their rows may be in it).
    _copy_media(storage, directory, done, skipped, detail)

    files = sorted(done.values(), key=lambda stored: stored.name)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "django": django.get_version(),
        "database": {key: database[key] for key in ("vendor", "file", "format", "tool", "size", "sha256")},
        "migrations": database["migrations"],
        "tables": database["tables"],
        "storage": settings.STORAGES["default"]["BACKEND"],
        "media": [{"name": stored.name, "size": stored.size, "sha256": stored.sha256} for stored in files],
    }
    # Written last, and whole or not at all: a folder without a manifest is no backup to restore.
    partial = directory / f".{MANIFEST}.partial"
    with _private_file(partial) as out:
        out.write(json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())
    partial.rename(directory / MANIFEST)
    return BackupReport(
        directory=directory,
        vendor=connection.vendor,
        database_file=database["file"],
        database_size=database["size"],
        tables=database["tables"],
        files=files,
        skipped=skipped,
    )


# Restore


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest, checked for the fields a restore relies on."""
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} is missing: {directory} is not a complete backup.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} is not a readable manifest ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not the manifest of a backup made by `manage.py backup`.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"The backup's format version is {version!r}; this version of the app reads up to "
            f"{FORMAT_VERSION}. Restore it with the version of the app that made it, or a newer one."
        )
    database = manifest.get("database")
    tables = manifest.get("tables")
    media = manifest.get("media")
    well_formed = (
        isinstance(database, dict)
        and database.get("vendor") in ("postgresql", "sqlite")
        and database.get("file") in (PG_DUMP_FILE, SQLITE_FILE)
        and isinstance(database.get("size"), int)
        and isinstance(database.get("sha256"), str)
        and isinstance(tables, dict)
        and all(isinstance(name, str) and isinstance(count, int) for name, count in tables.items())
        and isinstance(media, list)
        and all(
            isinstance(entry, dict)
            and isinstance(entry.get("name"), str)
            and isinstance(entry.get("size"), int)
            and isinstance(entry.get("sha256"), str)
            for entry in media
        )
    )
    if not well_formed or not isinstance(media, list):
        raise BackupError(f"{path} lacks the database, tables or media entries a restore needs.")
    for entry in media:
        _checked_name(entry["name"])
    return manifest


def _verify(directory: Path, relative: str, size: int, sha256: str) -> None:
    path = directory / relative
    if not path.is_file():
        raise BackupError(f"The backup is incomplete: {relative} is missing. Nothing was restored.")
    found_size, found_sha256 = file_digest(path)
    if found_size != size or found_sha256 != sha256:
        raise BackupError(
            f"The backup is damaged: {relative} does not match manifest.json (expected {size} bytes, "
            f"sha256 {sha256}; found {found_size} bytes, sha256 {found_sha256}). Nothing was restored."
        )


def verify_backup(directory: Path, manifest: dict[str, Any], log: Log = _quiet) -> None:
    """Every file of the backup against its size and checksum in the manifest."""
    database = manifest["database"]
    _verify(directory, database["file"], database["size"], database["sha256"])
    for entry in manifest["media"]:
        _verify(directory, f"{MEDIA}/{entry['name']}", entry["size"], entry["sha256"])
    log(
        f"Checked: {database['file']} and {len(manifest['media'])} stored file(s) match their checksums "
        f"in {MANIFEST}."
    )


def _refuse_unless_empty_database(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "sqlite":
        path = _sqlite_path(connection)
        connection.close()
        if _sqlite_objects(path):
            raise BackupError(
                f"The SQLite database {path} is not empty. A restore goes into an empty database only: "
                "move the file away (or point DATABASE_URL at a new file) and run restore again. "
                "Nothing was changed."
            )
        return
    try:
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
    except DatabaseError as error:
        raise BackupError(
            f"The configured database could not be opened ({str(error).strip()}). Create it first "
            "(`createdb NAME`) and point DATABASE_URL at it. Nothing was changed."
        ) from None
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']!r} is not empty ({len(tables)} tables). A "
            "restore goes into an empty database only: create one (`createdb NAME`), point DATABASE_URL at "
            "it and run restore again. Nothing was changed."
        )


def _media_plan(storage: Storage, manifest: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """The files to write, and how many are stored already with the same content. A stored file of the
    same name with other content refuses the restore."""
    to_write, present, conflicts = [], 0, []
    for entry in manifest["media"]:
        name = entry["name"]
        if not storage.exists(name):
            to_write.append(entry)
            continue
        with storage.open(name, "rb") as stream:
            size, sha256 = _digest_of_stream(stream)
        if (size, sha256) == (entry["size"], entry["sha256"]):
            present += 1
        else:
            conflicts.append(name)
    if conflicts:
        shown = ", ".join(conflicts[:5]) + (f" and {len(conflicts) - 5} more" if len(conflicts) > 5 else "")
        raise BackupError(
            f"The storage already holds {len(conflicts)} file(s) of the same name with other content: "
            f"{shown}. Restore into an empty storage (a new MEDIA_ROOT or bucket). Nothing was changed."
        )
    return to_write, present


def _write_media(storage: Storage, directory: Path, entries: list[dict[str, Any]], log: Log) -> None:
    for entry in entries:
        name = entry["name"]
        with _local(directory, name).open("rb") as stream:
            saved = storage.save(name, File(stream, name=name))
        if saved != name:
            storage.delete(saved)
            raise BackupError(
                f"The storage saved media/{name} as {saved} (another file took the name meanwhile): the "
                "database is restored, the stored files only in part. Empty the storage and restore again."
            )
        log(f"  media/{name}")


def _compare_counts(
    connection: BaseDatabaseWrapper, expected: dict[str, int]
) -> tuple[dict[str, int], list[str]]:
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        counts = _count_rows(cursor, sorted(table for table in expected if table in present))
    differences = []
    for table, count in sorted(expected.items()):
        if table not in counts:
            differences.append(f"{table}: {count} row(s) in the backup, the table is missing")
        elif counts[table] != count:
            differences.append(f"{table}: {count} row(s) in the backup, {counts[table]} restored")
    return counts, differences


def _migration_notes(connection: BaseDatabaseWrapper, manifest: dict[str, Any]) -> list[str]:
    notes = []
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    unknown = [
        f"{app}.{entry.get('latest')}"
        for app, entry in (manifest.get("migrations") or {}).items()
        if isinstance(entry, dict)
        and app in loader.migrated_apps
        and (app, entry.get("latest")) not in loader.disk_migrations
    ]
    if unknown:
        notes.append(
            "The backup was made by a newer version of the app (migrations this code does not have: "
            f"{', '.join(unknown)}): run this version only after updating the code."
        )
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan and not unknown:
        notes.append(
            f"{len(plan)} migration(s) of this code are not applied to the restored database: run "
            "`manage.py migrate`."
        )
    return notes


def restore(
    directory: Path, *, alias: str = DEFAULT_DB_ALIAS, log: Log = _quiet, detail: Log = _quiet
) -> RestoreReport:
    """Restore a backup folder into the configured (empty) database and the default storage. `log` is told
    each step, `detail` each file."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    verify_backup(directory, manifest, log)
    connection = connections[alias]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"The backup is of a {vendor} database; the configured database is {connection.vendor}. "
            "Nothing was changed."
        )
    _refuse_unless_empty_database(connection)
    storage = default_storage
    to_write, present = _media_plan(storage, manifest)

    if vendor == "postgresql":
        _pg_restore(connection, directory, log)
    else:
        _sqlite_restore(connection, directory, log)
    log(f"Writing {len(to_write)} stored file(s) through the storage …")
    _write_media(storage, directory, to_write, detail)
    counts, differences = _compare_counts(connection, manifest["tables"])
    return RestoreReport(
        created_at=str(manifest.get("created_at", "")),
        vendor=vendor,
        tables=counts,
        differences=differences,
        written=len(to_write),
        already_present=present,
        notes=_migration_notes(connection, manifest),
    )


def command_logs(write: Callable[[str], Any], verbosity: int) -> tuple[Log, Log]:
    """A management command's two logs: what it did (verbosity 1 and up) and every file (2 and up)."""

    def log(message: str) -> None:
        if verbosity >= 1:
            write(message)

    def detail(message: str) -> None:
        if verbosity >= 2:
            write(message)

    return log, detail
