"""A full disk on upload (issue 16, faults survived): the uploads' folder on a real file system that is
almost full (a 64 KB tmpfs): a certificate bigger than the room left is refused with a clear message, no
row is written, and no half-written file stays behind; one that fits is stored as before."""

from __future__ import annotations

import datetime
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from methodology.demo import demo_pdf
from methodology.models import Certificate, Course
from school_gov.models import AuditEvent

ROOM = 64 * 1024


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.fixture
def small_disk(settings):
    """A tmpfs of 64 KB as MEDIA_ROOT (needs the right to mount, as CI has on its machine)."""
    root = Path(tempfile.mkdtemp(prefix="school-gov-full-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={ROOM}", "tmpfs", str(root)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        os.rmdir(root)
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    settings.MEDIA_ROOT = str(root)
    try:
        yield root
    finally:
        subprocess.run(["umount", str(root)], check=True)
        os.rmdir(root)


def _post_course(client, teacher, content: bytes):
    today = timezone.localdate()
    return client.post(
        reverse("methodology:course_create", args=[teacher.staff.pk]),
        {
            "topic": "Функционалдык сабаттуулук",
            "provider": "КББА",
            "hours": "72",
            "started_on": (today - datetime.timedelta(days=20)).isoformat(),
            "ended_on": (today - datetime.timedelta(days=10)).isoformat(),
            "certificate": SimpleUploadedFile("Сертификат.pdf", content, content_type="application/pdf"),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _big_pdf(size: int) -> bytes:
    """A PDF (its type read from the content) padded to `size` bytes with incompressible bytes."""
    head = demo_pdf("c")
    return head + os.urandom(size - len(head))


def test_a_file_bigger_than_the_room_left_is_refused_and_leaves_nothing(client, teacher, small_disk):
    client.force_login(teacher)
    events = AuditEvent.objects.count()
    response = _post_course(client, teacher, _big_pdf(3 * ROOM))
    assert response.status_code == 200
    assert "The file could not be stored: the server has no room for it or its disk failed." in response.text
    assert not Course.objects.exists() and not Certificate.objects.exists()
    assert AuditEvent.objects.count() == events
    assert _files(small_disk) == []  # no half-written file


def test_a_file_that_fits_is_stored(client, teacher, small_disk):
    client.force_login(teacher)
    response = _post_course(client, teacher, _big_pdf(ROOM // 4))
    assert response.status_code == 302
    [stored] = _files(small_disk)
    assert stored.stat().st_size == ROOM // 4
    assert Certificate.objects.get().file.name == stored.relative_to(small_disk).as_posix()
