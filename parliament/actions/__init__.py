"""Writes that touch several models, one module per area, each in one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from school_gov.actions import lock
from school_gov.models import Student
from school_gov.refusals import Refused

# A create the same person repeats within this time is a double submit (two clicks, two requests at
# once): the action refuses it instead of keeping two copies (issue 16: appeals and proposals).
REPEAT_WINDOW = datetime.timedelta(minutes=1)


def refuse_a_repeat(sender: Student, same: QuerySet[Any], message: str) -> None:
    """Inside a create's transaction: lock the sending student's row, then refuse (`message`, on the
    form) if `same` — the rows equal to the one being created — holds one made within REPEAT_WINDOW. Of
    two requests at once the second waits for the lock, then finds the first one's row."""
    lock(Student.objects, pk=sender.pk)
    if same.filter(created_at__gte=timezone.now() - REPEAT_WINDOW).exists():
        raise Refused(message, field="__all__")
