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

from django.db import connection, transaction

from parliament.models import PollOption, Tally

COUNTERS = (Tally, PollOption)


def sweep() -> bool:
    """Rewrite the vote counter tables; True when done (PostgreSQL, outside a transaction)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        for model in COUNTERS:
            cursor.execute(f"VACUUM FULL {connection.ops.quote_name(model._meta.db_table)}")
    return True


def sweep_after_commit() -> None:
    """Once the current transaction has committed (VACUUM cannot run inside one)."""
    transaction.on_commit(sweep)
