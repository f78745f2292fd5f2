"""Kyrgyz alphabetical order for names.

PostgreSQL sorts with the ICU collation ``ky-x-icu``; its default C collation would put ң ө ү after я.
SQLite (the developer's default database) gets a collation of the same name registered on each
connection, so the demo school sorts the same way.
"""

from __future__ import annotations

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


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(ICU_COLLATION, _sqlite_collate)


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
