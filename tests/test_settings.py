import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _clean_environ():
    return {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}


def _import_settings(code="import school_gov.settings", **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**_clean_environ(), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def _check_deploy(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**_clean_environ(), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def _env_example():
    pairs = (
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    return dict(pairs)


def test_production_without_a_secret_key_refuses_to_start_with_a_clear_message():
    result = _import_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_with_a_secret_key_and_its_address_starts():
    result = _import_settings(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, SITE_URL="https://school.example.kg"
    )
    assert result.returncode == 0, result.stderr


def test_production_without_its_address_refuses_to_start():
    """The links in e-mails and calendar feeds are made with no request at hand: they need SITE_URL."""
    result = _import_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "SITE_URL is not set" in result.stderr


def test_a_non_numeric_setting_is_named_in_the_error():
    result = _import_settings(CONN_MAX_AGE="forever")
    assert result.returncode != 0
    assert "CONN_MAX_AGE must be a whole number" in result.stderr


def test_a_misspelt_boolean_is_named_in_the_error():
    result = _import_settings(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, SITE_URL="https://a.kg", DJANGO_SECURE_COOKIES="ture"
    )
    assert result.returncode != 0
    assert "DJANGO_SECURE_COOKIES must be one of 1, true, yes, on or 0, false, no, off" in result.stderr
    assert "not 'ture'" in result.stderr


def test_an_empty_boolean_is_an_error_not_its_default():
    result = _import_settings(DJANGO_DEBUG="")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


@pytest.mark.parametrize(
    ("spelling", "meaning"),
    [
        ("1", True),
        ("TRUE", True),
        ("Yes", True),
        (" on ", True),
        ("0", False),
        ("False", False),
        ("NO", False),
        ("off", False),
    ],
)
def test_every_documented_spelling_of_a_boolean_is_read_in_any_case(spelling, meaning):
    result = _import_settings(
        "from school_gov import settings; print(settings.EMAIL_USE_TLS)", EMAIL_USE_TLS=spelling
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(meaning)


def test_an_empty_database_url_means_the_sqlite_default():
    result = _import_settings(
        "from school_gov.settings import DATABASES as d; print(d['default']['ENGINE'], d['default']['NAME'])",
        DATABASE_URL="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", str(ROOT / "db.sqlite3")]


def test_check_deploy_is_clean_in_production():
    """The README's production variables: not one issue of any level, none silenced."""
    result = _check_deploy(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="school.example.kg",
        SITE_URL="https://school.example.kg",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced).", result.stdout
    assert "warning" not in result.stderr.lower(), result.stderr


def test_check_deploy_is_clean_with_every_variable_of_the_env_example():
    env = _env_example()
    assert env["DJANGO_SECRET_KEY"] == ""
    result = _check_deploy(**{**env, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced).", result.stdout
    assert "warning" not in result.stderr.lower(), result.stderr


def test_uploaded_files_go_to_a_private_bucket_when_one_is_named():
    """The storage django-storages builds from the settings: a private bucket, signed links, no
    overwriting; without a bucket, the file system under MEDIA_ROOT (Django's, leaving no half-written
    file behind, school_gov.storage)."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'school_gov.settings'; django.setup(); "
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.default_acl, s.querystring_auth, s.file_overwrite, "
        "s.endpoint_url)"
    )
    result = _import_settings(
        code, DJANGO_S3_BUCKET="school-files", DJANGO_S3_ENDPOINT_URL="https://s3.example.kg"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "school-files",
        "private",
        "True",
        "False",
        "https://s3.example.kg",
    ]
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'school_gov.settings'; django.setup(); "
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.location)"
    )
    result = _import_settings(code, DJANGO_MEDIA_ROOT="/srv/files")
    assert result.stdout.split() == ["CleanFileSystemStorage", "/srv/files"]
