"""Conflicts of interest (habilitet): members report them themselves, per case.

Mandate: "Brukerrådets representanter må selv melde fra om det oppstår habilitetsutfordringer."
A declaration is shown to the leader and marked on the agenda.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from handlers import texts
from handlers.agenda import case_and_note
from handlers.context import Context
from handlers.errors import UserError
from handlers.limits import LIMITS, check_length
from handlers.lookup import has_signed, in_term, split_first
from handlers.replies import DirectMessage, Reply
from storage.models import CaseState, ConflictDeclaration, Member, Role

_LOGGER = logging.getLogger(__name__)

REASON_MAX = LIMITS["conflict_reason"]


def declare(ctx: Context, args: str) -> Reply:
    me = ctx.me  # an observer is refused by the command table
    number, reason = split_first(args)
    if not number:
        raise UserError(texts.USAGE_HABILITET)
    case, note = case_and_note(ctx, number)
    reason = " ".join(reason.split())
    if not reason:
        raise UserError(texts.CONFLICT_NEEDS_REASON.format(label=case.label))
    check_length("conflict_reason", reason)
    if case.state in (CaseState.WITHDRAWN, CaseState.REJECTED):
        raise UserError(texts.CONFLICT_CASE_CLOSED.format(label=case.label, state=texts.CASE_STATES[case.state]))
    existing = ctx.session.scalar(
        select(ConflictDeclaration).where(
            ConflictDeclaration.case_id == case.id, ConflictDeclaration.member_id == me.id
        )
    )
    if existing is not None and existing.reason == reason:
        return Reply(texts.CONFLICT_ALREADY.format(label=case.label))
    if existing is None:
        ctx.session.add(ConflictDeclaration(case_id=case.id, member_id=me.id, reason=reason, declared_at=ctx.now))
    else:
        existing.reason, existing.declared_at = reason, ctx.now
    ctx.audit("conflict.declared", case.label, updated=existing is not None)  # never the reason
    leaders = ctx.session.scalars(
        select(Member).where(
            Member.council_id == ctx.council.id,
            Member.active.is_(True),
            Member.role == Role.LEADER,
            Member.id != me.id,
            in_term(ctx.today),
        )
    ).all()
    # The reason only to a leader who has signed the declaration; an unsigned one learns that, not why.
    dms = tuple(
        DirectMessage(
            leader.id,
            texts.CONFLICT_TO_LEADER.format(
                member=texts.member_label(me), label=case.label, title=case.title, reason=reason
            )
            if has_signed(ctx, leader)
            else texts.CONFLICT_TO_LEADER_UNSIGNED.format(
                member=texts.member_label(me), label=case.label, title=case.title
            ),
        )
        for leader in leaders
    )
    text = texts.CONFLICT_RECORDED.format(label=case.label, title=case.title)
    return Reply(f"{text}\n{note}" if note else text, direct_messages=dms)
