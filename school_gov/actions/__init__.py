"""The one path for every write (STYLE: where logic lives).

A change of governance state is one function in an app's `actions` package, marked `@action`:

- it takes the acting person as keyword-only `by` (a `school_gov.people.Person`, resolved once per
  request as `request.person`);
- it runs in one transaction, durable unless a caller must compose it (the admin's own change views are
  atomic already, so what they call is `@action(durable=False)`);
- it locks the row(s) it changes, re-checks the permission predicate and the current state on the locked
  row, runs `full_clean`, saves with `update_fields`, and writes one `audit.record`;
- it raises only `school_gov.refusals.Refused`; a refusal may keep a trace (`Refused.keep`: a wrong
  code counted), written after the rollback.

Views, forms, the admin, commands and tasks call actions; they never open a transaction or write the
audit themselves (tests/test_one_write_path.py walks the source to keep it so). Every action is listed in
`ACTIONS`, so a test can call each one as a person who may not act.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, overload

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction

from school_gov.people import Person
from school_gov.refusals import Refused

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=models.Model)

ACTIONS: dict[str, Callable[..., Any]] = {}


@overload
def action(func: F, *, durable: bool = True, anonymous: bool = False, machine: bool = False) -> F: ...


@overload
def action(
    func: None = None, *, durable: bool = True, anonymous: bool = False, machine: bool = False
) -> Callable[[F], F]: ...


def action(
    func: F | None = None, *, durable: bool = True, anonymous: bool = False, machine: bool = False
) -> F | Callable[[F], F]:
    """Mark a function as an action: check `by`, open its transaction, list it in `ACTIONS`.

    `anonymous`: the one kind of action a visitor who is not signed in takes (following an invitation,
    whose secret is the right to act); `machine`: an action the application takes on its schedule
    (`school_gov.people.machine()`, the daily sweep); every other action refuses a person who is not
    signed in."""

    def wrap(func: F) -> F:
        parameter = inspect.signature(func).parameters.get("by")
        if parameter is None or parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            raise TypeError(f"{func.__qualname__}: an action takes the acting person as keyword-only `by`.")

        @functools.wraps(func)
        def run(*args: Any, by: Person, **kwargs: Any) -> Any:
            if not isinstance(by, Person):
                raise TypeError(f"{func.__qualname__}: `by` is a Person (request.person), not {type(by)!r}.")
            if not by.is_authenticated and not anonymous and not (machine and by.is_machine):
                raise Refused.not_allowed()
            try:
                with transaction.atomic(durable=durable):
                    return func(*args, by=by, **kwargs)
            except Refused as refusal:
                # Nothing of the refused action is saved; what the refusal keeps is (`Refused.keep`),
                # once the action's own transaction is over (a composed action's caller may still roll
                # it back: it runs inside the caller's).
                if refusal.keep is not None:
                    with transaction.atomic(durable=durable):
                        refusal.keep()
                raise

        run.durable = durable  # type: ignore[attr-defined]
        ACTIONS[f"{func.__module__}.{func.__name__}"] = run
        return run  # type: ignore[return-value]

    return wrap(func) if func is not None else wrap


def discover() -> dict[str, Callable[..., Any]]:
    """Every action of every installed app (each app's `actions` package, all its modules imported)."""
    import importlib
    import pkgutil

    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            package = importlib.import_module(f"{config.name}.actions")
        except ModuleNotFoundError:
            continue
        if not hasattr(package, "__path__"):  # a module of that name, not an actions package
            continue
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    return ACTIONS


def lock(
    queryset: models.QuerySet[M] | models.Manager[M],
    *,
    by: Person | None = None,
    within: str | None = None,
    **lookup: Any,
) -> M:
    """The row to change, locked for the rest of the action's transaction. With `by` and `within` (the
    path to the row's school, "association__school"), only a row of the schools the person may read is
    found: another school's record is not found, before its state or anything else about it is said."""
    if by is not None and within is not None:
        from school_gov.permissions import scope

        queryset = scope(queryset.all(), by, school_field=within)
    try:
        return queryset.select_for_update(of=("self",)).get(**lookup)
    except ObjectDoesNotExist:  # the model's DoesNotExist: .get() raises no other
        raise Refused.not_found() from None


def allow(permitted: bool, message: str = "") -> None:
    """The permission re-checked on the locked row: a member of the school without the right is refused."""
    if not permitted:
        raise Refused.not_allowed(message)
