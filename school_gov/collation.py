"""Kyrgyz alphabetical order for names, and case-blind search in Cyrillic on SQLite.

PostgreSQL sorts with the ICU collation ``ky-x-icu``; its default C collation would put ң ө ү after я.
SQLite (the developer's default database) gets a collation of the same name registered on each
connection, so the demo school sorts the same way. SQLite's own LIKE folds the case of ASCII letters
only, so a search for "асан" would miss "Асанов" and "матем" would miss "Математика" in the demo:
its connections get a LIKE that folds every letter, as PostgreSQL's ``UPPER(…) LIKE UPPER(…)`` does.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, Func

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

KYRGYZ_ALPHABET = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя"
_RANK = {letter: index for index, letter in enumerate(KYRGYZ_ALPHABET)}
ICU_COLLATION = "ky-x-icu"


def kyrgyz_key(text: str) -> tuple:
    """Sort key: Kyrgyz letters in alphabet order, then any other character by code point."""
    return tuple((0, _RANK[ch]) if ch in _RANK else (1, ord(ch)) for ch in (text or "").casefold())


def _sqlite_collate(a: str, b: str) -> int:
    ka, kb = kyrgyz_key(a), kyrgyz_key(b)
    return (ka > kb) - (ka < kb)


@functools.lru_cache(maxsize=256)
def _like_pattern(pattern: str, escape: str | None) -> re.Pattern[str]:
    """A LIKE pattern (``%`` any run, ``_`` one character, `escape` before a literal) as a regex."""
    parts, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if escape and ch == escape and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.compile("".join(parts), re.DOTALL)


def sqlite_like(pattern: str | None, value: Any, escape: str | None = None) -> bool | None:
    """SQLite's ``value LIKE pattern [ESCAPE escape]`` (it calls like(pattern, value, escape)), blind to the
    case of every letter, Cyrillic included."""
    if pattern is None or value is None:
        return None
    return _like_pattern(pattern.casefold(), escape).fullmatch(str(value).casefold()) is not None


def register_sqlite_functions(raw: Any) -> None:
    """The Kyrgyz collation and the case-blind LIKE on a raw `sqlite3` connection."""
    raw.create_collation(ICU_COLLATION, _sqlite_collate)
    raw.create_function("like", 2, sqlite_like, deterministic=True)
    raw.create_function("like", 3, sqlite_like, deterministic=True)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        register_sqlite_functions(connection.connection)


class Kyrgyz(Func):
    """``Kyrgyz("surname")`` orders a text column in Kyrgyz alphabetical order.

    Django takes it in `Meta.ordering` as it is; the stubs allow only names and `OrderBy` there, hence the
    models' `type: ignore[list-item]` (`.asc()` would satisfy them but change the migrations' state)."""

    output_field = CharField()

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> _AsSqlType:
        sql, params = compiler.compile(self.source_expressions[0])
        return f'{sql} COLLATE "{ICU_COLLATION}"', params
