"""Uploaded files (school_gov.files): the type read from the content, the size and the name checked, the
safe download name, the random stored name, the file leaving with its row, and the orphans' clean-up
(`manage.py clean_files`, the nightly task)."""

from __future__ import annotations

import datetime
import io
import os
import struct
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from methodology.demo import demo_pdf
from methodology.models import DocumentRequest, DocumentSubmission, DocumentVersion
from school_gov import files

# Samples of each kind, made here: the detection reads their first bytes, as it reads an upload's.


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120
HTML = b"<html><head><script>alert(1)</script></head><body>PDF</body></html>"


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Сабак"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Each test its own storage folder: what a test finds there is its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with translation.override("en"):
        yield


def stored_files() -> set[str]:
    root = Path(default_storage.location) / files.ROOT
    if not root.exists():
        return set()
    return {str(path.relative_to(default_storage.location)) for path in root.rglob("*") if path.is_file()}


def age(name: str, days: float = 2) -> None:
    """Make the stored file look written `days` ago."""
    then = time.time() - days * 24 * 3600
    os.utime(default_storage.path(name), (then, then))


# check_upload


@pytest.mark.parametrize(
    ("name", "content", "extension", "content_type"),
    [
        ("Иш программасы.pdf", demo_pdf("work programme"), "pdf", "application/pdf"),
        ("План.PDF", demo_pdf("plan"), "pdf", "application/pdf"),
        (
            "Журнал.xlsx",
            xlsx_bytes(),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "Отчёт.docx",
            docx_bytes(),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("Сүрөт.png", png_bytes(), "png", "image/png"),
        ("photo.jpg", JPG, "jpg", "image/jpeg"),
        ("photo.jpeg", JPG, "jpg", "image/jpeg"),
    ],
)
def test_an_accepted_file_is_checked_by_its_content(name, content, extension, content_type):
    checked = files.check_upload(upload(name, content))
    assert (checked.name, checked.extension, checked.content_type, checked.size) == (
        name,
        extension,
        content_type,
        len(content),
    )


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("program.pdf", ELF, "content"),
        ("setup.pdf", EXE, "content"),
        ("page.pdf", HTML, "content"),
        ("page.html", HTML, "type"),
        ("program.exe", EXE, "type"),
        ("no-extension", demo_pdf("x"), "type"),
        ("document.docx", demo_pdf("x"), "mismatch"),
        ("picture.png", JPG, "mismatch"),
        ("sheet.pdf", xlsx_bytes(), "mismatch"),
        ("empty.pdf", b"", "empty"),
        ("bad\x00name.pdf", demo_pdf("x"), "name"),
        ("bad\x07name.pdf", demo_pdf("x"), "name"),
        ("new\nline.pdf", demo_pdf("x"), "name"),
        ("rtl\u202eDFP.pdf", demo_pdf("x"), "name"),
        ("back\\slash.pdf", demo_pdf("x"), "name"),
        ("...", demo_pdf("x"), "name"),
    ],
)
def test_a_file_is_refused_for_what_it_is_not_for_what_it_is_called(name, content, code):
    with pytest.raises(ValidationError) as raised:
        files.check_upload(upload(name, content))
    assert raised.value.code == code
    assert raised.value.messages[0]


def test_the_refusal_names_the_file_without_its_control_characters():
    with pytest.raises(ValidationError) as raised:
        files.check_upload(upload("План\x00.pdf", demo_pdf("x")))
    assert "«План.pdf»" in raised.value.messages[0]
    assert "\x00" not in raised.value.messages[0]


def test_no_file_is_refused():
    with pytest.raises(ValidationError) as raised:
        files.check_upload(None)
    assert raised.value.code == "required"


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_is_not(settings):
    settings.UPLOAD_MAX_MB = 1
    pdf = demo_pdf("x")
    over = pdf + b"%" * (1024 * 1024 + 100 * 1024 - len(pdf))
    with pytest.raises(ValidationError) as raised:
        files.check_upload(upload("big.pdf", over))
    assert raised.value.code == "too_large"
    assert "1.1 MB" in raised.value.messages[0] and "1 MB" in raised.value.messages[0]

    at_limit = pdf + b"%" * (1024 * 1024 - len(pdf))
    assert files.check_upload(upload("limit.pdf", at_limit)).size == 1024 * 1024


def test_the_check_leaves_the_upload_readable_from_its_start():
    content = demo_pdf("x")
    uploaded = upload("a.pdf", content)
    uploaded.read(10)
    files.check_upload(uploaded)
    assert uploaded.read() == content


# download_name


def test_the_download_name_keeps_kyrgyz_letters():
    assert files.download_name("Иш программасы ө ү ң.pdf") == "Иш программасы ө ү ң.pdf"
    assert files.download_name("ӨҮҢ план 2026.xlsx") == "ӨҮҢ план 2026.xlsx"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "etc passwd.pdf"),
        ("a/b\\c.pdf", "a b c.pdf"),
        ("tab\there\x00nul\x1fend.pdf", "tab here nul end.pdf"),
        ('what?*"<>|:.pdf', "what .pdf"),
        ("  .hidden.pdf. ", "hidden.pdf"),
        ("\x00\x01", "file"),
        ("", "file"),
    ],
)
def test_the_download_name_loses_paths_and_control_characters(name, expected):
    cleaned = files.download_name(name)
    assert cleaned == expected
    assert not {"/", "\\", "\x00"} & set(cleaned)


def test_a_long_download_name_keeps_its_extension_within_the_column():
    cleaned = files.download_name("ө" * 300 + ".pdf")
    assert len(cleaned) == files.NAME_LENGTH
    assert cleaned.endswith("ө.pdf")


# Stored names, save_with_file, the file leaving with its row


@pytest.fixture
def submission(school, association, head, teacher):
    request = DocumentRequest.objects.create(
        school=school,
        association=association,
        requested_by=head.staff,
        kind="work_programme",
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    return DocumentSubmission.objects.create(request=request, teacher=teacher.staff)


def new_version(submission, teacher, name="Асанов Бакыт иш программасы.pdf", content=None, number=1):
    content = demo_pdf("x") if content is None else content
    uploaded = upload(name, content)
    version = DocumentVersion(submission=submission, number=number, uploaded_by=teacher.staff)
    version.attach(uploaded, files.check_upload(uploaded))
    files.save_with_file(version)
    return version


def test_the_stored_name_is_random_and_ends_with_the_detected_extension(submission, teacher):
    first = new_version(submission, teacher, name="Асанов Бакыт.jpeg", content=JPG)
    second = new_version(submission, teacher, name="Асанов Бакыт.jpeg", content=JPG, number=2)
    for version in (first, second):
        stored = version.file.name
        assert stored.startswith("uploads/methodology/documentversion/")
        assert stored.endswith(".jpg")
        assert "Асанов" not in stored and "Бакыт" not in stored
        assert version.file_name == "Асанов Бакыт.jpeg"
    assert first.file.name != second.file.name
    assert stored_files() == {first.file.name, second.file.name}
    with default_storage.open(first.file.name) as stored_file:
        assert stored_file.read() == JPG


def test_a_row_that_cannot_be_written_leaves_no_file(submission, teacher):
    new_version(submission, teacher)
    before = stored_files()
    uploaded = upload("again.pdf", demo_pdf("again"))
    duplicate = DocumentVersion(submission=submission, number=1, uploaded_by=teacher.staff)
    duplicate.attach(uploaded, files.check_upload(uploaded))
    with pytest.raises(IntegrityError), transaction.atomic():
        files.save_with_file(duplicate)
    assert stored_files() == before
    assert DocumentVersion.objects.count() == 1


def test_a_deleted_row_takes_its_file_after_the_commit(
    submission, teacher, django_capture_on_commit_callbacks
):
    kept = new_version(submission, teacher)
    deleted = new_version(submission, teacher, number=2)
    name = deleted.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        deleted.delete()
    assert default_storage.exists(name), "the file stays until the deletion is committed"
    assert len(callbacks) == 1
    callbacks[0]()
    assert not default_storage.exists(name)
    assert stored_files() == {kept.file.name}


def test_a_deleted_row_takes_its_file_when_callbacks_run(
    submission, teacher, django_capture_on_commit_callbacks
):
    version = new_version(submission, teacher)
    name = version.file.name
    with django_capture_on_commit_callbacks(execute=True):
        DocumentVersion.objects.filter(pk=version.pk).delete()
    assert not default_storage.exists(name)


def test_a_rolled_back_deletion_keeps_the_file(submission, teacher, django_capture_on_commit_callbacks):
    version = new_version(submission, teacher)
    pk, name = version.pk, version.file.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                version.delete()
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert default_storage.exists(name)
    assert DocumentVersion.objects.filter(pk=pk).exists()


# Orphans


def orphan(name: str = "uploads/methodology/documentversion/2020/01/lost.pdf") -> str:
    return default_storage.save(name, ContentFile(demo_pdf("lost")))


def test_an_old_file_no_row_points_to_is_an_orphan(submission, teacher):
    referenced = new_version(submission, teacher)
    age(referenced.file.name, days=30)
    lost = orphan()
    age(lost)
    fresh = orphan("uploads/methodology/documentversion/2020/01/fresh.pdf")

    assert files.orphans() == [lost]
    assert files.clean_orphans(delete=False) == [lost]
    assert default_storage.exists(lost), "a dry run removes nothing"

    assert files.clean_orphans(delete=True) == [lost]
    assert not default_storage.exists(lost)
    assert default_storage.exists(referenced.file.name)
    assert default_storage.exists(fresh)
    assert files.orphans() == []


def test_a_file_just_past_the_age_is_an_orphan_and_one_just_before_is_not(db):
    lost = orphan()
    age(lost, days=0.9)
    assert files.orphans() == []
    age(lost, days=1.1)
    assert files.orphans() == [lost]


def test_files_outside_the_uploads_folder_are_never_orphans(db):
    other = default_storage.save("exports/report.pdf", ContentFile(b"%PDF-1.4"))
    age(other)
    assert files.orphans() == []
    assert files.clean_orphans(delete=True) == []
    assert default_storage.exists(other)


def test_no_uploads_folder_means_no_orphans(db):
    assert files.orphans() == []


def test_the_command_lists_the_orphans_and_removes_them_with_delete(submission, teacher):
    referenced = new_version(submission, teacher)
    age(referenced.file.name)
    lost = [orphan(), orphan("uploads/school_gov/staff/2021/05/other.png")]
    for name in lost:
        age(name)

    out = io.StringIO()
    call_command("clean_files", stdout=out)
    text = out.getvalue()
    assert all(name in text for name in lost)
    assert referenced.file.name not in text
    assert "Found (nothing removed; --delete removes them): 2 orphaned file(s)." in text
    assert all(default_storage.exists(name) for name in lost)

    out = io.StringIO()
    call_command("clean_files", "--delete", stdout=out)
    assert "Removed: 2 orphaned file(s)." in out.getvalue()
    assert stored_files() == {referenced.file.name}


def test_the_nightly_task_removes_only_when_the_setting_says_so(db, settings):
    from school_gov.tasks import clean_files

    lost = orphan()
    age(lost)
    settings.DELETE_ORPHAN_FILES = False
    assert clean_files.call() == [lost]
    assert default_storage.exists(lost)

    settings.DELETE_ORPHAN_FILES = True
    assert clean_files.call() == [lost]
    assert not default_storage.exists(lost)
