"""The delivery port, and the sender that drains the outbox through it.

Every platform adapter (console, Slack, Telegram) implements `DeliveryPort`. The sender claims due rows
from the outbox (`storage.outbox`), renders them, sends them on each platform the council or member is
reachable on, and records the result.

Exactly once, and the window that remains. A row is committed as `sending`, naming the one post about to
be made (`inflight`), before anything is posted; after each post the row records it as done and names the
next. So a crash (or SIGKILL) leaves at most one post per row whose fate is unknown: the one between the
platform's answer and the next commit. When its lease has run out, another sender (or this one after a
restart) reconciles the row: posts recorded done are not repeated, posts never begun are made, and the
one in flight is asked about through `DeliveryLedger` when the port can tell; when it cannot (Telegram
cannot, nor can the console), the row ends `uncertain` and `/mote varsler` says so: we prefer a notice a
person checks by hand to one posted twice. Platforms that fail or answer 429 leave the row pending with a
back-off (at least the platform's Retry-After); transient failures are retried for as long as the notice
makes sense, so nothing is dropped; only a post that can never succeed (`permanent`) ends `failed`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers import mail, notices, reach, texts
from handlers.calendar import MeetingEvent
from handlers.context import Context, CouncilSettings
from handlers.dates import format_when
from handlers.dispatch import Clock
from handlers.lookup import in_term
from handlers.replies import Attachment, Button
from storage.db import transaction
from storage.models import ChannelBinding, ChatIdentity, Council, Member, Notice, NoticeState, PostedMessage
from storage.outbox import (
    Message,
    Progress,
    buttons_from_json,
    buttons_to_json,
    claim_abandoned,
    claim_due,
    message_payload,
    only_platform,
    plan_once,
    ready_message,
    reference,
    release,
    with_rendered,
)

_LOGGER = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=15)


@dataclass(frozen=True)
class Recipient:
    """Whom a personal message is for, as the roster names them: for a platform that addresses people
    by what the roster holds (e-mail) rather than by a chat account."""

    name: str
    address: str
    council: str = ""  # whom it is from: the council's name


@dataclass(frozen=True)
class OutMessage:
    text: str
    buttons: tuple[Button, ...] = ()
    attachment: Attachment | None = None
    # For a platform with more than a text (e-mail; chat ports ignore them): a subject, the meeting as a
    # calendar entry (the agenda's invitation, a move's update, a cancellation), and the recipient.
    subject: str = ""
    event: MeetingEvent | None = None
    recipient: Recipient | None = None


class DeliveryError(Exception):
    """A post that did not go out. `retry_after` (seconds) when the platform said when to try again
    (HTTP 429); `permanent` when retrying cannot help (the channel is gone, the user blocked the bot);
    `unreachable` (permanent too) when the person never opened a private chat with the bot, which on
    Telegram a bot may not do for them: the sender then asks them in the channel (`OpenChatNote`)."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, permanent: bool = False, unreachable: bool = False
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent or unreachable
        self.unreachable = unreachable


class DeliveryPort(Protocol):
    """What a platform adapter offers the sender.

    Implementations MUST escape all text for their markup (user text may hold `<!channel>`, `@here`,
    HTML or Markdown), MUST raise `DeliveryError` (never anything else) when a message did not go out,
    and SHOULD pass `idempotency_key` to the platform where it supports one. They MAY retry internally,
    but SHOULD return or raise within the sender's lease (two minutes): a post still running after that
    is taken for one a dead process left behind.

    Ports report, the sender records: a port MUST NOT write the outbox or `PostedMessage` itself. It
    returns the id of the message that now shows the post and raises what went wrong; which posts went
    out, which message a later edit replaces, and what to tell people about a failure, the sender keeps.
    """

    platform: str

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        """Post (or edit `edit_message_id` in place) in a channel; return the platform's message id.

        When the message to edit is gone (deleted, or too old to edit), implementations SHOULD post it
        anew and return the new id: the sender then points later edits at that one."""
        ...

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        """Send a private message to a user (by the platform's user id); return the message id.

        MUST raise `DeliveryError(unreachable=True)` when the user never opened a private chat with the
        bot (and so cannot get one until they do)."""
        ...


@runtime_checkable
class OpenChatNote(Protocol):
    """Optional, for platforms where a bot may write to a person only after they opened the chat
    (Telegram's Start): the note the sender posts in the council's channel there, at most once a day per
    member, when a direct message was `unreachable`. It MUST name nothing of the message itself."""

    def open_chat_note(self, first_name: str) -> str: ...


@runtime_checkable
class DeliveryLedger(Protocol):
    """Optional, for ports that can look back: did a post with this idempotency key reach the platform?

    Used only after a crash, for the one post that was in flight. Implementations MUST return True only
    when the platform holds that post, False only when it surely does not (so posting again cannot
    duplicate it), and None when they cannot tell; they MAY raise `DeliveryError` (read as None).
    Slack could answer from message metadata in the channel's history; Telegram has no way to.
    """

    def was_delivered(self, address: str, *, idempotency_key: str) -> bool | None:
        """`address`: the channel or user id the post was made to."""
        ...


@runtime_checkable
class RecognisedRepeats(Protocol):
    """Optional, for ports whose post made again with the same idempotency key the recipient sees as the
    same message (e-mail: one Message-ID, which mail programs show once). After a crash, the one post that
    was in flight is then made again rather than left uncertain: at most one resend, recognisable as one."""

    repeats_recognised: bool


# Where a row goes: (platform, "channel" or "direct", the platform's channel or user id). E-mail is always
# "direct", its address the member's id (the address itself is looked up when sending: `Recipient`).
Target = tuple[str, str, str]


def idempotency_key(notice_id: int, platform: str, address: str) -> str:
    """The same post of the same row always carries the same key, on every attempt and in every process."""
    return f"notice-{notice_id}-{platform}-{address}"


def _label(target: Target) -> str:
    return f"{target[0]}:{target[2]}"


class Sender:
    """Drains the outbox: claim, render, mark the intent, post on every platform, record.

    `ports` maps a platform name to its adapter. A platform that fails leaves the row pending with a
    back-off (or the platform's Retry-After) and the platforms already done are remembered in the row,
    so a retry never posts twice where it already went out.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        ports: dict[str, DeliveryPort],
        settings_for: Callable[[Council], CouncilSettings],
        worker: str,
        lease: timedelta = timedelta(minutes=2),
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.ports = ports
        self._settings_for = settings_for
        self.worker = worker
        self.lease = lease

    def drain(self, limit: int = 50) -> int:
        """Send what is due now; return how many rows were finished (sent, skipped, failed, reconciled)."""
        now = self._clock.now()
        with transaction(self._sessions) as session:
            abandoned = [row.id for row in claim_abandoned(session, now, self.worker, self.lease)]
            claimed = [row.id for row in claim_due(session, now, self.worker, self.lease, limit)]
        finished = sum(1 for notice_id in abandoned if self._reconcile(notice_id))
        notes: list[str] = []  # rows planned while sending (a note asking to open the chat): due now too
        for notice_id in claimed:
            if self._send_one(notice_id, notes):
                finished += 1
        if notes:
            finished += self.drain(limit)
        return finished

    def release(self) -> int:
        """Give back the rows this process claimed but has not begun to send (graceful shutdown), so
        another process takes them at once instead of after the lease."""
        with transaction(self._sessions) as session:
            return release(session, self.worker)

    # --- one row ---------------------------------------------------------------------------------------

    def _send_one(self, notice_id: int, notes: list[str]) -> bool:
        now = self._clock.now()
        with transaction(self._sessions) as session:
            notice = session.get(Notice, notice_id, with_for_update=True)
            if notice is None or notice.state != NoticeState.PENDING or notice.claimed_by != self.worker:
                return False
            council = session.get(Council, notice.council_id)
            assert council is not None
            ctx = Context(session, council, None, now, "scheduler", self._settings_for(council))
            if notices.is_group(notice):
                self._expand(ctx, notice)
                return True
            progress = Progress.from_json(notice.payload)
            rendered = render_notice(ctx, notice)
            if isinstance(rendered, str):
                _conclude(notice, now, progress, rendered)
                return True
            targets = self._targets(session, notice)
            todo = [t for t in targets if _label(t) not in progress.handled]
            if not todo:
                _conclude(notice, now, progress, "" if targets or progress.done else texts.NOTICE_SKIP_NO_TARGET)
                return True
            notice.state = NoticeState.SENDING
            notice.claimed_until = now + self.lease
            progress = progress.begin(_label(todo[0]))
            notice.payload = progress.store(with_rendered(notice.payload, _stored(rendered)))
            ref = reference(notice.payload)
            personal = _mails(ctx, notice, rendered, todo)
        # Post outside any transaction: a slow platform must not hold a database lock.
        errors: list[tuple[Target, DeliveryError]] = []
        for index, target in enumerate(todo):
            try:
                self._post(target, personal.get(_label(target), rendered), notice_id, ref)
                progress = progress.posted(_label(target))
            except DeliveryError as error:
                _LOGGER.warning("delivery failed on %s for notice %s: %s", target[0], notice_id, error)
                errors.append((target, error))
                if error.permanent:
                    progress = progress.refused(_label(target))
            if index + 1 < len(todo):
                progress = progress.begin(_label(todo[index + 1]))
                self._record_progress(notice_id, progress)
        return self._record(notice_id, progress, errors, notes)

    def _record_progress(self, notice_id: int, progress: Progress) -> None:
        with transaction(self._sessions) as session:
            notice = session.get(Notice, notice_id, with_for_update=True)
            if notice is None or notice.state != NoticeState.SENDING or notice.claimed_by != self.worker:
                return  # taken over after our lease ran out; `_record` merges what we know at the end
            notice.payload = progress.store(notice.payload)
            notice.claimed_until = self._clock.now() + self.lease

    def _record(
        self, notice_id: int, ours: Progress, errors: list[tuple[Target, DeliveryError]], notes: list[str]
    ) -> bool:
        now = self._clock.now()
        with transaction(self._sessions) as session:
            notice = session.get(Notice, notice_id, with_for_update=True)
            assert notice is not None
            # Another sender may have reconciled the row meanwhile (this post outlived the lease): what we
            # know went out is added to what it recorded.
            progress = Progress.from_json(notice.payload).merged(ours)
            notice.payload = progress.store(notice.payload)
            done = progress.done
            notice.attempts += 1
            for target, error in errors:
                if error.unreachable and target[0] == reach.EMAIL:
                    _address_refused(session, target[2], now)  # shown in /mote varsler; not tried again
                elif error.unreachable and target[1] == "direct":
                    notes.extend(self._ask_to_open_chat(session, notice, target, now))
            transient = [error for _target, error in errors if not error.permanent]
            if not transient:
                note = ""
                if errors:
                    failed = dict.fromkeys(texts.NOTICE_PLATFORM_NAMES.get(t[0], t[0]) for t, _e in errors)
                    names = ", ".join(failed)
                    where = ", ".join(dict.fromkeys(_platform_name(label) for label in done))
                    note = texts.NOTICE_SENT_ELSEWHERE.format(done=where, failed=names, error=errors[0][1])
                    if not done:
                        note = str(errors[0][1])
                _conclude(notice, now, progress, note, skipped=False)
                return True
            # Retried for as long as the notice makes sense (rendering decides): never dropped.
            retry_after = max((e.retry_after or 0.0) for e in transient)
            doubling = timedelta(seconds=2.0 ** min(notice.attempts, 16))
            backoff = max(timedelta(seconds=retry_after), min(doubling, MAX_BACKOFF))
            notice.state = NoticeState.PENDING
            notice.claimed_by, notice.claimed_until = None, None
            notice.due_at = now + backoff
            council = session.get(Council, notice.council_id)
            tz = self._settings_for(council).tz if council is not None else None
            notice.note = texts.NOTICE_NOTE_RETRY.format(
                error=transient[0], when=format_when(notice.due_at.astimezone(tz))
            )
            return False

    def _reconcile(self, notice_id: int) -> bool:
        """A row a dead process left in `sending`: settle the post it had in flight, then let the row go
        on (the posts it never began are made; those recorded done are not repeated)."""
        with self._sessions() as session:
            notice = session.get(Notice, notice_id)
            if notice is None or notice.state != NoticeState.SENDING or notice.claimed_by != self.worker:
                return False
            inflight = Progress.from_json(notice.payload).inflight
            targets = self._targets(session, notice)
        answer: bool | None = None
        if inflight is not None:
            platform, _, address = inflight.partition(":")
            port = self.ports.get(platform)
            if isinstance(port, DeliveryLedger):
                try:
                    answer = port.was_delivered(address, idempotency_key=idempotency_key(notice_id, platform, address))
                except DeliveryError as error:
                    _LOGGER.warning("could not ask %s about notice %s: %s", platform, notice_id, error)
            if answer is None and isinstance(port, RecognisedRepeats) and port.repeats_recognised:
                answer = False  # made again with the same key, which the recipient recognises
        with transaction(self._sessions) as session:
            notice = session.get(Notice, notice_id, with_for_update=True)
            if notice is None or notice.state != NoticeState.SENDING or notice.claimed_by != self.worker:
                return False
            progress = Progress.from_json(notice.payload).settled(answer, [_label(t) for t in targets])
            _LOGGER.warning(
                "notice %s was left mid-post by a stopped process; in flight: %s, delivered: %s",
                notice_id,
                inflight,
                answer,
            )
            notice.payload = progress.store(notice.payload)
            notice.state = NoticeState.PENDING
            notice.claimed_by, notice.claimed_until = None, None
            return True

    def _expand(self, ctx: Context, notice: Notice) -> None:
        """One row for a group of people becomes one row per person, of the same kind, keyed under the
        parent; each is then sent (and retried, or skipped) on its own."""
        messages = notices.expand(ctx, notice)
        if isinstance(messages, str):
            notice.state, notice.note = NoticeState.SKIPPED, messages
            return
        for dm in messages:
            key = f"{notice.key}:u{dm.member_id}"
            if ctx.session.scalar(select(Notice.id).where(Notice.key == key)) is None:
                ctx.session.add(
                    Notice(
                        key=key,
                        council_id=notice.council_id,
                        kind=notice.kind,
                        meeting_id=notice.meeting_id,
                        member_id=dm.member_id,
                        payload=message_payload(dm.text, dm.buttons, parent=notice.key),
                        due_at=ctx.now,
                        created_at=ctx.now,
                    )
                )
        notice.state, notice.sent_at = NoticeState.SENT, ctx.now
        notice.note = texts.NOTICE_EXPANDED.format(count=len(messages))

    def _ask_to_open_chat(self, session: Session, notice: Notice, target: Target, now: datetime) -> list[str]:
        """The member never opened a private chat with the bot: forget the one we thought we had, and plan
        the note asking them to, in the council's channel on that platform. Its key names the member and
        the council's day, so it goes out once a day at most however many senders (replicas) plan it."""
        platform, _kind, address = target
        for identity in session.scalars(
            select(ChatIdentity).where(ChatIdentity.platform == platform, ChatIdentity.external_id == address)
        ):
            identity.dm_channel = None
        port = self.ports.get(platform)
        member = session.get(Member, notice.member_id) if notice.member_id is not None else None
        council = session.get(Council, notice.council_id)
        if not isinstance(port, OpenChatNote) or member is None or council is None:
            return []
        day = now.astimezone(self._settings_for(council).tz).date()
        first_name = member.name.split()[0] if member.name.split() else member.name
        key = f"{council.id}:{notices.NoticeKind.OPEN_CHAT.value}:{platform}:u{member.id}:{day.isoformat()}"
        planned = plan_once(
            session,
            key=key,
            council_id=council.id,
            kind=notices.NoticeKind.OPEN_CHAT.value,
            payload={**message_payload(port.open_chat_note(first_name), ()), "platform": platform, "member": member.id},
            due_at=now,
        )
        return [key] if planned else []

    def _targets(self, session: Session, notice: Notice) -> list[Target]:
        if notice.member_id is None:
            bindings = session.scalars(
                select(ChannelBinding)
                .where(ChannelBinding.council_id == notice.council_id)
                .order_by(ChannelBinding.platform)
            )
            only = only_platform(notice.payload)
            targets = [
                (b.platform, "channel", b.channel_id)
                for b in bindings
                if b.platform in self.ports and only in (None, b.platform)
            ]
            # The council's notices (not a tally edited in place) also go to each member who wants e-mail.
            if (
                reach.EMAIL in self.ports
                and only in (None, reach.EMAIL)
                and reference(notice.payload) is None
                and notices.by_email(notice.kind)
            ):
                targets += [(reach.EMAIL, "direct", str(m)) for m in self._mail_readers(session, notice.council_id)]
            return targets
        member = session.get(Member, notice.member_id)
        identities = list(
            session.scalars(
                select(ChatIdentity).where(ChatIdentity.member_id == notice.member_id).order_by(ChatIdentity.id)
            )
        )
        return self._reachable(member, identities)

    def _reachable(self, member: Member | None, identities: list[ChatIdentity]) -> list[Target]:
        """Where a member's personal messages go: their chats, their e-mail or both, as they wish
        (handlers/reach.py), among the platforms this process serves."""
        chats = [i for i in identities if i.platform in self.ports and i.platform != reach.EMAIL]
        mailable = (
            member is not None
            and reach.EMAIL in self.ports
            and reach.mailable(member)
            and any(i.platform == reach.EMAIL for i in identities)
        )
        by_chat, by_mail = reach.routes(member.reach if member is not None else "", bool(chats), mailable)
        targets = [(i.platform, "direct", i.external_id) for i in chats] if by_chat else []
        if by_mail and member is not None:
            targets.append((reach.EMAIL, "direct", str(member.id)))
        return targets

    def _mail_readers(self, session: Session, council_id: int) -> list[int]:
        """The council's members (active, in their term) who get its notices by e-mail."""
        council = session.get(Council, council_id)
        if council is None:
            return []
        today = self._clock.now().astimezone(self._settings_for(council).tz).date()
        members = list(
            session.scalars(
                select(Member)
                .where(
                    Member.council_id == council_id,
                    Member.active.is_(True),
                    Member.email.is_not(None),
                    Member.email_refused_at.is_(None),
                    in_term(today),
                )
                .order_by(Member.id)
            )
        )
        accounts: dict[int, list[ChatIdentity]] = {m.id: [] for m in members}
        for identity in session.scalars(select(ChatIdentity).where(ChatIdentity.member_id.in_(list(accounts)))):
            accounts[identity.member_id].append(identity)
        return [
            m.id for m in members if (reach.EMAIL, "direct", str(m.id)) in self._reachable(m, accounts[m.id])
        ]

    def _post(self, target: Target, message: OutMessage, notice_id: int, ref: str | None) -> None:
        platform, kind, address = target
        port = self.ports[platform]
        key = idempotency_key(notice_id, platform, address)
        if kind == "direct":
            port.send_direct(address, message, idempotency_key=key)
            return
        if ref is None:
            port.post_to_channel(address, message, idempotency_key=key)
            return
        with self._sessions() as session:
            posted = session.scalar(
                select(PostedMessage).where(PostedMessage.ref == ref, PostedMessage.platform == platform)
            )
            edit = posted.message_id if posted is not None else None
        message_id = port.post_to_channel(address, message, idempotency_key=key, edit_message_id=edit)
        if message_id == edit:
            return
        with transaction(self._sessions) as session:
            if edit is None:
                session.add(PostedMessage(ref=ref, platform=platform, channel_id=address, message_id=message_id))
                return
            # The message to edit was gone and the port posted it anew: later edits go to the new one.
            for moved in session.scalars(
                select(PostedMessage).where(PostedMessage.ref == ref, PostedMessage.platform == platform)
            ):
                moved.message_id = message_id


def render_notice(ctx: Context, notice: Notice) -> OutMessage | str:
    """The message a row stands for, or a reason (str) to skip it.

    A row carries its text when a command wrote it, when it is one person's share of a group notice, or
    when an earlier attempt rendered it; then only whether it still makes sense is asked. Otherwise the
    notice is rendered now (once: the agenda is published by its rendering).
    """
    stale = notices.collapsed(ctx, notice)  # piled up while the bot was away: the same reminder goes once
    if stale:
        return stale
    snapshot = ready_message(notice.payload)
    if snapshot is not None:
        reason = notices.obsolete(ctx, notice)
        if reason:
            return reason
        return OutMessage(snapshot.text, tuple(Button(*stored) for stored in snapshot.buttons))
    rendered = notices.render(ctx, notice)
    if isinstance(rendered, str):
        return rendered
    return OutMessage(rendered.text, rendered.buttons)


def _mails(ctx: Context, notice: Notice, rendered: OutMessage, todo: list[Target]) -> dict[str, OutMessage]:
    """The e-mails among `todo`, each with its subject, calendar entry and recipient (label → message)."""
    mails = [t for t in todo if t[0] == reach.EMAIL]
    if not mails:
        return {}
    extras = mail.extras(ctx, notice)
    out: dict[str, OutMessage] = {}
    made: dict[str, Attachment] = {}  # each version of the agenda's document is rendered once a row
    for target in mails:
        member = ctx.session.get(Member, int(target[2]))
        if member is None or not member.email:
            continue  # the address was removed since: the port refuses a message with no recipient
        recipient = Recipient(member.name, member.email, ctx.council.name)
        attachment = rendered.attachment
        document = mail.agenda_document(ctx, notice, member)
        if document is not None:
            if document.stem not in made:
                from bot.documents import as_attachment

                made[document.stem] = as_attachment(document)
            attachment = made[document.stem]
        out[_label(target)] = replace(
            rendered, subject=extras.subject, event=extras.event, recipient=recipient, attachment=attachment
        )
    return out


def _address_refused(session: Session, member_id: str, now: datetime) -> None:
    """The mail server refused the member's address for good (5xx): recorded on the member, so that
    `/mote varsler` shows it to the secretary and nothing more is sent to it until it is changed."""
    member = session.get(Member, int(member_id))
    if member is not None and member.email_refused_at is None:
        member.email_refused_at = now


def _conclude(
    notice: Notice,
    now: datetime,
    progress: Progress,
    note: str,
    *,
    skipped: bool = True,
) -> None:
    """The row's last state: sent if it went out anywhere for sure, uncertain if it may have, failed if
    it never can, skipped (with the reason) if it no longer made sense before it went anywhere."""
    if progress.uncertain:
        where = ", ".join(dict.fromkeys(_platform_name(label) for label in progress.uncertain))
        notice.state, notice.note = NoticeState.UNCERTAIN, texts.NOTICE_NOTE_UNCERTAIN.format(where=where)
    elif progress.done:
        notice.state, notice.note = NoticeState.SENT, note
        notice.sent_at = notice.sent_at or now
    elif progress.failed or not skipped:
        notice.state, notice.note = NoticeState.FAILED, note or notice.note
    else:
        notice.state, notice.note = NoticeState.SKIPPED, note
    notice.claimed_by, notice.claimed_until = None, None


def _platform_name(label: str) -> str:
    """`email:12` → «e-post»: where a post went, as `/mote varsler` names it (once per platform)."""
    platform = label.split(":")[0]
    return texts.NOTICE_PLATFORM_NAMES.get(platform, platform)


def _stored(message: OutMessage) -> Message:
    return Message(message.text, buttons_from_json(buttons_to_json(message.buttons)))
