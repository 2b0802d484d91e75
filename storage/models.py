"""What the council remembers: typed SQLAlchemy 2 models, one table per domain noun.

Times are stored as naive UTC (`UtcDateTime`) so that SQLite and PostgreSQL compare them the same way;
the council's time zone is applied only when a time is shown or a local rule (a deadline day) is computed.
"""

from __future__ import annotations

import enum
import logging
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

_LOGGER = logging.getLogger(__name__)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored naive in UTC on every database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime(), dict[str, Any]: JSON()}


class Role(enum.StrEnum):
    """Roles from the mandate. Leader and deputy leader are chosen among the representatives."""

    REPRESENTATIVE = "representative"
    DEPUTY = "deputy"
    LEADER = "leader"
    DEPUTY_LEADER = "deputy_leader"
    SECRETARY = "secretary"
    OBSERVER = "observer"


class MeetingState(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class CaseState(enum.StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    DEFERRED = "deferred"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    DECIDED = "decided"


class AttendanceAnswer(enum.StrEnum):
    YES = "yes"
    NO = "no"
    PARTLY = "partly"


class NoticeState(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    SKIPPED = "skipped"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNCERTAIN = "uncertain"


def _enum(cls: type[enum.StrEnum]) -> Enum:
    # Stored as plain strings (no native enum type) so migrations stay simple on both databases.
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class Council(Base):
    __tablename__ = "councils"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Oslo")
    created_at: Mapped[datetime]

    organisations: Mapped[list[Organisation]] = relationship(back_populates="council")


class ChannelBinding(Base):
    """The chat channel(s) where a council lives: one per platform, many councils per deployment."""

    __tablename__ = "channel_bindings"
    __table_args__ = (UniqueConstraint("platform", "channel_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str] = mapped_column(String(100))


class ChatPlace(Base):
    """Where the bot may write on a platform that needs more than an id to write there unasked (Teams: a
    conversation reference, with its service URL and tenant). Learnt when the app is added to a team or a
    chat and from every message, so that the outbox can post and write to members later."""

    __tablename__ = "chat_places"
    __table_args__ = (UniqueConstraint("platform", "place_id"), Index("ix_chat_places_user", "platform", "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    place_id: Mapped[str] = mapped_column(String(400))
    # The person whose personal chat this is (None: a team channel or a group chat).
    user_id: Mapped[str | None] = mapped_column(String(200))
    # How to reach it, as the platform needs (JSON: service URL, tenant, the bot's own id).
    address: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Organisation(Base):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("council_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))

    council: Mapped[Council] = relationship(back_populates="organisations")
    members: Mapped[list[Member]] = relationship(back_populates="organisation")


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    term_start: Mapped[date | None] = mapped_column(Date)
    term_end: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    # E-mail (handlers/reach.py): the address, how the member wants notices ("" = e-mail when no chat
    # account is linked, "chat", "epost", "begge"), and when the mail server last refused the address (5xx):
    # nothing more goes to it until the secretary changes it.
    email: Mapped[str | None] = mapped_column(String(254))
    reach: Mapped[str] = mapped_column(String(10), default="", server_default="")
    email_refused_at: Mapped[datetime | None]

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")
    identities: Mapped[list[ChatIdentity]] = relationship(back_populates="member")


class ChatIdentity(Base):
    """A chat account linked to a roster entry: how a message finds its sender."""

    __tablename__ = "chat_identities"
    __table_args__ = (UniqueConstraint("platform", "external_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(100))
    # Telegram: the private chat with the bot, once the member pressed Start; None until then.
    dm_channel: Mapped[str | None] = mapped_column(String(100))

    member: Mapped[Member] = relationship(back_populates="identities")


class Invite(Base):
    """A one-time code that links a chat account to a roster entry."""

    __tablename__ = "invites"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("council_id", "number"), Index("ix_meetings_start", "start"))

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    start: Mapped[datetime]
    # When it ends, if the secretary said so (`kl 10-12`); None: not given (the calendar assumes 2½ hours).
    ends_at: Mapped[datetime | None]
    place: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[MeetingState] = mapped_column(_enum(MeetingState), default=MeetingState.PLANNED)
    agenda_published_at: Mapped[datetime | None]
    # Set once the leader posted the attendance poll; later answers then update its tally in place.
    poll_posted_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    # iCalendar SEQUENCE (handlers/calendar.py): raised on every move and on cancelling, so calendars follow.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # When the secretary began the roll call (`/mote opprop`): the meeting was held. None: not (yet) recorded.
    held_at: Mapped[datetime | None]


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("council_id", "year", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    submitter_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    state: Mapped[CaseState] = mapped_column(_enum(CaseState), default=CaseState.SUBMITTED)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]

    submitter: Mapped[Member] = relationship(foreign_keys=[submitter_id])
    organisation: Mapped[Organisation | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()

    @property
    def label(self) -> str:
        """`12/2027`: how a case number is shown."""
        return f"{self.number}/{self.year}"


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    answer: Mapped[AttendanceAnswer] = mapped_column(_enum(AttendanceAnswer))
    reason: Mapped[str] = mapped_column(Text, default="")
    # Set on a deputy's row when the representative's absence called them in.
    called_in_for_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    answered_at: Mapped[datetime]

    member: Mapped[Member] = relationship(foreign_keys=[member_id])


class DeputyCall(Base):
    """A deputy asked to stand in for an absent representative; answered by `/oppmote`."""

    __tablename__ = "deputy_calls"
    __table_args__ = (UniqueConstraint("meeting_id", "deputy_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    for_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]
    # Set when the deputy did not answer in time and the next one in the roster's order was asked.
    passed_over_at: Mapped[datetime | None]


class RollCall(Base):
    """One member at the roll call of a meeting (`/mote opprop`, handlers/rollcall.py): what the minutes say.

    `present` with `arrived_at` came late, with `left_at` left early; `*_after_item` is the agenda item
    just dealt with then (so the items missed follow from it). Absent: `forfall` says whether the member
    had sent word. A deputy's `for_member_id` is the member they stood in for."""

    __tablename__ = "roll_calls"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    present: Mapped[bool] = mapped_column(Boolean)
    forfall: Mapped[bool] = mapped_column(Boolean, default=False)
    arrived_at: Mapped[datetime | None]
    arrived_after_item: Mapped[int | None] = mapped_column(Integer)
    left_at: Mapped[datetime | None]
    left_after_item: Mapped[int | None] = mapped_column(Integer)
    for_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    recorded_at: Mapped[datetime]

    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    for_member: Mapped[Member | None] = relationship(foreign_keys=[for_member_id])


class ExtraItem(Base):
    """An item added under eventuelt in the meeting (`/mote eventuelt`, handlers/decisions.py): it follows
    the eventuelt item on the agenda, in the order added, and gets its decision like any other item."""

    __tablename__ = "extra_items"
    __table_args__ = (UniqueConstraint("meeting_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    added_at: Mapped[datetime]


class ItemDecision(Base):
    """One version of the decision under one agenda item: a new row for every change, never an update, so
    a changed decision keeps its history (who recorded each version, and when). The newest row is the
    decision the minutes show. `item_key` names the item apart from its number, which moves when a case
    joins the agenda: `innkalling`, `referat`, `evaluering`, `eventuelt`, `sak:<case id>` (with `case_id`;
    the case's own `decision` column holds the newest text too) or `ekstra:<extra item id>`."""

    __tablename__ = "item_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    item_key: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    recorded_at: Mapped[datetime]

    recorded_by: Mapped[Member | None] = relationship()


class DeclarationText(Base):
    """A version of the confidentiality declaration, identified by the hash of its exact text."""

    __tablename__ = "declaration_texts"
    __table_args__ = (UniqueConstraint("council_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class Signature(Base):
    __tablename__ = "signatures"
    __table_args__ = (UniqueConstraint("member_id", "declaration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration_texts.id"))
    signed_at: Mapped[datetime]
    platform: Mapped[str] = mapped_column(String(20))


class ConflictDeclaration(Base):
    """Habilitet: a member's own report of a conflict of interest on a case."""

    __tablename__ = "conflict_declarations"
    __table_args__ = (UniqueConstraint("case_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    reason: Mapped[str] = mapped_column(Text)
    declared_at: Mapped[datetime]

    member: Mapped[Member] = relationship()


class AuditEntry(Base):
    """Who did what, when, from which platform. Holds ids and verbs, never case text.

    Lines of one council form a hash chain: `seq` counts them (1, 2, ...) and `hash` covers the line and
    the previous line's hash (`prev_hash`), so an edited or deleted line shows in `brukerrad audit verify`.
    """

    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("council_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    platform: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(100), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime]
    # None on lines written before the chain existed (revision 0001); verify starts after them.
    seq: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


class Counter(Base):
    """A per-council sequence (case numbers of a year, meeting numbers, the audit chain's head).

    Allocated with one `INSERT … ON CONFLICT DO UPDATE SET value = value + 1 RETURNING value` in the command's
    own transaction: the row stays locked until commit, so concurrent commands in several processes get
    unique, consecutive numbers and never a unique violation. `head` holds what a chain needs next (the
    audit chain: the hash of its last line).
    """

    __tablename__ = "counters"

    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
    head: Mapped[str] = mapped_column(String(64), default="")


class PostedMessage(Base):
    """Where a post with a `ref` landed on a platform, so that posting it again edits it in place."""

    __tablename__ = "posted_messages"
    __table_args__ = (UniqueConstraint("ref", "platform"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(100))
    platform: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str] = mapped_column(String(100))
    message_id: Mapped[str] = mapped_column(String(100))


class Delivery(Base):
    """Keys of platform deliveries already handled, so a retried or repeated delivery changes nothing."""

    __tablename__ = "deliveries"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    at: Mapped[datetime]


class Notice(Base):
    """The outbox: every message the bot sends is a row before it is a message.

    Scheduled notices (`kind` such as `call_for_cases`) are rendered when they are sent, so the agenda
    shows the cases as they are then; messages caused by a command carry their text in `payload`.
    `key` is the natural unique key (council, kind, subject, due moment) that makes planning idempotent.
    """

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_due", "state", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(250), unique=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    # None: the council channel; otherwise a direct message to this member.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    due_at: Mapped[datetime]
    state: Mapped[NoticeState] = mapped_column(_enum(NoticeState), default=NoticeState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
