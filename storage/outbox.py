"""The outbox's database side: claim due rows so that exactly one sender works on each.

A claim is a lease (`claimed_by`, `claimed_until`) taken in its own short transaction. On PostgreSQL the
rows are picked with `FOR UPDATE SKIP LOCKED`; on SQLite every write transaction is `BEGIN IMMEDIATE`, so
two claimers are serialised and the second sees the first one's lease. Every query here is a range scan
of the `(state, due_at)` index: a sweep costs what is due, not what is stored.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import case, or_, select
from sqlalchemy.orm import Session

from storage.models import Notice, NoticeState

_LOGGER = logging.getLogger(__name__)

# `next_due` looks at this many of the earliest pending rows to see past leases others hold.
_LOOKAHEAD = 50


def claim_due(session: Session, now: datetime, worker: str, lease: timedelta, limit: int = 50) -> list[Notice]:
    """Pending rows due by `now` whose lease is free or expired, leased to `worker`."""
    query = (
        select(Notice)
        .where(
            Notice.state == NoticeState.PENDING,
            Notice.due_at <= now,
            or_(Notice.claimed_until.is_(None), Notice.claimed_until < now),
        )
        # Among rows due at the same moment, what a command just said goes before what it caused
        # ("Nytt møte planlagt" before the call for cases that the new meeting made due at once).
        .order_by(Notice.due_at, case((Notice.kind == "message", 0), else_=1), Notice.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list(session.scalars(query))
    for row in rows:
        row.claimed_by = worker
        row.claimed_until = now + lease
    return rows


def claim_abandoned(session: Session, now: datetime, worker: str, lease: timedelta) -> list[Notice]:
    """Rows left in `sending` by a process that died mid-post (their lease ran out), leased to `worker`
    for reconciling: the row's payload says which post was in flight (`bot.delivery.Sender.reconcile`)."""
    rows = list(
        session.scalars(
            select(Notice)
            .where(Notice.state == NoticeState.SENDING, Notice.claimed_until < now)
            .order_by(Notice.id)
            .with_for_update(skip_locked=True)
        )
    )
    for row in rows:
        row.claimed_by = worker
        row.claimed_until = now + lease
    return rows


def release(session: Session, worker: str) -> int:
    """Give back the pending rows `worker` claimed (graceful shutdown); return how many."""
    rows = session.scalars(select(Notice).where(Notice.claimed_by == worker, Notice.state == NoticeState.PENDING)).all()
    for row in rows:
        row.claimed_by, row.claimed_until = None, None
    return len(rows)


def next_due(session: Session) -> datetime | None:
    """The earliest moment a pending row can be claimed: the scheduler's next wake-up.

    A row leased by another process cannot be claimed before its lease ends, so waking at its `due_at`
    would only spin; the answer is never later than the true one (rows past the look-ahead are due later).
    """
    rows = session.execute(
        select(Notice.due_at, Notice.claimed_until)
        .where(Notice.state == NoticeState.PENDING)
        .order_by(Notice.due_at)
        .limit(_LOOKAHEAD)
    ).all()
    if not rows:
        return None
    earliest = min(max(due, leased) if leased is not None else due for due, leased in rows)
    return min(earliest, rows[-1][0]) if len(rows) == _LOOKAHEAD else earliest
