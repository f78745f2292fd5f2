"""The kinds of notification, and which governance events produce which (the apps declare both in their
`notices` module, read at start-up).

A kind says what the message is (in the reader's language, drawn when it is read or sent), who may still
see it (`sees`: the record's own view predicate, asked again when the inbox is drawn and when an e-mail
leaves, so someone who left the school or lost the role is not told), and how people get it unless they
chose otherwise. An event rule says which audit action makes which kind, and for whom.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext

from notifications.models import Channel
from school_gov.formats import dated

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from notifications.models import Notification
    from school_gov.models import AuditEvent, User
    from school_gov.people import Person


@dataclass(frozen=True)
class Kind:
    code: str
    label: StrOrPromise  # on the preferences page: what this kind is about
    text: StrOrPromise  # the message: %(object)s and the notification's data
    sees: Callable[[Person, Any], bool]
    staff_default: str = Channel.EMAIL
    student_default: str = Channel.APP
    names_object: bool = True  # False for a confidential appeal: the message never names the record
    group: StrOrPromise = ""  # a heading on the preferences page
    audience: str = "staff"  # whose preferences page lists it: "staff", "students" or "all"
    related: tuple[str, ...] = ()  # what `sees` reads of the record, fetched once for a page of them

    def offered_to(self, is_student: bool) -> bool:
        return self.audience == "all" or self.audience == ("students" if is_student else "staff")

    def default_for(self, is_student: bool) -> str:
        return self.student_default if is_student else self.staff_default


@dataclass(frozen=True)
class Rule:
    kind: str
    model: type[models.Model]
    to: Callable[[Any, AuditEvent], Iterable[User]]
    when: Callable[[Any, AuditEvent], bool] | None = None
    data: Callable[[Any, AuditEvent], dict[str, Any]] | None = None


@dataclass(frozen=True)
class Due:
    """A reminder the sweep would send: of `kind`, about `record`, to `to`, for the date `due_on` (the
    ledger keeps one per kind, record, person and date)."""

    kind: str
    record: models.Model
    to: list[User]
    due_on: datetime.date
    school_id: int | None
    data: dict[str, Any]


KINDS: dict[str, Kind] = {}
RULES: dict[str, list[Rule]] = defaultdict(list)
# The reminder sources: each takes today's date and answers every reminder due, for every school at
# once, in a fixed number of queries.
REMINDERS: list[Callable[[datetime.date], Iterable[Due]]] = []


def kind(
    code: str, label: StrOrPromise, text: StrOrPromise, sees: Callable[[Person, Any], bool], **options: Any
) -> Kind:
    """Declare a kind of notification (an app's `notices` module, once)."""
    if code in KINDS:
        raise ValueError(f"The notification kind {code!r} is declared twice.")
    declared = Kind(code=code, label=label, text=text, sees=sees, **options)
    KINDS[code] = declared
    return declared


def on(
    action: str,
    model: type[models.Model],
    kind: Kind,
    to: Callable[[Any, AuditEvent], Iterable[User]],
    *,
    when: Callable[[Any, AuditEvent], bool] | None = None,
    data: Callable[[Any, AuditEvent], dict[str, Any]] | None = None,
) -> None:
    """The audit action `action` (e.g. "methodology.plan.submitted") about a `model` record notifies
    `to(record, event)` of `kind`."""
    RULES[action].append(Rule(kind=kind.code, model=model, to=to, when=when, data=data))


def reminder(source: Callable[[datetime.date], Iterable[Due]]) -> Callable[[datetime.date], Iterable[Due]]:
    """Declare a reminder source of the daily sweep (an app's `notices` module)."""
    REMINDERS.append(source)
    return source


def _shown(value: Any) -> Any:
    """A date kept as ISO text in the data is shown in the reader's language."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dated(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    return value


def message(notification: Notification) -> str:
    """The notification's message in the active language."""
    declared = KINDS.get(notification.kind)
    if declared is None:
        return gettext("A notification of a kind no longer in use.")
    about = notification.about if declared.names_object else None
    values = {key: _shown(value) for key, value in notification.data.items()}
    values["object"] = str(about) if about is not None else ""
    try:
        return str(declared.text) % values
    except (KeyError, ValueError, TypeError):
        return str(declared.text)


def link(record: models.Model | None) -> str:
    """Where the notification leads: the record's own page."""
    if record is None:
        return ""
    get_url = getattr(record, "get_absolute_url", None)
    return get_url() if callable(get_url) else ""


def discover() -> None:
    """Import every installed app's `notices` module (their kinds and rules)."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.notices")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.notices":
                raise
