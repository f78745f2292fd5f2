"""On SQLite (the demo's database) a search is blind to the case of Cyrillic letters, as on PostgreSQL:
"асан" finds "Асанов", "матем" finds "Математика", and LIKE's wildcards and escapes keep their meaning.
Tried on a connection of Python's own sqlite3 with the functions every Django connection to SQLite gets,
so it runs whatever database the suite is on."""

from __future__ import annotations

import sqlite3

import pytest

from school_gov.collation import register_sqlite_functions


@pytest.fixture
def sqlite():
    connection = sqlite3.connect(":memory:")
    register_sqlite_functions(connection)
    connection.execute("CREATE TABLE person (name TEXT)")
    connection.executemany(
        "INSERT INTO person VALUES (?)",
        [("Асанов Бакыт",), ("Математика, физика",), ("Өмүрбекова Айгүл",), ("100% бекитилди",), ("a_b",)],
    )
    yield connection
    connection.close()


def _found(connection, pattern: str) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM person WHERE name LIKE ? ESCAPE '\\' ORDER BY name", [pattern]
    ).fetchall()
    return [row[0] for row in rows]


def test_a_search_in_lower_case_finds_a_capitalised_cyrillic_name(sqlite):
    assert _found(sqlite, "%асан%") == ["Асанов Бакыт"]
    assert _found(sqlite, "%матем%") == ["Математика, физика"]
    assert _found(sqlite, "%ӨМҮР%") == ["Өмүрбекова Айгүл"]  # the Kyrgyz letters too
    assert _found(sqlite, "%тарых%") == []


def test_wildcards_and_escapes_keep_their_meaning(sqlite):
    assert _found(sqlite, "100\\%%") == ["100% бекитилди"]  # an escaped % is a percent sign
    assert _found(sqlite, "a\\_b") == ["a_b"]
    assert _found(sqlite, "a_b") == ["a_b"]
    assert _found(sqlite, "_сан%") == ["Асанов Бакыт"]  # one character, then the rest
    assert _found(sqlite, "Асан") == []  # no wildcard: the whole value
    assert sqlite.execute("SELECT NULL LIKE 'a'").fetchone() == (None,)
