"""Model fields of the app's own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import MaxLengthValidator
from django.db import models

# The longest free text a person may write in one field: about four pages. A form says so with the
# count, before anything is saved, and `full_clean` in the actions says it too for every other way in.
TEXT_MAX_LENGTH = 10_000


if TYPE_CHECKING:  # the stubs' TextField is generic in what it stores and gives: text both ways
    _TextField = models.TextField[str | int | Any, str]
else:
    _TextField = models.TextField


class Text(_TextField):
    """A free text that people write (a plan's aims, an appeal, minutes): a TextField with a maximum
    length that is enforced, in the form (Django's own message with the count) and by `full_clean`.
    A plain TextField's `max_length` only sizes the form field; this one also validates the model."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(kwargs["max_length"]))

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == TEXT_MAX_LENGTH:
            del kwargs["max_length"]
        return name, "school_gov.fields.Text", args, kwargs
