"""The one exception for a write the rules do not allow now, and the one place it becomes an answer.

`Refused.message` says why, translated, for the person who tried; `reason` says what kind of no it is:

- `RULE`: a wrong state or a rule of the regulations ("already agreed", "write why"); the page says so
  and stays where it was;
- `NOT_ALLOWED`: the person is a member of the school without the right; answered 403;
- `NOT_FOUND`: the record is not the person's school's (or does not exist); answered 404, the same
  answer as for a record that does not exist.

Nothing is half-saved, because an action raises it inside its transaction. Views catch it with `told()`
when they have a page (or a form) to go back to; `RefusalMiddleware` answers whatever reaches it.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext


class Refused(Exception):
    RULE = "rule"
    NOT_ALLOWED = "not_allowed"
    NOT_FOUND = "not_found"

    def __init__(
        self,
        message: str = "",
        *,
        reason: str = RULE,
        field: str | None = None,
        keep: Callable[[], None] | None = None,
    ):
        if reason not in (self.RULE, self.NOT_ALLOWED, self.NOT_FOUND):
            raise ValueError(f"Unknown reason for a refusal: {reason!r}")
        message = str(message) if message else ""
        super().__init__(message)
        self.message = message or gettext("This step is not allowed.")
        self.reason = reason
        # A rule's refusal that belongs on a form: the field's name, or "__all__" for the whole form.
        self.field = field
        # The trace a refusal leaves (a wrong code counted, as a wrong password is): written by the
        # action's decorator after the action's transaction is rolled back, in a transaction of its own.
        self.keep = keep

    @classmethod
    def not_allowed(cls, message: str = "") -> Refused:
        return cls(message, reason=cls.NOT_ALLOWED)

    @classmethod
    def not_found(cls) -> Refused:
        return cls(gettext("Not found."), reason=cls.NOT_FOUND)

    @property
    def is_rule(self) -> bool:
        return self.reason == self.RULE

    def as_http(self) -> Exception:
        """The framework's exception for a refusal that is not a rule's: 404 or 403."""
        if self.reason == self.NOT_FOUND:
            return Http404(self.message)
        return PermissionDenied(self.message)


def told(request: HttpRequest, error: Refused, form: forms.BaseForm | None = None) -> None:
    """A rule's refusal becomes an error on the `form` it belongs to (its `field`), or a message on the
    page the person goes back to; a missing right or a record of another school is answered 403 or 404,
    as a view would."""
    if not error.is_rule:
        raise error.as_http() from None
    if form is not None and error.field is not None:
        form.add_error(None if error.field == "__all__" else error.field, error.message)
    else:
        messages.error(request, error.message)


def check(record: models.Model, *, fields: list[str] | None = None, rules: bool = True) -> None:
    """The record's own rules, as a refusal with their messages: a write keeps the rules whoever calls
    it, the admin and the site alike. Without `fields`, the whole record (full_clean: a new or edited
    record); with them, only those fields' own validation, and the model's `clean()` unless `rules` is
    false — a step that changes a status and its stamps is not refused for fields it does not touch (a
    submitted plan whose school year was corrected since can still be agreed or returned).

    The refusal belongs to the whole form where a form shows it (`field="__all__"`)."""
    try:
        if fields is None:
            # The model's own messages first; the database's constraints only when those pass (a rule
            # both state would otherwise be said twice).
            record.full_clean(validate_unique=False, validate_constraints=False)
            record.validate_unique()
            record.validate_constraints()
        else:
            others = [f.name for f in record._meta.concrete_fields if f.name not in fields]
            record.clean_fields(exclude=others)
            if rules:
                record.clean()
    except ValidationError as error:
        raise Refused(" ".join(error.messages), field="__all__") from None


class RefusalMiddleware:
    """A refusal no view caught: 404 for another school's record, 403 otherwise (with its message)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, Refused):
            if exception.reason == Refused.NOT_FOUND:
                raise Http404(exception.message) from None
            raise PermissionDenied(exception.message) from None
        return None
