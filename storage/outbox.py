"""The outbox's database side: claim due rows so that exactly one sender works on each.

A claim is a lease (`claimed_by`, `claimed_until`) taken in its own short transaction. On PostgreSQL the
rows are picked with `FOR UPDATE SKIP LOCKED`; on SQLite every write transaction is `BEGIN IMMEDIATE`, so
two claimers are serialised and the second sees the first one's lease. Every query here is a range scan
of the `(state, due_at)` index: a sweep costs what is due, not what is stored.

The row's JSON `payload` is read and written only here, through typed values: `Message` (what a row says
to post) and `Progress` (how far its delivery got). Their `from_json` reads every row earlier versions
wrote, so existing databases need no migration.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any, Protocol

from sqlalchemy import Table, case, or_, select
from sqlalchemy.orm import Session

from storage.dialects import PerDialect
from storage.models import Notice, NoticeState

_LOGGER = logging.getLogger(__name__)

# --- what a row says to post ---------------------------------------------------------------------------

# A button as stored: (label, command, style). `handlers.replies.Button` has the same three fields.
StoredButton = tuple[str, str, str]


class _ButtonLike(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def command(self) -> str: ...
    @property
    def style(self) -> str: ...


def buttons_to_json(buttons: Iterable[_ButtonLike]) -> list[list[str]]:
    """The one way buttons are written into a row (storage knows no `Button`, only its three fields)."""
    return [[b.label, b.command, b.style] for b in buttons]


def buttons_from_json(rows: Sequence[Sequence[str]]) -> tuple[StoredButton, ...]:
    """Rows written before buttons had a style hold only (label, command)."""
    return tuple((row[0], row[1], row[2] if len(row) > 2 else "") for row in rows)


@dataclass(frozen=True)
class Message:
    """A message ready to post: written by a command, one person's share of a group notice, or the
    snapshot of an earlier rendering (kept so a retry posts the same words)."""

    text: str
    buttons: tuple[StoredButton, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "buttons": [list(b) for b in self.buttons]}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Message:
        return cls(raw.get("text") or "", buttons_from_json(raw.get("buttons", [])))


def message_payload(
    text: str, buttons: Iterable[_ButtonLike], *, ref: str | None = None, parent: str | None = None
) -> dict[str, Any]:
    """The payload of a row that carries its own text: a command's message (`ref` names a post later
    edits replace) or one person's share of a group notice (`parent` is the group row's key)."""
    payload: dict[str, Any] = {"text": text, "buttons": buttons_to_json(buttons)}
    if parent is not None:
        payload = {"parent": parent, **payload}
    else:
        payload["ref"] = ref
    return payload


def ready_message(payload: Mapping[str, Any]) -> Message | None:
    """What the row will post without rendering: its earlier rendering, or the text it was written with."""
    rendered = payload.get("rendered")
    if isinstance(rendered, dict):
        return Message.from_json(rendered)
    if "text" in payload:
        return Message.from_json(payload)
    return None


def reference(payload: Mapping[str, Any]) -> str | None:
    """The name of the channel post this row replaces when it is posted again (a tally that is edited)."""
    ref = payload.get("ref")
    return ref if isinstance(ref, str) else None


def only_platform(payload: Mapping[str, Any]) -> str | None:
    """A channel row meant for one platform's channel only (a note about that platform, such as
    Telegram's "press Start"); None: every channel the council is bound to."""
    platform = payload.get("platform")
    return platform if isinstance(platform, str) else None


def is_share(payload: Mapping[str, Any]) -> bool:
    """One person's row split off a group notice (`Sender._expand`)."""
    return "parent" in payload


def with_rendered(payload: Mapping[str, Any], message: Message) -> dict[str, Any]:
    return {**payload, "rendered": message.to_json()}


def message_text(payload: Mapping[str, Any]) -> str:
    """The words the row holds (or held), for a person's data export."""
    text = payload.get("text")
    rendered = payload.get("rendered")
    if not text and isinstance(rendered, dict):
        text = rendered.get("text")
    return text if isinstance(text, str) else ""


def without_text(payload: Mapping[str, Any]) -> dict[str, Any] | None:
    """The payload with its message text blanked, or None when it holds none (any more): retention and
    erasure keep the row (its state is the record that something went out) but not the words."""
    changed = dict(payload)
    if changed.get("text"):
        changed["text"] = ""
    rendered = changed.get("rendered")
    if isinstance(rendered, dict) and rendered.get("text"):
        changed["rendered"] = {**rendered, "text": ""}
    return changed if changed != payload else None


def plan_once(
    session: Session,
    *,
    key: str,
    council_id: int,
    kind: str,
    payload: Mapping[str, Any],
    due_at: datetime,
    member_id: int | None = None,
) -> bool:
    """Add a row unless one with its natural `key` exists; True when this call added it.

    One `INSERT … ON CONFLICT DO NOTHING`, not a lookup and an insert: two processes planning the same
    row at the same moment (two replicas' senders) cannot both pass a lookup; on PostgreSQL the second
    waits for the first to commit and then inserts nothing, on SQLite the writes are serialised anyway.
    """
    values = {
        "key": key,
        "council_id": council_id,
        "kind": kind,
        "member_id": member_id,
        "payload": dict(payload),
        "due_at": due_at,
        "created_at": due_at,
    }
    statement = _PLAN_ONCE[session.get_bind().dialect.name]
    return session.execute(statement, values).first() is not None


def _plan_once_statement(dialect: ModuleType) -> Any:
    """Built once per dialect, with the dialect's module imported only then (storage/dialects.py)."""
    table = Notice.__table__
    assert isinstance(table, Table)
    return dialect.insert(table).on_conflict_do_nothing(index_elements=["key"]).returning(table.c.id)


_PLAN_ONCE = PerDialect(_plan_once_statement)


# --- how far a row's delivery got -----------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Which posts of a row went out (`done`), may have (`uncertain`: a crash between the platform's answer
    and our commit), can never (`failed`), and which one is being made now (`inflight`).

    A post is named by its label, `platform:address`. Every change returns a new value; the sender writes
    it back with `store`.
    """

    done: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    inflight: str | None = None

    @classmethod
    def from_json(cls, payload: Mapping[str, Any]) -> Progress:
        return cls(
            tuple(payload.get("done", [])),
            tuple(payload.get("uncertain", [])),
            tuple(payload.get("failed", [])),
            payload.get("inflight"),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "done": list(self.done),
            "uncertain": list(self.uncertain),
            "failed": list(self.failed),
            "inflight": self.inflight,
        }

    def store(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """The row's payload with this progress in it (the rest of the payload kept)."""
        return {**payload, **self.to_json()}

    @property
    def handled(self) -> frozenset[str]:
        """Posts not to be made again: done, possibly done, or impossible."""
        return frozenset((*self.done, *self.uncertain, *self.failed))

    def begin(self, label: str) -> Progress:
        """About to make the post `label`: committed before it is made."""
        return replace(self, inflight=label)

    def posted(self, label: str) -> Progress:
        return replace(self, done=_union(self.done, [label]))

    def refused(self, label: str) -> Progress:
        """The platform said this post can never succeed."""
        return replace(self, failed=_union(self.failed, [label]))

    def merged(self, ours: Progress) -> Progress:
        """What another sender recorded (self, read from the row) plus what we know went out (`ours`):
        our post may have outlived our lease and the row been reconciled meanwhile. Nothing in flight."""
        done = _union(self.done, ours.done)
        return Progress(
            done,
            tuple(u for u in self.uncertain if u not in done),
            tuple(f for f in _union(self.failed, ours.failed) if f not in done),
        )

    def settled(self, delivered: bool | None, labels: Sequence[str]) -> Progress:
        """After a crash: the post in flight went out (True), surely not (False: it will be made again), or
        nobody can tell (None: uncertain). `labels` are all the row's posts, for rows that named none in
        flight (written before posts were tracked one by one): all of those not recorded are unknown."""
        if self.inflight is None:
            unknown = [label for label in labels if label not in {*self.done, *self.failed}]
            return Progress(self.done, _union(self.uncertain, unknown), self.failed)
        if delivered is True:
            return Progress(_union(self.done, [self.inflight]), self.uncertain, self.failed)
        if delivered is None:
            return Progress(self.done, _union(self.uncertain, [self.inflight]), self.failed)
        return replace(self, inflight=None)


def _union(first: Sequence[str], second: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*first, *second]))


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
