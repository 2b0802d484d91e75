"""The outbox's database side: claim due rows so that exactly one sender works on each.

A claim is a lease (`claimed_by`, `claimed_until`) taken in its own short transaction. On PostgreSQL the
rows are picked with `FOR UPDATE SKIP LOCKED`; on SQLite every write transaction is `BEGIN IMMEDIATE`, so
two claimers are serialised and the second sees the first one's lease.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import case, or_, select
from sqlalchemy.orm import Session

from storage.models import Notice, NoticeState

_LOGGER = logging.getLogger(__name__)


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


def expire_abandoned(session: Session, now: datetime) -> list[Notice]:
    """Rows left in `sending` by a process that died mid-post: we cannot know if they went out.

    They are marked `uncertain` (shown in `/mote varsler`), never sent again silently.
    """
    rows = list(
        session.scalars(
            select(Notice)
            .where(Notice.state == NoticeState.SENDING, Notice.claimed_until < now)
            .with_for_update(skip_locked=True)
        )
    )
    for row in rows:
        row.state = NoticeState.UNCERTAIN
        row.note = "Prosessen stoppet mens varselet ble sendt; det kan ha gått ut."
    return rows


def next_due(session: Session) -> datetime | None:
    """When the next pending row falls due: the scheduler's next wake-up."""
    return session.scalar(
        select(Notice.due_at).where(Notice.state == NoticeState.PENDING).order_by(Notice.due_at).limit(1)
    )
