"""Uploaded files (MB-4.5 documents, certificates, the documents the deputy passes down).

- The type is read from the content (the `filetype` library), and the name's extension must agree with
  it: an executable or a web page renamed `.pdf` is refused, and so is an empty file or one over
  `settings.UPLOAD_MAX_MB`.
- Files go through Django's `STORAGES["default"]` (the file system under MEDIA_ROOT, or a private
  bucket), under random names (`uploads/<app>/<model>/<year>/<month>/<random>.<ext>`); the uploader's
  name is kept on the row only to name the download.
- A file is served only by a view that has checked the record's permission (`download`): always as an
  attachment, with the stored type, `nosniff` and a sandboxing policy, never rendered inline.
- A row's file goes when the row goes (after the commit), and `orphans()` finds what no row points to
  (the nightly clean-up, `manage.py clean_files`).
"""

from __future__ import annotations

import datetime
import secrets
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import filetype
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from school_gov.refusals import Refused

ROOT = "uploads"
# What may be uploaded: the extension the content is detected as, and the type it is served with.
ACCEPTED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "jpg": "image/jpeg",
    "png": "image/png",
}
EXTENSION_OF_TYPE = {content_type: extension for extension, content_type in ACCEPTED.items()}
# Names people give the same kinds of file.
SPELLINGS = {"jpeg": "jpg"}
ACCEPT_ATTRIBUTE = ",".join(f".{extension}" for extension in [*ACCEPTED, *SPELLINGS])
# How much of the file the type is read from: an office document's parts are named near its start.
HEAD_BYTES = 256 * 1024
# A file younger than this is never called an orphan: its row may not be committed yet.
ORPHAN_AGE = datetime.timedelta(hours=24)
NAME_LENGTH = 200
# Characters a download name never carries: path separators and the ones file systems refuse.
UNSAFE = set('/\\:*?"<>|')


def accepted_kinds() -> str:
    return ", ".join(extension.upper() for extension in ACCEPTED)


def limit_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


@dataclass(frozen=True)
class Checked:
    name: str
    extension: str
    content_type: str
    size: int


def _has_control(text: str) -> bool:
    return any(unicodedata.category(character) in ("Cc", "Cf", "Cs", "Co") for character in text)


def check_upload(upload: UploadedFile | None) -> Checked:
    """The upload's name, detected type and size, or a ValidationError saying (translated) what is wrong
    with it. Nothing is stored here."""
    if upload is None:
        raise ValidationError(gettext("Choose a file."), code="required")
    name = upload.name or ""
    shown = "".join(character for character in name if not _has_control(character))[:80]
    if not name.strip() or _has_control(name) or UNSAFE & set(name) or name.strip(". ") == "":
        raise ValidationError(
            gettext(
                "The file name «%(name)s» has characters a file name cannot have (a path, a control "
                "character). Rename the file and upload it again."
            )
            % {"name": shown},
            code="name",
        )
    if upload.size is None or upload.size == 0:
        raise ValidationError(gettext("The file «%(name)s» is empty.") % {"name": shown}, code="empty")
    if upload.size > limit_bytes():
        raise ValidationError(
            gettext("The file «%(name)s» is %(size)s MB; the largest allowed is %(limit)s MB.")
            % {"name": shown, "size": f"{upload.size / 1024 / 1024:.1f}", "limit": settings.UPLOAD_MAX_MB},
            code="too_large",
        )
    named = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    named = SPELLINGS.get(named, named)
    if named not in ACCEPTED:
        raise ValidationError(
            gettext("Files of this type are not accepted. Accepted: %(kinds)s.")
            % {"kinds": accepted_kinds()},
            code="type",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    detected = filetype.guess(head)
    extension = SPELLINGS.get(detected.extension, detected.extension) if detected else None
    if extension not in ACCEPTED:
        raise ValidationError(
            gettext(
                "The content of «%(name)s» is not a %(kinds)s file, whatever its name says. Save it in one "
                "of these formats and upload it again."
            )
            % {"name": shown, "kinds": accepted_kinds()},
            code="content",
        )
    if extension != named:
        raise ValidationError(
            gettext("«%(name)s» is named as .%(named)s, but its content is a %(kind)s file.")
            % {"name": shown, "named": named, "kind": extension.upper()},
            code="mismatch",
        )
    return Checked(
        name=download_name(name), extension=extension, content_type=ACCEPTED[extension], size=upload.size
    )


def download_name(name: str) -> str:
    """The uploader's name, safe to offer as a download name: letters of every alphabet kept, path and
    control characters removed, not longer than the column."""
    cleaned = "".join(
        " " if character in UNSAFE or _has_control(character) else character for character in name
    )
    cleaned = " ".join(cleaned.split()).strip(". ")
    if not cleaned:
        return "file"
    if len(cleaned) > NAME_LENGTH:
        stem, dot, extension = cleaned.rpartition(".")
        cleaned = (
            (stem[: NAME_LENGTH - len(extension) - 1] + dot + extension) if dot else cleaned[:NAME_LENGTH]
        )
    return cleaned


def stored_name(instance: models.Model, filename: str) -> str:
    """A random name under the model's folder; the extension is the detected type's."""
    extension = EXTENSION_OF_TYPE.get(getattr(instance, "content_type", ""), "bin")
    now = timezone.now()
    meta = instance._meta
    return f"{ROOT}/{meta.app_label}/{meta.model_name}/{now:%Y/%m}/{secrets.token_urlsafe(18)}.{extension}"


class Upload(models.Model):
    """A file a row holds: stored under a random name, with the uploader's name, type and size."""

    file = models.FileField(_("file"), upload_to=stored_name, max_length=255)
    file_name = models.CharField(_("file name"), max_length=NAME_LENGTH)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        abstract = True

    def attach(self, upload: UploadedFile, checked: Checked) -> None:
        """Hold `upload` (checked by `check_upload`); it is stored when the row is saved."""
        self.file_name, self.content_type, self.size = checked.name, checked.content_type, checked.size
        self.file = upload

    @property
    def size_shown(self) -> str:
        if self.size >= 1024 * 1024:
            return gettext("%(size)s MB") % {"size": f"{self.size / 1024 / 1024:.1f}"}
        return gettext("%(size)s KB") % {"size": max(1, round(self.size / 1024))}


def save_with_file(record: Upload, **kwargs) -> None:
    """Save a row that holds a new file; if the row cannot be written, the stored file goes too. A file
    the storage cannot write (a full disk) is refused with a message, and nothing of it stays (the
    storage removes what it half wrote, school_gov.storage)."""
    try:
        record.save(**kwargs)
    except OSError:
        _forget_stored(record)
        raise Refused(
            gettext(
                "The file could not be stored: the server has no room for it or its disk failed. Nothing "
                "was saved; please tell the school's administrator and try again later."
            ),
            field="__all__",
        ) from None
    except BaseException:
        _forget_stored(record)
        raise


def _forget_stored(record: Upload) -> None:
    name = record.file.name
    if name and name.startswith(f"{ROOT}/") and record.file.storage.exists(name):
        record.file.storage.delete(name)


def download(record: Upload) -> FileResponse:
    """The record's file as an attachment. The caller has checked that the person may see the record."""
    response = FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=download_name(record.file_name),
        content_type=record.content_type
        if record.content_type in EXTENSION_OF_TYPE
        else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def forget_file(sender: type[models.Model], instance: models.Model, **kwargs) -> None:
    """post_delete: the deleted row's file leaves the storage once the deletion is committed."""
    if not isinstance(instance, Upload) or not instance.file.name:
        return
    storage, name = instance.file.storage, instance.file.name
    transaction.on_commit(lambda: storage.delete(name), robust=True)


def file_fields() -> Iterator[tuple[type[models.Model], str]]:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field.name


def referenced() -> set[str]:
    """Every stored name a row points to."""
    names: set[str] = set()
    for model, field in file_fields():
        names.update(model._default_manager.exclude(**{field: ""}).values_list(field, flat=True).iterator())
    return names


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for child in folders:
        yield from _walk(storage, f"{folder}/{child}")


def orphans(*, storage: Storage | None = None, now: datetime.datetime | None = None) -> list[str]:
    """Stored files under the uploads' folder that no row points to (and older than a day: a file a
    running upload has just written is not one)."""
    storage = storage or default_storage
    now = now or timezone.now()
    kept = referenced()
    found = []
    for name in _walk(storage, ROOT):
        if name in kept:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, FileNotFoundError):
            modified = None
        if modified is not None and now - modified < ORPHAN_AGE:
            continue
        found.append(name)
    return sorted(found)


def clean_orphans(*, delete: bool, storage: Storage | None = None) -> list[str]:
    """The orphans, removed when `delete` (a dry run lists them only)."""
    storage = storage or default_storage
    found = orphans(storage=storage)
    if delete:
        for name in found:
            storage.delete(name)
    return found
