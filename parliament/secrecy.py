"""The last trace of who chose what: old row versions of the vote counters (SP-1.4, SP-3.1).

A vote adds one to its candidate's counter and rewrites every other counter of the ballot in the same
transaction, so the live rows tell nothing. PostgreSQL, though, keeps each replaced row version until
VACUUM removes it, stamped with the transaction that replaced it: a database superuser reading the
table's pages could diff those versions vote by vote against the turnout roll. `sweep()` rewrites the
counter tables (VACUUM FULL: a new file, the old one gone), and runs when an election's voting closes
for the count; `manage.py sweep_ballots` does the same for polls and is meant for a schedule (README).

Outside what the app can protect: someone with superuser rights watching the database while people
vote, and the write-ahead log and backups of the voting period, which the operator must keep as
confidential as the ballot box.
"""

from __future__ import annotations

import logging
import time

from django.db import connection, transaction

from parliament.models import PollOption, Tally, Turnout

COUNTERS = (Tally, PollOption)
# The turnout roll: its ids are random, but each row still stands where it was written (its place in
# the table's pages) and carries the id of the transaction that wrote it (xmin), both in the order
# people voted. Every row is first written again by one transaction (one xmin for all), then the table
# is rewritten in the order of the random ids without the old versions (CLUSTER): neither says who
# voted when any more. (A poll's roll keeps sequential ids: not yet swept this way.)
ROLLS = (Turnout,)
# VACUUM keeps a replaced row version that an older snapshot of another session may still read (a
# long report, a backup's dump, autovacuum's ANALYZE): the sweep waits up to this long for them to end.
WAIT_FOR_SNAPSHOTS = 10.0
logger = logging.getLogger(__name__)


def _older_snapshots(cursor) -> int:
    """Other sessions of this database holding a snapshot (they keep old row versions alive)."""
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL"
    )
    return int(cursor.fetchone()[0])


def _wait_for_older_snapshots(cursor, seconds: float = WAIT_FOR_SNAPSHOTS) -> bool:
    deadline = time.monotonic() + seconds
    while _older_snapshots(cursor):
        if time.monotonic() >= deadline:
            logger.warning(
                "Another session held a snapshot through the ballot sweep: old counter versions may "
                "remain until the next sweep (manage.py sweep_ballots)."
            )
            return False
        time.sleep(0.1)
    return True


def sweep() -> bool:
    """Rewrite the vote counter tables and the rolls; True when done (PostgreSQL, outside a
    transaction)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        _wait_for_older_snapshots(cursor)
        for counter in COUNTERS:
            cursor.execute(f"VACUUM FULL {connection.ops.quote_name(counter._meta.db_table)}")
        for roll in ROLLS:
            table = roll._meta.db_table
            cursor.execute(
                "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND x.indisprimary",
                [table],
            )
            (primary_key,) = cursor.fetchone()
            quote = connection.ops.quote_name
            cursor.execute(f"UPDATE {quote(table)} SET id = id")  # noqa: S608 - a model's own table
            cursor.execute(f"CLUSTER {quote(table)} USING {quote(primary_key)}")
    return True


def sweep_after_commit() -> None:
    """Once the current transaction has committed (VACUUM cannot run inside one)."""
    transaction.on_commit(sweep)
