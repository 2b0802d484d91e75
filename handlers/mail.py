"""What an e-mail adds to a notice: its subject, the meeting's calendar entry (an invitation) and, with the
agenda, the notice with agenda as a document (`agenda_document`).

Platform-neutral: the outbox's sender asks here while it holds the row's transaction and hands the values to
the e-mail port (bot/email), which builds the message. Subjects are Norwegian and name the meeting's day
("Innkalling til brukerrådsmøte 14. januar").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from handlers import calendar, documents, texts
from handlers.context import Context
from handlers.dates import MONTHS
from handlers.documents import DocumentFile
from handlers.lookup import has_signed
from storage.models import Meeting, Member, Notice

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailExtras:
    subject: str
    # The meeting as a calendar entry: the agenda carries the invitation, a move its update, a cancel the
    # cancellation; None for every other mail.
    event: calendar.MeetingEvent | None = None


_WITH_INVITATION = frozenset({"agenda", "calendar_update"})


def extras(ctx: Context, notice: Notice) -> MailExtras:
    meeting = ctx.session.get(Meeting, notice.meeting_id) if notice.meeting_id is not None else None
    template = texts.EMAIL_SUBJECTS.get(notice.kind, "")
    if meeting is None:
        subject = template if template and "{day}" not in template else texts.EMAIL_SUBJECT_DEFAULT
        return MailExtras(subject.format(council=ctx.council.name))
    local = ctx.local(meeting.start)
    day = f"{local.day}. {MONTHS[local.month - 1]}"
    if notice.kind == "calendar_update" and meeting.state.value == "cancelled":
        template = texts.EMAIL_SUBJECT_CANCELLED
    subject = (template or texts.EMAIL_SUBJECT_MEETING).format(day=day, council=ctx.council.name)
    event = calendar.event_of(ctx, meeting) if notice.kind in _WITH_INVITATION else None
    return MailExtras(subject, event)


def agenda_document(ctx: Context, notice: Notice, member: Member) -> DocumentFile | None:
    """The notice with agenda the agenda e-mail carries as a PDF: the internal version for a member who
    signed the confidentiality declaration, the public one for anyone else (as `/mote innkalling` gives
    them); None for any other mail."""
    if notice.kind != "agenda" or notice.meeting_id is None:
        return None
    meeting = ctx.session.get(Meeting, notice.meeting_id)
    if meeting is None:
        return None
    doc = documents.agenda_notice(ctx, meeting, public=not has_signed(ctx, member))
    return documents.file_of(doc, "pdf")

