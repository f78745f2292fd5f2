"""The file system storage of uploads, which leaves nothing behind when a write fails.

Django's FileSystemStorage streams an upload into a new file; when the disk fills up (or fails) in the
middle, the exception goes up and the half-written file stays, a stray no row points to. Here the file
the failed save created is removed before the error goes on (school_gov.files turns it into a message)."""

from __future__ import annotations

import contextlib
import os
from typing import Any

from django.core.files.storage import FileSystemStorage


class CleanFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            return super()._save(name, content)  # type: ignore[misc]  # Storage._save, absent from the stubs
        except OSError:
            # Names are random (school_gov.files.stored_name): a file that was not there before the
            # save is the save's own, half written.
            if not existed:
                with contextlib.suppress(OSError):
                    os.remove(path)
            raise
