"""The core's one entry point: a message from any platform in, a Reply out, in one transaction.

Adapters call `Dispatcher.handle` with who wrote what where; it resolves the sender to a roster member,
drops repeated deliveries, runs the command, writes the audit log, and puts every message the command
causes into the outbox before committing (persist, then post).
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import bindparam, exc, select
from sqlalchemy.orm import Session, sessionmaker

from handlers import accounts, faults, overview, places, texts
from handlers.commands import COMMANDS, Command, open_to_strangers, parse, run
from handlers.context import Context, CouncilSettings
from handlers.errors import UserError
from handlers.privacy import has_identity_number
from handlers.replies import Button, ChannelPost, Reply
from handlers.roster import invite_code
from storage import plain
from storage.db import first_delivery, transaction
from storage.models import ChannelBinding, ChatIdentity, Council, Invite, Member, Notice
from storage.outbox import message_payload

_LOGGER = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Run on every command: built once (see handlers/lookup.py for why). Even `session.get` builds its statement
# and cache key anew each time when, as here, every command starts with an empty session.
_COUNCIL = select(Council).where(Council.id == bindparam("id"))
_BOUND_COUNCIL = select(ChannelBinding.council_id).where(
    ChannelBinding.platform == bindparam("platform"), ChannelBinding.channel_id == bindparam("channel")
)
_COUNCILS_OF_ACCOUNT = (
    select(Member.council_id)
    .join(ChatIdentity, ChatIdentity.member_id == Member.id)
    .where(ChatIdentity.platform == bindparam("platform"), ChatIdentity.external_id == bindparam("user"))
    .distinct()
)
_MEMBER_OF_ACCOUNT = (
    select(Member)
    .join(ChatIdentity, ChatIdentity.member_id == Member.id)
    .where(
        Member.council_id == bindparam("council"),
        Member.active.is_(True),
        ChatIdentity.platform == bindparam("platform"),
        ChatIdentity.external_id == bindparam("user"),
    )
)

# The sender and their council in one plain statement (storage/plain.py; the common case: a member
# writes); a stranger's council is then read on its own (`_COUNCIL`).
_MEMBER_AND_COUNCIL = plain.Load(
    Member,
    Council,
    where=lambda query: query.join(Council, Council.id == Member.council_id)
    .join(ChatIdentity, ChatIdentity.member_id == Member.id)
    .where(
        Member.council_id == bindparam("council"),
        Member.active.is_(True),
        ChatIdentity.platform == bindparam("platform"),
        ChatIdentity.external_id == bindparam("user"),
    ),
)


# A command that met a concurrent change runs again; three tries settle any realistic pile-up (each retry
# sees what the others committed), and a bug that fails every time still ends in INTERNAL_ERROR.
ATTEMPTS = 3


class Clock(Protocol):
    """Where `now` comes from. Implementations MUST return an aware datetime; tests move it, nothing sleeps."""

    def now(self) -> datetime: ...


@dataclass(frozen=True)
class Incoming:
    """One message or click, as an adapter saw it."""

    platform: str
    user_id: str
    text: str
    # None: the sender's own council, found in the command's own transaction (a private chat, which
    # belongs to no council): see `sender_council`.
    council_id: int | None
    # What identifies this delivery on the platform (Slack trigger, Telegram chat and message); None: no dedup.
    delivery_key: str | None = None
    # The adapter shows the answer where only the sender sees it (a form): an answer meant for everyone
    # (a new case) then also goes to the council's channel, through the outbox, in this transaction.
    announce: bool = False
    # Written in the sender's private chat with the bot, which has this id, on a platform where that chat
    # is what lets the bot write to them (Telegram): recorded on their account (see handlers/accounts.py).
    private_chat_id: str | None = None


class Dispatcher:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        settings_for: Callable[[Council], CouncilSettings] | None = None,
        on_commit: Callable[[], None] | None = None,
        read_sessions: sessionmaker[Session] | None = None,
    ) -> None:
        self._sessions = sessions
        # Lookups that write nothing go through these (on SQLite: without taking the write lock).
        self._read_sessions = read_sessions or sessions
        self._clock = clock
        self._settings_for = settings_for or (lambda _council: CouncilSettings())
        self.on_commit = on_commit

    def handle(self, incoming: Incoming) -> Reply | None:
        """Answer `incoming`; None when this delivery was handled before (a retry or a double click)."""
        if has_identity_number(incoming.text):
            # Before any transaction or handler: every field a person types on every platform passes here.
            # Nothing is written (not even the delivery key) and only the fact is logged.
            _LOGGER.info("refused a message holding an identity number (%s)", incoming.platform)
            return Reply(texts.IDENTITY_NUMBER_REFUSED, error=True, redact=True)
        try:
            # Control characters (NUL above all, which PostgreSQL cannot store) carry no meaning in a chat.
            command = parse(_CONTROL.sub("", incoming.text))
        except UserError as error:
            self._remember_private_chat(incoming)
            return Reply(error.message, error.buttons, error=True)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                reply = self._run(incoming, command)
            except UserError as error:
                self._remember_private_chat(incoming)  # the command's transaction, which would have, is undone
                return Reply(error.message, error.buttons, error=True)
            except exc.DBAPIError as error:
                # Check-then-insert under concurrency: another transaction took the unique key between our
                # lookup and our insert (or PostgreSQL chose us as a deadlock's or serialization's victim).
                # The whole command runs again in a new transaction, which sees the other's row and answers
                # accordingly; the delivery key was rolled back with the rest, so the retry is no duplicate.
                if faults.is_retryable(error) and attempt < ATTEMPTS:
                    _LOGGER.info(
                        "%s met a concurrent change; running it again (%s)", _label(command), faults.describe(error)
                    )
                    continue
                return self._database_failure(command, error)
            except Exception as error:
                return self._internal_error(command, error)
            if reply is not None and self.on_commit is not None and (reply.direct_messages or reply.channel_posts):
                self.on_commit()
            return reply
        raise AssertionError("unreachable: the last attempt returns")

    def _run(self, incoming: Incoming, command: Command) -> Reply | None:
        """The command in one transaction: committed when it returns, rolled back when it raises."""
        with transaction(self._sessions) as session:
            now = self._clock.now()
            if incoming.delivery_key is not None and not first_delivery(session, incoming.delivery_key, now):
                return None
            council_id = incoming.council_id
            if council_id is None:
                council_id = sender_council(session, incoming.platform, None, incoming.user_id)
                if council_id is None:
                    council_id = invited_council(session, command)
                if council_id is None:
                    raise UserError(texts.UNKNOWN_USER)
            member, council = member_and_council(session, council_id, incoming.platform, incoming.user_id)
            if council is None:
                raise UserError(texts.NO_COUNCIL_HERE)
            ctx = Context(
                session=session,
                council=council,
                member=member,
                now=now,
                platform=incoming.platform,
                settings=self._settings_for(council),
                external_id=incoming.user_id,
            )
            if member is None and not open_to_strangers(command):
                raise UserError(unknown_user_text(session, council.id))
            reply = run(ctx, command)
            if incoming.announce and not reply.private and not reply.error:
                post = ChannelPost(reply.text, reply.buttons)
                reply = replace(reply, private=True, channel_posts=(*reply.channel_posts, post))
            enqueue(ctx, reply)
            if incoming.private_chat_id is not None:  # after the command: `/start KODE` links the account
                accounts.remember_private_chat(session, incoming.platform, incoming.user_id, incoming.private_chat_id)
        return reply

    def _remember_private_chat(self, incoming: Incoming) -> None:
        """The sender's private chat, for a message the command refused (its transaction was rolled back):
        the chat is open all the same. A read first, so a stranger's messages write nothing."""
        chat = incoming.private_chat_id
        if chat is None:
            return
        try:
            with self._read_sessions() as session:
                if accounts.knows_private_chat(session, incoming.platform, incoming.user_id, chat):
                    return
            with transaction(self._sessions) as session:
                accounts.remember_private_chat(session, incoming.platform, incoming.user_id, chat)
        except exc.DBAPIError as error:  # the refusal is still the answer; the next message tries again
            _LOGGER.warning("could not record a private chat (%s)", faults.describe(error))

    def _database_failure(self, command: Command, error: exc.DBAPIError) -> Reply:
        """What the person is told when the database said no; the log names the kind, never the values
        (see handlers/faults.py: the driver's message may quote what was typed)."""
        if isinstance(error, exc.DataError):
            _LOGGER.warning("the database refused a value in %s (%s)", _label(command), faults.describe(error))
            return Reply(texts.CANNOT_STORE_TEXT, error=True)
        if isinstance(error, exc.OperationalError):
            if "full" in str(error.orig).lower():  # SQLite: "database or disk is full"
                _LOGGER.error("database full: the command was rolled back")
                return Reply(texts.STORAGE_FULL, error=True)
            ref = faults.reference()
            _LOGGER.error(
                "database unavailable (ref %s, command %s): %s\n%s",
                ref,
                _label(command),
                faults.describe(error),
                faults.safe_traceback(error),
            )
            return Reply(texts.TRY_AGAIN_SOON, error=True)
        return self._internal_error(command, error)

    def _internal_error(self, command: Command, error: BaseException) -> Reply:
        """A programming error: logged with a reference the person can quote, without its message."""
        ref = faults.reference()
        _LOGGER.error(
            "command failed (ref %s, command %s): %s\n%s",
            ref,
            _label(command),
            faults.describe(error),
            faults.safe_traceback(error),
        )
        return Reply(texts.INTERNAL_ERROR.format(ref=ref), error=True)

    def bound_council(self, platform: str, channel_id: str) -> int | None:
        """The council a shared channel is bound to, or None: a group or channel is never guessed."""
        with self._read_sessions() as session:
            return session.scalar(_BOUND_COUNCIL, {"platform": platform, "channel": channel_id})

    def council_for(self, platform: str, channel_id: str | None, user_id: str) -> int | None:
        """The council a message belongs to (see `sender_council`), in a read of its own."""
        with self._read_sessions() as session:
            return sender_council(session, platform, channel_id, user_id)

    def remember_place(
        self, platform: str, place_id: str, address: Mapping[str, Any], user_id: str | None = None
    ) -> bool:
        """Keep where the bot may write unasked (`handlers/places.py`), in a transaction of its own; True
        when it was new or changed. Two processes learning the same place at once: the loser runs again."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with transaction(self._sessions) as session:
                    return places.remember(session, platform, place_id, address, user_id, self._clock.now())
            except exc.IntegrityError:
                if attempt == ATTEMPTS:
                    raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    def place(self, platform: str, place_id: str) -> dict[str, Any] | None:
        """The address of a place the bot learnt (a channel, a chat), or None."""
        with self._read_sessions() as session:
            return places.address(session, platform, place_id)

    def personal_place(self, platform: str, user_id: str) -> tuple[str, dict[str, Any]] | None:
        """The person's personal chat with the bot and its address, or None; with `newest`, the address to
        open one at (`handlers/places.py`)."""
        with self._read_sessions() as session:
            return places.personal(session, platform, user_id)

    def newest_place(self, platform: str) -> dict[str, Any] | None:
        with self._read_sessions() as session:
            return places.newest(session, platform)

    def overview(self, platform: str, user_id: str, council_id: int | None = None) -> overview.Overview:
        """The sender's overview (`handlers/overview.py`: a platform's Home tab), in one transaction of its
        own; `council_id` None: the sender's own council, found in it (see `sender_council`). A stranger is
        told whom to ask, as every command tells them. Raises what the database raises: a platform shows
        the last overview until the next one."""
        with transaction(self._sessions) as session:  # the declaration row is made on first use: a write
            if council_id is None:
                council_id = sender_council(session, platform, None, user_id)
            council = session.scalar(_COUNCIL, {"id": council_id}) if council_id is not None else None
            if council is None:
                return overview.only(texts.OVERVIEW_NO_COUNCIL)
            member = find_member(session, council.id, platform, user_id)
            if member is None:
                return overview.only(unknown_user_text(session, council.id))
            settings = self._settings_for(council)
            ctx = Context(session, council, member, self._clock.now(), platform, settings, external_id=user_id)
            return overview.of_member(ctx)


def _label(command: Command) -> str:
    """The command for a log line: its name and verb when they are the table's own words, else `…` (a verb
    position may hold what was typed: `/habilitet 3 <grunn>`, an unknown word)."""
    spec = COMMANDS.get(command.name)
    if spec is None:
        return "/…"
    return f"/{command.name} {command.verb}" if command.verb in spec.verbs else f"/{command.name} …"


def sender_council(session: Session, platform: str, channel_id: str | None, user_id: str) -> int | None:
    """The council a message belongs to: its channel's, else the sender's only one, else the only one."""
    if channel_id is not None:
        bound = session.scalar(_BOUND_COUNCIL, {"platform": platform, "channel": channel_id})
        if bound is not None:
            return bound
    mine = session.scalars(_COUNCILS_OF_ACCOUNT, {"platform": platform, "user": user_id}).all()
    if len(mine) == 1:
        return mine[0]
    councils = session.scalars(select(Council.id).limit(2)).all()
    return councils[0] if len(councils) == 1 else None


def invited_council(session: Session, command: Command) -> int | None:
    """For a stranger in a private chat when several councils share the bot: the council of the invite
    in `/start KODE` or `/brukerrad registrer KODE` (whether the code is still good is `register`'s
    to say, in that council)."""
    if command.name == "start":
        words = command.rest.split()
    elif command.name == "brukerrad" and command.verb == "registrer":
        words = command.args.split()
    else:
        return None
    if not words:
        return None
    invite = session.get(Invite, invite_code(words[0]))
    member = session.get(Member, invite.member_id) if invite is not None else None
    return member.council_id if member is not None else None


def member_and_council(
    session: Session, council_id: int, platform: str, user_id: str
) -> tuple[Member | None, Council | None]:
    """The sender's active member row in `council_id` (None: a stranger there) and the council (None: no
    such council), with one statement when the sender is a member."""
    rows = _MEMBER_AND_COUNCIL.rows(session, {"council": council_id, "platform": platform, "user": user_id})
    if rows:
        member, council = rows[0]
        return member, council
    return None, session.scalar(_COUNCIL, {"id": council_id})  # not session.get: see _COUNCIL


def find_member(session: Session, council_id: int, platform: str, user_id: str) -> Member | None:
    return session.scalar(_MEMBER_OF_ACCOUNT, {"council": council_id, "platform": platform, "user": user_id})


def unknown_user_text(session: Session, council_id: int) -> str:
    from storage.models import Role

    names = session.scalars(
        select(Member.name).where(
            Member.council_id == council_id, Member.role == Role.SECRETARY, Member.active.is_(True)
        )
    ).all()
    who = texts.join_names(list(names)) if names else texts.THE_SECRETARY
    return texts.UNKNOWN_USER_ASK.format(who=who)


def enqueue(ctx: Context, reply: Reply) -> None:
    """Put the reply's direct messages and channel posts into the outbox, due now, in this transaction."""
    for dm in reply.direct_messages:
        _add_message(ctx, dm.member_id, dm.text, dm.buttons, None)
    for post in reply.channel_posts:
        _add_message(ctx, None, post.text, post.buttons, post.ref)


def _add_message(ctx: Context, member_id: int | None, text: str, buttons: tuple[Button, ...], ref: str | None) -> None:
    ctx.session.add(
        Notice(
            key=f"msg:{secrets.token_hex(12)}",
            council_id=ctx.council.id,
            kind="message",
            member_id=member_id,
            payload=message_payload(text, buttons, ref=ref),
            due_at=ctx.now,
            created_at=ctx.now,
        )
    )
