"""An e-mail backend for tests that run a real task worker in another process: each message is written
to a file in MAILBOX_DIR, after MAILBOX_DELAY seconds (a slow mail server, in which a worker can be
stopped)."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("MAILBOX_DELAY", "0")))
        folder = Path(os.environ["MAILBOX_DIR"])
        for message in email_messages:
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
