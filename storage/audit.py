"""The audit log as a hash chain per council, so that a line edited, deleted or slipped in shows.

Every line gets the next number of the council's `audit` counter (`seq`), the hash of the line before it
(`prev_hash`, the counter's `head`), and its own hash: SHA-256 of the canonical JSON of all its fields,
`seq` and `prev_hash` included. The counter row is bumped in the command's own transaction and stays
locked until commit (storage/counters.py), so several processes on PostgreSQL append one after another
and the chain never forks.

The chain covers no personal text: audit lines hold ids, verbs and old/new values of roster facts and
decision texts (council records), never a typed reason, case text or name. So erasing a member or blanking
reasons (retention) never touches a line the chain covers. The one thing retention does to the log itself
is delete the oldest lines after the configured years: it verifies the lines it deletes and moves the
chain's anchor (counter `audit:anchor`: how many lines were cut, and the hash of the last one cut), so
`verify` starts from there and still sees any other gap.

What a chain cannot show: someone who can write the database may rebuild every hash after an edit. The
head printed by `brukerrad audit verify`, noted down elsewhere now and then, shows that too.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType
from typing import Any, cast

from sqlalchemy import CursorResult, Result, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from storage import counters
from storage.dialects import PerDialect
from storage.models import AuditEntry, Counter, Member
from storage.plain import Plain

_LOGGER = logging.getLogger(__name__)

CHAIN = "audit"
ANCHOR = "audit:anchor"
# What `verify` can find: a line numbered before the anchor, lines missing (in the middle, at the end), a
# line not linked to the one before it, a line whose content does not match its hash, a last line that is
# not the counter's head, the counter gone, a line without a number after the chain began.
PROBLEMS = ("before_start", "missing", "missing_end", "link", "hash", "head", "no_counter", "unnumbered")

_TABLE = AuditEntry.__table__
_COUNTERS = Counter.__table__
assert isinstance(_TABLE, Table) and isinstance(_COUNTERS, Table)
# An audit line is written on every audited command and never read back in it: a plain statement on the
# driver's cursor (storage/plain.py), every column it writes named.
_COLUMNS = ("council_id", "member_id", "platform", "action", "subject", "detail", "at", "seq", "prev_hash", "hash")
_INSERT = Plain(insert(_TABLE).values({name: bindparam(name) for name in _COLUMNS}))


def _anchor_statement(dialect: ModuleType) -> Any:
    """Lock the anchor row (made if missing) and read it: the same upsert trick as the counters."""
    statement = dialect.insert(_COUNTERS).values(council_id=bindparam("council"), name=ANCHOR, value=0, head="")
    return statement.on_conflict_do_update(
        index_elements=["council_id", "name"], set_={"value": _COUNTERS.c.value}
    ).returning(_COUNTERS.c.value, _COUNTERS.c.head)


_LOCK_ANCHOR = PerDialect(_anchor_statement)


def _moment(at: datetime) -> str:
    """Stored naive in UTC with microseconds on both databases: this form survives the round trip."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def line_hash(
    *,
    council_id: int,
    seq: int,
    prev_hash: str,
    member_id: int | None,
    platform: str,
    action: str,
    subject: str,
    detail: dict[str, Any],
    at: datetime,
) -> str:
    """SHA-256 of the line's canonical JSON (sorted keys, no spaces, UTF-8)."""
    fields = {
        "council_id": council_id,
        "seq": seq,
        "prev_hash": prev_hash,
        "member_id": member_id,
        "platform": platform,
        "action": action,
        "subject": subject,
        "detail": detail,
        "at": _moment(at),
    }
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def append(
    session: Session,
    council_id: int,
    member_id: int | None,
    platform: str,
    action: str,
    subject: str,
    detail: dict[str, Any],
    at: datetime,
) -> None:
    """Write one audit line at the end of the council's chain, in the caller's transaction."""
    seq, prev_hash = counters.bump(session, council_id, CHAIN)
    digest = line_hash(
        council_id=council_id,
        seq=seq,
        prev_hash=prev_hash,
        member_id=member_id,
        platform=platform,
        action=action,
        subject=subject,
        detail=detail,
        at=at,
    )
    _INSERT.run(
        session,
        {
            "council_id": council_id,
            "member_id": member_id,
            "platform": platform,
            "action": action,
            "subject": subject,
            "detail": detail,
            "at": at,
            "seq": seq,
            "prev_hash": prev_hash,
            "hash": digest,
        },
    )
    counters.set_head(session, council_id, CHAIN, digest)


def _recomputed(entry: AuditEntry) -> str:
    assert entry.seq is not None
    return line_hash(
        council_id=entry.council_id,
        seq=entry.seq,
        prev_hash=entry.prev_hash,
        member_id=entry.member_id,
        platform=entry.platform,
        action=entry.action,
        subject=entry.subject,
        detail=entry.detail,
        at=entry.at,
    )


@dataclass(frozen=True)
class Verification:
    """The outcome of walking one council's chain."""

    lines: int  # lines checked (those in the chain)
    legacy: int  # lines from before the chain (seq NULL, revision 0001): not covered
    cut: int  # lines deleted by retention before the anchor
    head: str  # the hash of the last line
    # The first break found (None: the chain is whole), one of PROBLEMS; handlers/texts.py says it in words.
    problem: str | None = None
    seq: int | None = None  # the line the problem is at (the first of them, for missing lines)
    until: int | None = None  # the last missing line, or the id of a line slipped in without a number

    @property
    def ok(self) -> bool:
        return self.problem is None


def _counter(session: Session, council_id: int, name: str) -> tuple[int, str] | None:
    row = session.execute(
        select(Counter.value, Counter.head).where(Counter.council_id == council_id, Counter.name == name)
    ).first()
    return None if row is None else (int(row.value), str(row.head))


@contextmanager
def _chained(session: Session, council_id: int) -> Iterator[Iterator[AuditEntry]]:
    """The chain's lines in order, read in batches; the result is closed however the walk ends (on
    PostgreSQL a streamed read holds a server-side cursor until then)."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.council_id == council_id, AuditEntry.seq.is_not(None))
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=500)
    )
    result = session.scalars(query)
    try:
        yield iter(result)
    finally:
        result.close()


def verify(session: Session, council_id: int) -> Verification:
    """Walk the council's chain from its anchor; report the first line edited, deleted or out of order."""
    cut, expected_prev = _counter(session, council_id, ANCHOR) or (0, "")
    legacy = int(
        session.scalar(select(func.count()).where(AuditEntry.council_id == council_id, AuditEntry.seq.is_(None))) or 0
    )
    expected_seq = cut + 1
    lines = 0
    first_id: int | None = None

    def broken(problem: str, seq: int | None, until: int | None = None) -> Verification:
        return Verification(lines, legacy, cut, expected_prev, problem, seq, until)

    with _chained(session, council_id) as chain:
        for entry in chain:
            assert entry.seq is not None
            if first_id is None:
                first_id = entry.id
            if entry.seq < expected_seq:
                return broken("before_start", entry.seq, cut + 1)
            if entry.seq > expected_seq:
                return broken("missing", expected_seq, entry.seq - 1)
            if entry.prev_hash != expected_prev:
                return broken("link", entry.seq)
            if _recomputed(entry) != entry.hash:
                return broken("hash", entry.seq)
            expected_prev = entry.hash
            expected_seq += 1
            lines += 1
    last = expected_seq - 1
    counter = _counter(session, council_id, CHAIN)
    if counter is not None:
        value, head = counter
        if value > last:
            return broken("missing_end", last + 1, value)
        if head != expected_prev:
            return broken("head", last)
    elif lines:
        return broken("no_counter", None)
    if first_id is not None and legacy:
        late = session.scalar(
            select(func.min(AuditEntry.id)).where(
                AuditEntry.council_id == council_id, AuditEntry.seq.is_(None), AuditEntry.id > first_id
            )
        )
        if late is not None:
            return broken("unnumbered", None, int(late))
    return Verification(lines, legacy, cut, expected_prev)


def cut_before(session: Session, council_id: int, before: datetime) -> int:
    """Retention: delete the chain's oldest lines written before `before`, and lines from before the chain.

    Only a prefix is cut, and only after checking it: the lines cut are verified (hashes and links) and the
    anchor moves to the last of them, so `verify` still starts from a checked point. A prefix that does not
    verify is kept (it is evidence) and 0 is returned; the operator sees it in `brukerrad audit verify`.
    """
    dialect = session.get_bind().dialect.name
    anchor = session.execute(_LOCK_ANCHOR[dialect], {"council": council_id}).one()
    cut, expected_prev = int(anchor.value), str(anchor.head)
    last_seq: int | None = None
    with _chained(session, council_id) as chain:
        for entry in chain:
            assert entry.seq is not None
            if entry.at >= before:
                break
            if entry.seq != cut + 1 or entry.prev_hash != expected_prev or _recomputed(entry) != entry.hash:
                _LOGGER.warning(
                    "audit chain of council %s does not verify at line %s; old lines kept", council_id, entry.seq
                )
                return 0
            cut, expected_prev, last_seq = entry.seq, entry.hash, entry.seq
    deleted = 0
    if last_seq is not None:
        deleted += touched(
            session.execute(delete(AuditEntry).where(AuditEntry.council_id == council_id, AuditEntry.seq <= last_seq))
        )
        session.execute(
            update(Counter)
            .where(Counter.council_id == council_id, Counter.name == ANCHOR)
            .values(value=cut, head=expected_prev)
        )
    return deleted + touched(
        session.execute(
            delete(AuditEntry).where(
                AuditEntry.council_id == council_id, AuditEntry.seq.is_(None), AuditEntry.at < before
            )
        )
    )


def touched(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched."""
    return int(cast(CursorResult[Any], result).rowcount or 0)


def lines_about(session: Session, council_id: int, action: str, subject: str) -> list[AuditEntry]:
    """The lines of one action on one subject, oldest first (an overwritten decision's earlier texts)."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.council_id == council_id, AuditEntry.action == action, AuditEntry.subject == subject)
            .order_by(AuditEntry.id)
        )
    )


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """`{field: [old, new]}` for every field whose value changed: what an audit line of a change holds."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def member_facts(member: Member) -> dict[str, Any]:
    """A roster entry's facts as an audit line keeps them (old and new on a change). Not the name: a name
    in the chain could never be erased (a changed name shows in `fields` as `navn`, without its values)."""
    return {
        "role": member.role.value,
        "organisation_id": member.organisation_id,
        "term_start": member.term_start.isoformat() if member.term_start else None,
        "term_end": member.term_end.isoformat() if member.term_end else None,
        "active": member.active,
    }
