"""The confidentiality declaration (taushetserklæring): read it, sign it, see who has signed.

Mandate: every representative signs. A signature stores the time and the exact version (hash) of the text
signed; a member who has not signed the current version sees case titles only.
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from handlers import texts
from handlers.context import Context
from handlers.dates import MONTHS
from handlers.errors import UserError
from handlers.lookup import current_declaration, has_signed, split_first
from handlers.replies import Button, Reply
from storage.models import DeclarationText, Member, Signature

_LOGGER = logging.getLogger(__name__)

SHORT_HASH = 8


def version_label(ctx: Context, declaration: DeclarationText) -> str:
    """`1, 1. desember 2026`: the declaration's version as a volunteer reads it (its number in the council's
    order and the day it took effect). The hash stays the proof of the exact text, in the audit line and
    in the signing button's command."""
    number = ctx.session.scalar(
        select(func.count())
        .select_from(DeclarationText)
        .where(DeclarationText.council_id == ctx.council.id, DeclarationText.id <= declaration.id)
    )
    day = ctx.local(declaration.created_at).date()
    return texts.DECLARATION_VERSION.format(number=number or 1, day=f"{day.day}. {MONTHS[day.month - 1]} {day.year}")


def show(ctx: Context, args: str) -> Reply:
    me = ctx.me
    declaration = current_declaration(ctx)
    version = declaration.sha256[:SHORT_HASH]
    lines = [texts.DECLARATION_HEADING.format(version=version_label(ctx, declaration)), "", declaration.text, ""]
    if has_signed(ctx, me):
        lines.append(texts.DECLARATION_SIGNED_ALREADY)
        return Reply("\n".join(lines))
    lines.append(texts.DECLARATION_PLEASE_SIGN)
    return Reply("\n".join(lines), (Button(texts.BUTTON_SIGN, f"/taushet signer {version}", "primary"),))


def sign(ctx: Context, args: str) -> Reply:
    me = ctx.me
    declaration = current_declaration(ctx)
    version = split_first(args)[0].lower()
    if version and not declaration.sha256.startswith(version):
        raise UserError(texts.DECLARATION_CHANGED, (Button(texts.BUTTON_READ_DECLARATION, "/taushet", "primary"),))
    if has_signed(ctx, me):
        return Reply(texts.DECLARATION_SIGNED_ALREADY)
    ctx.session.add(Signature(member_id=me.id, declaration_id=declaration.id, signed_at=ctx.now, platform=ctx.platform))
    ctx.audit("declaration.signed", declaration.sha256[:SHORT_HASH])
    return Reply(texts.DECLARATION_THANKS.format(version=version_label(ctx, declaration)))


def status(ctx: Context, args: str) -> Reply:
    declaration = current_declaration(ctx)
    signed = {
        s.member_id: s for s in ctx.session.scalars(select(Signature).where(Signature.declaration_id == declaration.id))
    }
    members = ctx.session.scalars(
        select(Member).where(Member.council_id == ctx.council.id, Member.active.is_(True)).order_by(Member.name)
    ).all()
    ctx.audit("declaration.status_read", declaration.sha256[:SHORT_HASH])  # who has signed: a sensitive read
    lines = [texts.DECLARATION_STATUS_HEADING.format(version=version_label(ctx, declaration))]
    missing = 0
    for member in members:
        signature = signed.get(member.id)
        if signature is None:
            missing += 1
            lines.append(texts.DECLARATION_STATUS_MISSING.format(member=texts.member_label(member)))
        else:
            lines.append(
                texts.DECLARATION_STATUS_SIGNED.format(
                    member=texts.member_label(member), day=texts.day(ctx.local(signature.signed_at))
                )
            )
    lines.append(texts.DECLARATION_STATUS_SUMMARY.format(signed=len(members) - missing, total=len(members)))
    return Reply("\n".join(lines))
