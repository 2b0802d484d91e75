"""Numbers that must stay unique and consecutive when several processes write at once.

A counter row per council and name (`case:2027`, `meeting`, `audit`) is bumped with one
`INSERT … ON CONFLICT DO UPDATE … RETURNING` in the caller's transaction. On PostgreSQL the row stays
locked until that transaction ends, so a second process waits for the first to commit and then gets the
next number; on SQLite write transactions already take turns (`BEGIN IMMEDIATE`). Either way there is no
max + 1 race and no unique violation to recover from.
"""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any

from sqlalchemy import Table, bindparam, update
from sqlalchemy.orm import Session

from storage.dialects import PerDialect
from storage.models import Counter
from storage.plain import Plain

_LOGGER = logging.getLogger(__name__)


def _bump_statement(dialect: ModuleType) -> Any:
    """Built once per dialect (building the statement costs more than running it)."""
    table = Counter.__table__
    assert isinstance(table, Table)
    insert = dialect.insert(table).values(council_id=bindparam("council"), name=bindparam("name"), value=1, head="")
    return insert.on_conflict_do_update(
        index_elements=["council_id", "name"], set_={"value": table.c.value + 1}
    ).returning(table.c.value, table.c.head)


# Run on the driver's cursor (storage/plain.py): twice in a `/sak ny`, once in every audited command.
_BUMP = Plain(PerDialect(_bump_statement).__getitem__)
_TABLE = Counter.__table__
assert isinstance(_TABLE, Table)


def bump(session: Session, council_id: int, name: str) -> tuple[int, str]:
    """The next value of counter `name` (1 for a new one) and its `head`; the row is locked until commit."""
    ((value, head),) = _BUMP.run(session, {"council": council_id, "name": name}, autoflush=True)
    return int(value), str(head)


def next_number(session: Session, council_id: int, name: str) -> int:
    """The next number of counter `name` in this council, unique and consecutive under concurrency."""
    return bump(session, council_id, name)[0]


def give_back(session: Session, council_id: int, name: str) -> None:
    """Undo this transaction's `bump` of `name` (it found its work already done): the row is still locked
    by this transaction, so nobody took a number since, and the numbers stay without gaps."""
    session.execute(
        update(Counter).where(Counter.council_id == council_id, Counter.name == name).values(value=Counter.value - 1)
    )


# Run after every audited command (the audit chain's head), on the driver's cursor (storage/plain.py).
_SET_HEAD = Plain(
    update(_TABLE)
    .where(_TABLE.c.council_id == bindparam("council"), _TABLE.c.name == bindparam("counter"))
    .values(head=bindparam("head"))
)


def set_head(session: Session, council_id: int, name: str, head: str) -> None:
    """Record what the chain `name` needs next; call after `bump` in the same transaction."""
    _SET_HEAD.run(session, {"council": council_id, "counter": name, "head": head})
