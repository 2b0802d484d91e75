"""The delivery port, and the sender that drains the outbox through it.

Every platform adapter (console, Slack, Telegram) implements `DeliveryPort`. The sender claims due rows
from the outbox (`storage.outbox`), renders them, sends them on each platform the council or member is
reachable on, and records the result. A row is marked `sending` (the intent) before anything is posted,
so a crash between posting and recording leaves a trace: such rows are reported as `uncertain`, never
silently sent twice (see README, "Varsler som sendes nøyaktig én gang").
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from handlers import notices, texts
from handlers.context import Context, CouncilSettings
from handlers.dispatch import Clock
from handlers.replies import Attachment, Button
from storage.db import transaction
from storage.models import ChannelBinding, ChatIdentity, Council, Notice, NoticeState, PostedMessage
from storage.outbox import claim_due, expire_abandoned

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutMessage:
    text: str
    buttons: tuple[Button, ...] = ()
    attachment: Attachment | None = None


class DeliveryError(Exception):
    """A post that did not go out. `retry_after` (seconds) when the platform said when to try again
    (HTTP 429); `permanent` when retrying cannot help (the channel is gone, the user blocked the bot)."""

    def __init__(self, message: str, *, retry_after: float | None = None, permanent: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


class DeliveryPort(Protocol):
    """What a platform adapter offers the sender.

    Implementations MUST escape all text for their markup (user text may hold `<!channel>`, `@here`,
    HTML or Markdown), MUST raise `DeliveryError` (never anything else) when a message did not go out,
    and SHOULD pass `idempotency_key` to the platform where it supports one. They MAY retry internally.
    """

    platform: str

    def post_to_channel(
        self, channel_id: str, message: OutMessage, *, idempotency_key: str, edit_message_id: str | None = None
    ) -> str:
        """Post (or edit `edit_message_id` in place) in a channel; return the platform's message id."""
        ...

    def send_direct(self, user_id: str, message: OutMessage, *, idempotency_key: str) -> str:
        """Send a private message to a user (by the platform's user id); return the message id."""
        ...


def buttons_from_payload(rows: Sequence[Sequence[str]]) -> tuple[Button, ...]:
    return tuple(Button(row[0], row[1], row[2] if len(row) > 2 else "") for row in rows)


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
        max_attempts: int = 12,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.ports = ports
        self._settings_for = settings_for
        self.worker = worker
        self.lease = lease
        self._max_attempts = max_attempts

    def drain(self, limit: int = 50) -> int:
        """Send what is due now; return how many rows were finished (sent, skipped or failed)."""
        now = self._clock.now()
        with transaction(self._sessions) as session:
            expire_abandoned(session, now)
            claimed = [row.id for row in claim_due(session, now, self.worker, self.lease, limit)]
        finished = 0
        for notice_id in claimed:
            if self._send_one(notice_id):
                finished += 1
        return finished

    def release(self) -> int:
        """Give back the rows this process claimed but has not begun to send (graceful shutdown), so
        another process takes them at once instead of after the lease."""
        with transaction(self._sessions) as session:
            rows = session.scalars(
                select(Notice).where(Notice.claimed_by == self.worker, Notice.state == NoticeState.PENDING)
            ).all()
            for row in rows:
                row.claimed_by, row.claimed_until = None, None
            return len(rows)

    def _send_one(self, notice_id: int) -> bool:
        now = self._clock.now()
        with transaction(self._sessions) as session:
            notice = session.get(Notice, notice_id)
            if notice is None or notice.state != NoticeState.PENDING or notice.claimed_by != self.worker:
                return False
            council = session.get(Council, notice.council_id)
            assert council is not None
            ctx = Context(session, council, None, now, "scheduler", self._settings_for(council))
            if notice.kind in notices.EXPANDING:
                self._expand(ctx, notice)
                return True
            rendered = render_notice(ctx, notice)
            if isinstance(rendered, str):
                notice.state = NoticeState.SKIPPED
                notice.note = rendered
                return True
            targets = self._targets(session, notice)
            if not targets:
                notice.state = NoticeState.SKIPPED
                notice.note = "Ingen kanal eller chat-konto å sende til."
                return True
            notice.state = NoticeState.SENDING
            notice.claimed_until = now + self.lease
            notice.payload = {**notice.payload, "rendered": _dump(rendered)}
            ref = notice.payload.get("ref")
            done = list(notice.payload.get("done", []))
        # Post outside any transaction: a slow platform must not hold a database lock.
        errors: list[DeliveryError] = []
        for platform, kind, address in targets:
            if f"{platform}:{address}" in done:
                continue
            try:
                self._post(platform, kind, address, rendered, notice_id, ref)
                done.append(f"{platform}:{address}")
            except DeliveryError as error:
                _LOGGER.warning("delivery failed on %s for notice %s: %s", platform, notice_id, error)
                errors.append(error)
        with transaction(self._sessions) as session:
            notice = session.get(Notice, notice_id)
            assert notice is not None
            notice.payload = {**notice.payload, "done": done}
            notice.attempts += 1
            if not errors:
                notice.state = NoticeState.SENT
                notice.sent_at = self._clock.now()
                return True
            if all(e.permanent for e in errors) or notice.attempts >= self._max_attempts:
                # Delivered on some platform (the member read it in Slack, say): that is what counts.
                notice.state = NoticeState.SENT if done else NoticeState.FAILED
                notice.sent_at = self._clock.now() if done else None
                notice.note = str(errors[0])
                return True
            retry_after = max((e.retry_after or 0.0) for e in errors)
            backoff = max(retry_after, min(2.0**notice.attempts, 900.0))
            notice.state = NoticeState.PENDING
            notice.claimed_until = None
            notice.claimed_by = None
            notice.due_at = self._clock.now() + timedelta(seconds=backoff)
            notice.note = str(errors[0])
            return False

    def _expand(self, ctx: Context, notice: Notice) -> None:
        """One row for a group of people becomes one message row per person, keyed under the parent."""
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
                        kind="message",
                        meeting_id=notice.meeting_id,
                        member_id=dm.member_id,
                        payload={"text": dm.text, "buttons": [[b.label, b.command, b.style] for b in dm.buttons]},
                        due_at=ctx.now,
                        created_at=ctx.now,
                    )
                )
        notice.state, notice.sent_at = NoticeState.SENT, ctx.now
        notice.note = texts.NOTICE_EXPANDED.format(count=len(messages))

    def _targets(self, session: Session, notice: Notice) -> list[tuple[str, str, str]]:
        if notice.member_id is None:
            bindings = session.scalars(select(ChannelBinding).where(ChannelBinding.council_id == notice.council_id))
            return [(b.platform, "channel", b.channel_id) for b in bindings if b.platform in self.ports]
        identities = session.scalars(select(ChatIdentity).where(ChatIdentity.member_id == notice.member_id))
        return [(i.platform, "direct", i.external_id) for i in identities if i.platform in self.ports]

    def _post(
        self, platform: str, kind: str, address: str, message: OutMessage, notice_id: int, ref: str | None
    ) -> None:
        port = self.ports[platform]
        key = f"notice-{notice_id}-{platform}-{address}"
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
        if edit is None:
            with transaction(self._sessions) as session:
                session.add(PostedMessage(ref=ref, platform=platform, channel_id=address, message_id=message_id))


def render_notice(ctx: Context, notice: Notice) -> OutMessage | str:
    """The message a row stands for, or a reason (str) to skip it."""
    if notice.kind == "message":
        return OutMessage(notice.payload["text"], buttons_from_payload(notice.payload.get("buttons", [])))
    rendered = notices.render(ctx, notice)
    if isinstance(rendered, str):
        return rendered
    return OutMessage(rendered.text, rendered.buttons)


def _dump(message: OutMessage) -> dict[str, object]:
    return {"text": message.text, "buttons": [[b.label, b.command, b.style] for b in message.buttons]}
