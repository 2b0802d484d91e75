"""Retention: personal data kept only as long as the council needs it (GDPR art. 5(1)(e), storage limitation).

Run by the scheduler once a day and by hand (`brukerrad retention run`). Every step is "remove what is older
than the limit and not removed yet", so running it twice, or in two processes at once, removes nothing
more the second time (and writes no second audit line, since a run that changed nothing is not logged).

- Absence and conflict-of-interest reasons (may be health data) are blanked `reason_days` after the
  meeting they were for (a conflict on a case with no meeting: after it was declared). The answer itself
  (came, absent) stays: it is the council's attendance record.
- Texts of messages that are out of the outbox (sent, skipped, failed, cancelled) are blanked
  `message_days` after they went; the row stays as the record that something was sent.
- Delivery keys (what makes a repeated Slack/Telegram delivery change nothing) go after
  `delivery_key_days`; platforms repeat a delivery within minutes or hours, never weeks.
- Invites are deleted `invite_days` after they expired or were used.
- Audit lines go after `audit_days`, the oldest first, by moving the hash chain's anchor (storage/audit.py):
  the chain covers no personal text, so nothing above touches it, and it still verifies afterwards.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from storage import audit
from storage.audit import touched
from storage.models import (
    Attendance,
    Case,
    ConflictDeclaration,
    Council,
    Delivery,
    Invite,
    Meeting,
    Member,
    Notice,
    NoticeState,
)
from storage.outbox import without_text

_LOGGER = logging.getLogger(__name__)

_FINISHED = (
    NoticeState.SENT,
    NoticeState.SKIPPED,
    NoticeState.FAILED,
    NoticeState.CANCELLED,
    NoticeState.UNCERTAIN,
)


@dataclass(frozen=True)
class RetentionPolicy:
    """How long things are kept, in days (`[retention]` in the configuration)."""

    reason_days: int = 183  # about six months after the meeting
    message_days: int = 30
    delivery_key_days: int = 14
    audit_days: int = 1827  # five years
    invite_days: int = 30


def run_council(session: Session, council_id: int, policy: RetentionPolicy, now: datetime) -> dict[str, int]:
    """Apply the policy to one council in the caller's transaction; return what was removed."""
    reason_cutoff = now - timedelta(days=policy.reason_days)
    old_meetings = select(Meeting.id).where(Meeting.council_id == council_id, Meeting.start < reason_cutoff)
    reasons = touched(
        session.execute(
            update(Attendance)
            .where(Attendance.meeting_id.in_(old_meetings), Attendance.reason != "")
            .values(reason="")
            .execution_options(synchronize_session=False)
        )
    )
    conflicts = touched(
        session.execute(
            update(ConflictDeclaration)
            .where(
                ConflictDeclaration.reason != "",
                or_(
                    ConflictDeclaration.case_id.in_(select(Case.id).where(Case.meeting_id.in_(old_meetings))),
                    # A case with no meeting (withdrawn, rejected before it got one): from the declaration.
                    ConflictDeclaration.case_id.in_(
                        select(Case.id).where(Case.council_id == council_id, Case.meeting_id.is_(None))
                    )
                    & (ConflictDeclaration.declared_at < reason_cutoff),
                ),
            )
            .values(reason="")
            .execution_options(synchronize_session=False)
        )
    )

    message_cutoff = now - timedelta(days=policy.message_days)
    messages = 0
    for notice in session.scalars(
        select(Notice)
        .where(
            Notice.council_id == council_id,
            Notice.state.in_(_FINISHED),
            or_(Notice.sent_at < message_cutoff, Notice.sent_at.is_(None) & (Notice.due_at < message_cutoff)),
        )
        # On PostgreSQL a second process doing the same waits here, then reads the rows already blanked.
        .with_for_update()
    ):
        blanked = without_text(notice.payload)
        if blanked is not None:
            notice.payload = blanked
            messages += 1

    invite_cutoff = now - timedelta(days=policy.invite_days)
    invites = touched(
        session.execute(
            delete(Invite)
            .where(
                Invite.member_id.in_(select(Member.id).where(Member.council_id == council_id)),
                or_(Invite.expires_at < invite_cutoff, Invite.used_at < invite_cutoff),
            )
            .execution_options(synchronize_session=False)
        )
    )

    audit_lines = audit.cut_before(session, council_id, now - timedelta(days=policy.audit_days))
    done = {
        "reasons": reasons,
        "conflict_reasons": conflicts,
        "message_texts": messages,
        "invites": invites,
        "audit_lines": audit_lines,
    }
    if any(done.values()):
        audit.append(session, council_id, None, "scheduler", "retention.run", "", {**done}, now)
    return done


def run_deliveries(session: Session, policy: RetentionPolicy, now: datetime) -> int:
    """Delivery keys belong to no council: removed for the whole database."""
    cutoff = now - timedelta(days=policy.delivery_key_days)
    return touched(session.execute(delete(Delivery).where(Delivery.at < cutoff)))


def run_all(session: Session, policy: RetentionPolicy, now: datetime) -> dict[str, dict[str, int]]:
    """Every council's retention and the delivery keys, in the caller's transaction."""
    result = {
        council.slug: run_council(session, council.id, policy, now)
        for council in session.scalars(select(Council).order_by(Council.id))
    }
    result[""] = {"delivery_keys": run_deliveries(session, policy, now)}
    _LOGGER.info("retention done: %s", {slug or "all": counts for slug, counts in result.items()})
    return result
