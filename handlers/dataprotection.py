"""Data protection for one person (GDPR art. 15 access, art. 17 erasure): export and erase a member.

Platform-neutral: `brukerrad member export|erase` (bot/cli.py) calls these in one transaction each.
Export gathers everything the bot holds about the person. Erasure anonymises rather than deletes the
roster row: cases, attendance and audit lines are the council's records and point at it by id, so they
stay, and show "Slettet medlem 12" instead of the name. What identifies or describes the person goes:
the name, chat accounts, invites, absence and conflict reasons, and the texts of messages to or about them.
Audit lines stay as they are: they hold ids, never names or reasons (handlers/context.py), so the hash
chain still verifies after an erasure.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from handlers import places, texts
from storage import audit
from storage.models import (
    Attendance,
    AuditEntry,
    Case,
    ChatIdentity,
    ConflictDeclaration,
    DeclarationText,
    DeputyCall,
    Invite,
    Meeting,
    Member,
    Notice,
    NoticeState,
    Organisation,
    RollCall,
    Signature,
)
from storage.outbox import message_text, without_text

_LOGGER = logging.getLogger(__name__)

# A message not yet out is stopped; one that is out keeps its row (the outbox's record) without its text.
_NOT_SENT = (NoticeState.PENDING, NoticeState.SENDING)


class AmbiguousName(Exception):
    """No single member has exactly this name; `candidates` are the members it could mean."""

    def __init__(self, candidates: list[Member]) -> None:
        super().__init__(len(candidates))
        self.candidates = candidates


def find_member(session: Session, council_id: int, name: str | None, member_id: int | None) -> Member:
    """The one member `--id` names, or whose whole name is `name` (case-insensitive, ended members too).

    Erasure cannot be undone, so no guessing from a part of a name as the chat commands do: several
    people with that name, or none, raise `AmbiguousName` with the candidates to choose from by id.
    """
    members = list(session.scalars(select(Member).where(Member.council_id == council_id).order_by(Member.id)))
    if member_id is not None:
        found = [m for m in members if m.id == member_id]
        if found:
            return found[0]
        raise AmbiguousName([])
    wanted = " ".join((name or "").split()).casefold()
    exact = [m for m in members if m.name.casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise AmbiguousName(exact)
    raise AmbiguousName([m for m in members if wanted and wanted in m.name.casefold()])


def _message_text(notice: Notice) -> str:
    return message_text(notice.payload)


def _day(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _messages(session: Session, council_id: int, member: Member) -> tuple[list[Notice], list[Notice]]:
    """Outbox rows to the member, and rows to others (or the channel) whose text names them."""
    rows = list(session.scalars(select(Notice).where(Notice.council_id == council_id).order_by(Notice.id)))
    to = [n for n in rows if n.member_id == member.id or n.payload.get("member") == member.id]
    about = [n for n in rows if n not in to and member.name and member.name in _message_text(n)]
    return to, about


def _audit_lines(session: Session, council_id: int, member_id: int) -> list[AuditEntry]:
    """Lines the member wrote, and lines about them (their roster entry, a deputy call for or of them)."""
    rows = session.scalars(select(AuditEntry).where(AuditEntry.council_id == council_id).order_by(AuditEntry.id))
    mine: list[AuditEntry] = []
    for entry in rows:
        detail = entry.detail or {}
        if (
            entry.member_id == member_id
            or (entry.action.startswith("member.") and entry.subject == str(member_id))
            or member_id in (detail.get("deputy"), detail.get("for_member"))
        ):
            mine.append(entry)
    return mine


def export(session: Session, council_id: int, member: Member, now: datetime) -> dict[str, Any]:
    """Everything held about `member`, as plain JSON values; the export itself is audited."""
    meetings = {m.id: m for m in session.scalars(select(Meeting).where(Meeting.council_id == council_id))}
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.council_id == council_id))}
    organisation = session.get(Organisation, member.organisation_id) if member.organisation_id else None

    def meeting_ref(meeting_id: int | None) -> dict[str, Any] | None:
        meeting = meetings.get(meeting_id) if meeting_id is not None else None
        return None if meeting is None else {"number": meeting.number, "start": _day(meeting.start)}

    to, about = _messages(session, council_id, member)
    declarations = {d.id: d.sha256 for d in session.scalars(select(DeclarationText))}
    data: dict[str, Any] = {
        "exported_at": _day(now),
        "member": {
            "id": member.id,
            "name": member.name,
            "role": member.role.value,
            "organisation": organisation.name if organisation else None,
            "term_start": _day(member.term_start),
            "term_end": _day(member.term_end),
            "active": member.active,
            "created_at": _day(member.created_at),
            "email": member.email,
            "reach": member.reach,
            "email_refused_at": _day(member.email_refused_at),
        },
        "chat_identities": [
            _account(session, i)
            for i in session.scalars(select(ChatIdentity).where(ChatIdentity.member_id == member.id))
        ],
        "invites": [
            {
                "code": i.code,
                "created_at": _day(i.created_at),
                "expires_at": _day(i.expires_at),
                "used_at": _day(i.used_at),
            }
            for i in session.scalars(select(Invite).where(Invite.member_id == member.id))
        ],
        "attendance": [
            {
                "meeting": meeting_ref(a.meeting_id),
                "answer": a.answer.value,
                "reason": a.reason,
                "called_in_for": a.called_in_for_id,
                "answered_at": _day(a.answered_at),
            }
            for a in session.scalars(select(Attendance).where(Attendance.member_id == member.id))
        ],
        "deputy_calls": [
            {"meeting": meeting_ref(d.meeting_id), "deputy": d.deputy_id, "for_member": d.for_member_id}
            for d in session.scalars(
                select(DeputyCall).where(or_(DeputyCall.deputy_id == member.id, DeputyCall.for_member_id == member.id))
            )
        ],
        "roll_calls": [
            {
                "meeting": meeting_ref(r.meeting_id),
                "present": r.present,
                "forfall": r.forfall,
                "arrived_at": _day(r.arrived_at),
                "arrived_after_item": r.arrived_after_item,
                "left_at": _day(r.left_at),
                "left_after_item": r.left_after_item,
                "for_member": r.for_member_id,
            }
            for r in session.scalars(
                select(RollCall).where(or_(RollCall.member_id == member.id, RollCall.for_member_id == member.id))
            )
        ],
        "signatures": [
            {"declaration": declarations.get(s.declaration_id), "signed_at": _day(s.signed_at), "platform": s.platform}
            for s in session.scalars(select(Signature).where(Signature.member_id == member.id))
        ],
        "conflict_declarations": [
            {
                "case": cases[c.case_id].label if c.case_id in cases else None,
                "reason": c.reason,
                "declared_at": _day(c.declared_at),
            }
            for c in session.scalars(select(ConflictDeclaration).where(ConflictDeclaration.member_id == member.id))
        ],
        "cases_submitted": [
            {
                "case": c.label,
                "title": c.title,
                "description": c.description,
                "state": c.state.value,
                "meeting": meeting_ref(c.meeting_id),
                "reason": c.reason,
                "decision": c.decision,
                "created_at": _day(c.created_at),
            }
            for c in sorted(cases.values(), key=lambda c: (c.year, c.number))
            if c.submitter_id == member.id
        ],
        "messages_to_them": [_notice(n) for n in to],
        "messages_about_them": [_notice(n) for n in about],
        "audit_log": [
            {
                "seq": e.seq,
                "at": _day(e.at),
                "by": e.member_id,
                "platform": e.platform,
                "action": e.action,
                "subject": e.subject,
                "detail": e.detail,
            }
            for e in _audit_lines(session, council_id, member.id)
        ],
    }
    audit.append(session, council_id, None, "cli", "member.exported", str(member.id), {}, now)
    return data


def _notice(notice: Notice) -> dict[str, Any]:
    return {
        "kind": notice.kind,
        "state": notice.state.value,
        "due_at": _day(notice.due_at),
        "sent_at": _day(notice.sent_at),
        "text": _message_text(notice),
    }


def _account(session: Session, identity: ChatIdentity) -> dict[str, Any]:
    """A chat account as exported, with the personal chat the bot keeps for it where it keeps one (Teams)."""
    account: dict[str, Any] = {
        "platform": identity.platform,
        "external_id": identity.external_id,
        "dm_channel": identity.dm_channel,
    }
    personal = places.personal(session, identity.platform, identity.external_id)
    if personal is not None:
        account["personal_chat"] = personal[0]
    return account


def erase(session: Session, council_id: int, member: Member, now: datetime, today: date) -> dict[str, Any]:
    """Anonymise `member` in this transaction; return what was done (counts, and cases to read by hand)."""
    name = member.name
    anonymous = texts.ERASED_MEMBER_NAME.format(id=member.id)
    reasons = 0
    for row in session.scalars(select(Attendance).where(Attendance.member_id == member.id, Attendance.reason != "")):
        row.reason = ""
        reasons += 1
    for declaration in session.scalars(
        select(ConflictDeclaration).where(ConflictDeclaration.member_id == member.id, ConflictDeclaration.reason != "")
    ):
        declaration.reason = ""
        reasons += 1
    for account in session.scalars(select(ChatIdentity).where(ChatIdentity.member_id == member.id)):
        places.forget_person(session, account.platform, account.external_id)  # their personal chats (Teams)
    identities = audit.touched(session.execute(delete(ChatIdentity).where(ChatIdentity.member_id == member.id)))
    invites = audit.touched(session.execute(delete(Invite).where(Invite.member_id == member.id)))
    to, about = _messages(session, council_id, member)
    cancelled = blanked = 0
    for notice in [*to, *about]:
        if notice.state in _NOT_SENT:
            notice.state, notice.note = NoticeState.CANCELLED, texts.NOTICE_NOTE_ERASED
            cancelled += 1
        if _message_text(notice):
            notice.payload = without_text(notice.payload) or notice.payload
            blanked += 1
    # Cases stay the organisation's; their texts are the submitter's own words and may name people, so
    # the operator is told which ones name the person, to read them (nothing is changed in them).
    named_in = sorted(
        c.label
        for c in session.scalars(select(Case).where(Case.council_id == council_id))
        if name and name.casefold() in f"{c.title}\n{c.description}\n{c.decision}".casefold()
    )
    member.name = anonymous
    member.email, member.reach, member.email_refused_at = None, "", None
    member.active = False
    if member.term_end is None or member.term_end > today:
        member.term_end = today
    summary: dict[str, Any] = {
        "reasons": reasons,
        "identities": identities,
        "invites": invites,
        "messages_cancelled": cancelled,
        "messages_blanked": blanked,
    }
    audit.append(session, council_id, None, "cli", "member.erased", str(member.id), dict(summary), now)
    return {**summary, "name": anonymous, "cases_naming_them": named_in}
