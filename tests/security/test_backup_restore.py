"""Issue 16, item 1: `manage.py backup DIR` and `manage.py restore DIR` (school_gov.backup).

The demo school goes out through the real pg_dump and comes back through the real pg_restore into a new
database, in another process with a new media folder, as an administrator would restore it; then every
table (its rows, compared as text) and every stored file must be the same as the original's. A restore
into a database that is not empty, or from a backup with one byte changed or a file missing, is refused
before anything is written. SQLite installs get the same round trip through sqlite3's backup API."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Names a school's files may have: a nested folder, Cyrillic letters, spaces and a "№".
EXTRA_FILES = {
    "backup-test/Отчёттор 2026/жыйынтык №1.txt": "Жылдык отчёт: бардык иштер аткарылды.\n".encode(),
    "backup-test/bytes.bin": bytes(range(256)) * 64,
}


def _environment(**overrides: str) -> dict[str, str]:
    """The test run's environment without its own database and settings, plus `overrides`."""
    kept = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("DATABASE_URL", "PGPASSWORD")
    }
    return {**kept, "DJANGO_ALLOW_ASYNC_UNSAFE": "true", **overrides}


def manage(*arguments: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess[str]:
    """`python manage.py …` in a process of its own, as an administrator runs it."""
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=_environment(DATABASE_URL=database_url, DJANGO_MEDIA_ROOT=str(media_root)),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def files_in(folder: Path) -> dict[str, str]:
    """Every file under `folder`, by its relative name, as its SHA-256."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# PostgreSQL: the test database's server, reached directly (psycopg2), beside Django's connection.


def _pg_parameters(dbname: str) -> dict[str, str]:
    settings_dict = connection.settings_dict
    parameters = {"dbname": dbname}
    for key, name in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if settings_dict.get(key):
            parameters[name] = str(settings_dict[key])
    return parameters


def _database_url(dbname: str) -> str:
    settings_dict = connection.settings_dict
    user = quote(str(settings_dict.get("USER") or ""), safe="")
    password = quote(str(settings_dict.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{settings_dict.get('HOST') or ''}{port}/{quote(dbname, safe='')}"


def pg_contents(dbname: str) -> dict[str, Any]:
    """Every table of the database, as its row count and the MD5 of its rows as text in one fixed order,
    and every sequence's last value (a restored database must go on numbering where the original was)."""
    import psycopg2
    from psycopg2 import sql

    with psycopg2.connect(**_pg_parameters(dbname)) as raw, raw.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        rows: dict[str, tuple[int, str]] = {}
        for table in tables:
            cursor.execute(
                sql.SQL(
                    "SELECT COUNT(*),"
                    " md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE \"C\"), ''))"
                    " FROM {} t"
                ).format(sql.Identifier(table))
            )
            rows[table] = cursor.fetchone()
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
        )
        sequences = cursor.fetchall()
    raw.close()
    return {"tables": rows, "sequences": sequences}


def pg_tables(dbname: str) -> list[str]:
    import psycopg2

    with psycopg2.connect(**_pg_parameters(dbname)) as raw, raw.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
        found = [row[0] for row in cursor.fetchall()]
    raw.close()
    return found


# The tests that read the demo's backup are marked django_db even when they query nothing through Django:
# pytest-django creates the test database only for a run that selects a marked test.


@dataclass
class DemoBackup:
    directory: Path
    output: str
    database: dict[str, Any]
    media: dict[str, str]
    extra: list[str]


@pytest.fixture(scope="module")
def demo_backup(request, django_db_blocker, tmp_path_factory):
    """The demo school (committed, so pg_dump sees it: tests/conftest.py's `demo_school`), two more files
    with the names a school's files may have, and a backup of it all taken in this process; with what the
    database and the media folder held at that moment."""
    if connection.vendor != "postgresql":
        pytest.skip("The PostgreSQL round trip needs DATABASE_URL=postgres://…")
    request.getfixturevalue("demo_school")
    directory = tmp_path_factory.mktemp("backups") / "nightly"
    with django_db_blocker.unblock():
        extra = [default_storage.save(name, ContentFile(content)) for name, content in EXTRA_FILES.items()]
        assert extra == list(EXTRA_FILES)
        output = StringIO()
        call_command("backup", str(directory), stdout=output)
        database = pg_contents(connection.settings_dict["NAME"])
    yield DemoBackup(
        directory=directory,
        output=output.getvalue(),
        database=database,
        media=files_in(Path(settings.MEDIA_ROOT)),
        extra=extra,
    )
    for name in extra:
        default_storage.delete(name)


@pytest.fixture
def empty_database():
    """A new, empty database beside the test database (as `createdb` makes one), dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("The PostgreSQL round trip needs DATABASE_URL=postgres://…")
    import psycopg2
    from psycopg2 import sql

    name = f"{connection.settings_dict['NAME']}_restore"
    admin = psycopg2.connect(**_pg_parameters(connection.settings_dict["NAME"]))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


@pytest.mark.django_db
def test_the_backup_holds_the_dump_every_file_and_a_manifest_of_every_table(demo_backup):
    directory = demo_backup.directory
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))

    assert manifest["format_version"] == 1
    assert manifest["created_at"].endswith("+00:00")
    assert manifest["database"]["vendor"] == "postgresql"
    dump = (directory / "database.dump").read_bytes()
    assert dump.startswith(b"PGDMP")  # pg_dump's custom format
    assert manifest["database"]["size"] == len(dump)
    assert manifest["database"]["sha256"] == hashlib.sha256(dump).hexdigest()
    # The latest migration of every app, as the database has it.
    assert manifest["migrations"]["school_gov"]["latest"].startswith("0")
    assert set(manifest["migrations"]) >= {"school_gov", "methodology", "parliament", "notifications"}

    # Every installed model's table, the auto-created many-to-many tables among them, with the rows the
    # database held when the dump was taken.
    through = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.auto_created
    }
    assert through, "the app has many-to-many tables to count"
    every_model = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    assert every_model <= set(manifest["tables"])
    assert manifest["tables"] == {
        table: count for table, (count, _digest) in demo_backup.database["tables"].items()
    }
    assert manifest["tables"]["school_gov_student"] > 100  # the demo school, not an empty database

    # Every stored file, the demo's uploads and the nested Cyrillic name among them, byte for byte.
    listed = {entry["name"]: entry for entry in manifest["media"]}
    assert set(listed) == set(demo_backup.media)
    assert set(demo_backup.extra) <= set(listed)
    assert any(name.startswith("uploads/") for name in listed), "the demo's uploads are in the backup"
    for name, entry in listed.items():
        copied = (directory / "media" / name).read_bytes()
        assert entry["size"] == len(copied)
        assert entry["sha256"] == hashlib.sha256(copied).hexdigest() == demo_backup.media[name]

    # For the owner's eyes only.
    for path in [
        directory,
        directory / "manifest.json",
        directory / "database.dump",
        directory / "media" / demo_backup.extra[0],
    ]:
        assert path.stat().st_mode & 0o077 == 0, path
    assert "Backup written to" in demo_backup.output
    assert f"Stored files: {len(listed)} in media/" in demo_backup.output


@pytest.mark.django_db
def test_the_demo_school_comes_back_whole_into_a_new_database_and_storage(
    demo_backup, empty_database, tmp_path
):
    media_root = tmp_path / "restored-media"

    done = manage(
        "restore",
        str(demo_backup.directory),
        database_url=_database_url(empty_database),
        media_root=media_root,
    )

    assert done.returncode == 0, done.stderr
    original, restored = demo_backup.database, pg_contents(empty_database)
    assert f"all {len(original['tables'])} tables have the row counts of the backup" in done.stdout
    assert restored["tables"].keys() == original["tables"].keys()
    differing = [
        table for table in restored["tables"] if restored["tables"][table] != original["tables"][table]
    ]
    assert differing == []
    assert restored["sequences"] == original["sequences"]
    assert restored == original
    assert files_in(media_root) == demo_backup.media

    # Restoring again into what is now a full database is refused, and changes nothing there.
    again = manage(
        "restore",
        str(demo_backup.directory),
        database_url=_database_url(empty_database),
        media_root=media_root,
    )

    assert again.returncode != 0
    assert "is not empty" in again.stderr and "Nothing was changed" in again.stderr
    assert pg_contents(empty_database) == restored
    assert files_in(media_root) == demo_backup.media


@pytest.mark.django_db
def test_a_restore_over_the_running_database_is_refused(demo_backup):
    before = pg_contents(connection.settings_dict["NAME"])

    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(demo_backup.directory), verbosity=0)

    assert pg_contents(connection.settings_dict["NAME"]) == before == demo_backup.database
    assert files_in(Path(settings.MEDIA_ROOT)) == demo_backup.media


@pytest.mark.django_db
def test_a_stored_file_of_the_same_name_with_other_content_refuses_the_restore(
    demo_backup, empty_database, tmp_path
):
    media_root = tmp_path / "media"
    name = demo_backup.extra[0]
    (media_root / name).parent.mkdir(parents=True)
    (media_root / name).write_bytes(b"another school's file")

    done = manage(
        "restore",
        str(demo_backup.directory),
        database_url=_database_url(empty_database),
        media_root=media_root,
    )

    assert done.returncode != 0
    assert name in done.stderr and "Nothing was changed" in done.stderr
    assert pg_tables(empty_database) == []
    assert files_in(media_root) == {name: hashlib.sha256(b"another school's file").hexdigest()}


def _flip_a_byte(path: Path) -> None:
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.write_bytes(bytes(content))


@pytest.mark.django_db
@pytest.mark.parametrize("damage", ["dump changed", "file changed", "file missing", "manifest missing"])
def test_a_damaged_backup_is_refused_before_anything_is_written(
    demo_backup, empty_database, tmp_path, damage
):
    copy = tmp_path / "copy"
    shutil.copytree(demo_backup.directory, copy)
    nested = demo_backup.extra[0]
    if damage == "dump changed":
        _flip_a_byte(copy / "database.dump")
        named = "database.dump"
    elif damage == "file changed":
        _flip_a_byte(copy / "media" / nested)
        named = f"media/{nested}"
    elif damage == "file missing":
        (copy / "media" / nested).unlink()
        named = f"media/{nested}"
    else:
        (copy / "manifest.json").unlink()
        named = "manifest.json"
    media_root = tmp_path / "media"

    done = manage("restore", str(copy), database_url=_database_url(empty_database), media_root=media_root)

    assert done.returncode != 0
    assert named in done.stderr, done.stderr
    assert "damaged" in done.stderr or "missing" in done.stderr
    assert pg_tables(empty_database) == []
    assert not media_root.exists() or files_in(media_root) == {}


def test_a_backup_goes_only_into_a_new_or_empty_folder(tmp_path):
    folder = tmp_path / "last-night"
    folder.mkdir()
    (folder / "manifest.json").write_text("last night's backup", encoding="utf-8")

    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(folder), verbosity=0)

    assert [path.name for path in folder.iterdir()] == ["manifest.json"]
    assert (folder / "manifest.json").read_text(encoding="utf-8") == "last night's backup"


# SQLite: the developer's database, and a small school's install.


def sqlite_contents(path: Path) -> dict[str, list[str]]:
    """Every table's rows, as text, in one fixed order."""
    raw = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in raw.execute(
                "SELECT name FROM sqlite_master"
                " WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            table: sorted(repr(row) for row in raw.execute(f'SELECT * FROM "{table}"')) for table in tables
        }
    finally:
        raw.close()


def test_a_sqlite_install_round_trips_through_the_backup_api(tmp_path):
    source, target = tmp_path / "school.sqlite3", tmp_path / "restored.sqlite3"
    source_media, target_media = tmp_path / "media", tmp_path / "restored-media"
    directory = tmp_path / "backup"
    for step in (["migrate", "-v0"], ["seed_demo", "-v0"]):
        done = manage(*step, database_url=f"sqlite:///{source}", media_root=source_media)
        assert done.returncode == 0, done.stderr
    nested = source_media / "backup-test" / "Отчёттор 2026" / "жыйынтык №1.txt"
    nested.parent.mkdir(parents=True)
    nested.write_bytes(EXTRA_FILES["backup-test/Отчёттор 2026/жыйынтык №1.txt"])

    done = manage(
        "backup", str(directory), "-v0", database_url=f"sqlite:///{source}", media_root=source_media
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # -v0 says nothing
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"]["vendor"] == "sqlite"
    original = sqlite_contents(source)
    assert manifest["tables"] == {table: len(rows) for table, rows in original.items()}
    assert manifest["tables"]["school_gov_student"] > 100

    done = manage("restore", str(directory), database_url=f"sqlite:///{target}", media_root=target_media)

    assert done.returncode == 0, done.stderr
    assert "tables have the row counts of the backup" in done.stdout
    restored = sqlite_contents(target)
    assert restored.keys() == original.keys()
    assert [table for table in restored if restored[table] != original[table]] == []
    assert files_in(target_media) == files_in(source_media)
    assert "backup-test/Отчёттор 2026/жыйынтык №1.txt" in files_in(target_media)

    again = manage("restore", str(directory), database_url=f"sqlite:///{target}", media_root=target_media)

    assert again.returncode != 0
    assert "is not empty" in again.stderr
    assert sqlite_contents(target) == restored
